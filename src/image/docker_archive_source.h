// DockerArchiveSource: the tar written by `docker save` / `skopeo copy docker-archive:`
// ("docker-archive:PATH[:REPO_TAG]"). Both layouts of manifest.json are read (docker_manifest.h):
//  - classic (Docker <= 24, skopeo): "<hex>.json" config and uncompressed "<diffid>.tar" or
//    "<id>/layer.tar" layers (skopeo writes the latter as symlinks to the former; links between
//    members are followed). The layer digest is its diff_id (the tar is not compressed), and
//    there is no manifest blob, so manifest_digest stays "".
//  - Docker >= 25: "blobs/sha256/<hex>" members of an OCI layout in the same archive. The OCI
//    manifest whose config is the entry's config supplies manifest digest and media types; the
//    entry's layer list must agree with it.
// The config is verified against the digest in its name; every layer stream against its digest.
// Thread-safety: as ImageSource.
#pragma once

#include <memory>

#include "image/image_source.h"
#include "image/layout_image_source.h"

namespace hullscan::image {

class DockerArchiveSource final : public LayoutImageSource {
 public:
  using LayoutImageSource::LayoutImageSource;
  /// Errors: as ImageSource::Open; kInvalidArgument when the archive holds several images and
  /// the reference names none of them.
  static Result<std::unique_ptr<ImageSource>> Open(const ImageRef& ref, const SourceOptions& opts);
};

}  // namespace hullscan::image
