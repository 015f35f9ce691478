// OciArchiveSource: an OCI image layout stored in an uncompressed tar ("oci-archive:PATH[:TAG]",
// as skopeo and buildkit write it). The archive's headers are indexed once (TarIndex); index.json,
// manifests and configs are read as byte ranges of the archive and layer blobs are streamed from
// their ranges, so nothing is extracted to disk. Selection as ResolveOciImage (oci_resolver.h).
// Thread-safety: as ImageSource.
#pragma once

#include <memory>

#include "image/image_source.h"
#include "image/layout_image_source.h"

namespace hullscan::image {

class OciArchiveSource final : public LayoutImageSource {
 public:
  using LayoutImageSource::LayoutImageSource;
  /// Errors: as ImageSource::Open; a malformed archive is kCorrupt.
  static Result<std::unique_ptr<ImageSource>> Open(const ImageRef& ref, const SourceOptions& opts);
};

}  // namespace hullscan::image
