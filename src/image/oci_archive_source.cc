#include "image/oci_archive_source.h"

#include "image/oci_layout_source.h"
#include "image/oci_resolver.h"

namespace hullscan::image {

Result<std::unique_ptr<ImageSource>> OciArchiveSource::Open(const ImageRef& ref, const SourceOptions& opts) {
  HS_ASSIGN_OR_RETURN(OciSelector sel, MakeOciSelector(ref, opts));
  HS_ASSIGN_OR_RETURN(std::unique_ptr<TarLayoutFs> fs, TarLayoutFs::Open(ref.path, opts.limits));
  HS_ASSIGN_OR_RETURN(ResolvedImage r, ResolveOciImage(*fs, sel, opts.limits, ref.path));
  r.info.ref = ref.original;
  r.info.source_kind = std::string(ImageRefKindName(ImageRef::Kind::kOciArchive));
  return std::unique_ptr<ImageSource>(new OciArchiveSource(std::move(fs), std::move(r.info), std::move(r.blobs)));
}

}  // namespace hullscan::image
