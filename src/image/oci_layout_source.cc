#include "image/oci_layout_source.h"

namespace hullscan::image {

Result<OciSelector> MakeOciSelector(const ImageRef& ref, const SourceOptions& opts) {
  OciSelector sel;
  sel.tag = ref.tag;
  sel.digest = ref.digest;
  if (!opts.platform.empty()) {
    HS_ASSIGN_OR_RETURN(sel.platform, ParsePlatform(opts.platform));
  }
  return sel;
}

Result<std::unique_ptr<ImageSource>> OciLayoutSource::Open(const ImageRef& ref, const SourceOptions& opts) {
  HS_ASSIGN_OR_RETURN(OciSelector sel, MakeOciSelector(ref, opts));
  auto fs = std::make_unique<DirLayoutFs>(ref.path);
  HS_ASSIGN_OR_RETURN(ResolvedImage r, ResolveOciImage(*fs, sel, opts.limits, ref.path));
  r.info.ref = ref.original;
  r.info.source_kind = std::string(ImageRefKindName(ImageRef::Kind::kOciLayout));
  return std::unique_ptr<ImageSource>(new OciLayoutSource(std::move(fs), std::move(r.info), std::move(r.blobs)));
}

}  // namespace hullscan::image
