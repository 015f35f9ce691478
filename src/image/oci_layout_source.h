// OciLayoutSource: an OCI image layout in a directory ("oci:PATH[:TAG|@DIGEST]"): oci-layout,
// index.json and blobs/<alg>/<hex> (https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md).
// The image is chosen as ResolveOciImage (oci_resolver.h) describes; layer blobs are read in place.
// Thread-safety: as ImageSource.
#pragma once

#include <memory>

#include "image/image_source.h"
#include "image/layout_image_source.h"
#include "image/oci_resolver.h"

namespace hullscan::image {

class OciLayoutSource final : public LayoutImageSource {
 public:
  using LayoutImageSource::LayoutImageSource;
  /// Errors: as ImageSource::Open.
  static Result<std::unique_ptr<ImageSource>> Open(const ImageRef& ref, const SourceOptions& opts);
};

/// The OciSelector for a reference and options (kInvalidArgument for a malformed platform).
Result<OciSelector> MakeOciSelector(const ImageRef& ref, const SourceOptions& opts);

}  // namespace hullscan::image
