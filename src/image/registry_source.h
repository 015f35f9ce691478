// RegistrySource: an image pulled from an OCI distribution registry (registry/client.h):
// the manifest by tag or digest (an index or manifest list resolved to SourceOptions::platform),
// the config read whole, and each layer streamed from the network into the one-pass layer
// pipeline, never stored. Every manifest, the config and every layer blob are digest-checked.
// info() is filled exactly as for the other sources (ImageConfig history -> created_by).
//
// Registry options (credentials, CA, insecure registries, cache dir) come in
// SourceOptions::registry. With a cache dir, what a reference resolved to is kept there
// (registry/manifest_cache.h): a rescan of a tag sends one HEAD for the manifest and reuses the
// cached manifest and config when the registry's Docker-Content-Digest is unchanged; a
// digest-pinned reference sends no request at all until a layer must be read (the client is
// created lazily: layers found in the layer cache are never downloaded).
// Thread-safety: after Open(), info() is immutable and OpenLayer() may be called concurrently.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "image/image_source.h"
#include "registry/client.h"

namespace hullscan::image {

class RegistrySource final : public ImageSource {
 public:
  /// REQUIRES: ref.kind == kRegistry. Errors: kInvalidArgument (bad reference, platform not in
  /// the index: the message lists those present), kNetwork/kAuth (see registry::Client),
  /// kCorrupt (digest mismatch, bad JSON), kUnsupported (media types), kLimitExceeded.
  static Result<std::unique_ptr<ImageSource>> Open(const ImageRef& ref, const SourceOptions& opts);

  const model::ImageInfo& info() const override { return info_; }
  /// The layer blob streamed from the registry; kCorrupt at its end on a digest mismatch.
  Result<std::unique_ptr<ByteSource>> OpenLayer(size_t index) override;

  /// Whether Open() took the manifest and config from the metadata cache.
  bool metadata_from_cache() const { return metadata_from_cache_; }

 private:
  RegistrySource(registry::Reference rref, registry::ClientOptions copts, std::unique_ptr<registry::Client> client,
                 model::ImageInfo info, std::vector<Digest> digests, bool from_cache)
      : rref_(std::move(rref)), copts_(std::move(copts)), client_(std::move(client)), info_(std::move(info)),
        digests_(std::move(digests)), metadata_from_cache_(from_cache) {}
  /// The client, created on first use.
  Result<registry::Client*> GetClient();

  registry::Reference rref_;
  registry::ClientOptions copts_;
  std::mutex mu_;
  std::unique_ptr<registry::Client> client_;  ///< guarded by mu_ until created
  model::ImageInfo info_;
  std::vector<Digest> digests_;
  bool metadata_from_cache_;
};

}  // namespace hullscan::image
