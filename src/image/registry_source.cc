#include "image/registry_source.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "base/digest.h"
#include "base/log.h"

#include "image/image_config.h"
#include "image/oci_manifest.h"
#include "image/oci_resolver.h"
#include "registry/manifest_cache.h"

namespace hullscan::image {

namespace {

// ImageInfo and layer digests from an image manifest and its config (as BuildResolvedImage
// does for layouts). The config must match the manifest's descriptor (size and digest).
Result<model::ImageInfo> BuildInfo(const ImageRef& ref, const registry::Reference& rref, const std::string& manifest,
                                   const std::string& manifest_digest, const std::string& config_blob,
                                   std::vector<Digest>* digests) {
  const std::string name = rref.str();
  HS_ASSIGN_OR_RETURN(OciManifest m, ParseOciManifest(manifest, name + ": manifest " + manifest_digest));
  const Descriptor& cd = m.config;
  if (cd.size_bytes >= 0 && config_blob.size() != static_cast<uint64_t>(cd.size_bytes)) {
    return MakeError(ErrorCode::kCorrupt, name + ": config " + cd.digest.str() + " is " +
                                              std::to_string(config_blob.size()) + " bytes, the manifest says " +
                                              std::to_string(cd.size_bytes));
  }
  Hasher h(cd.digest.algorithm);
  h.Update(config_blob.data(), config_blob.size());
  if (h.Finish() != cd.digest.str()) {
    return MakeError(ErrorCode::kCorrupt, name + ": config " + cd.digest.str() + ": digest mismatch");
  }
  HS_ASSIGN_OR_RETURN(ImageConfig config, ParseImageConfig(config_blob, "config " + cd.digest.str()));
  model::ImageInfo info;
  info.ref = ref.original;
  info.source_kind = std::string(ImageRefKindName(ImageRef::Kind::kRegistry));
  info.manifest_digest = manifest_digest;
  info.config_digest = cd.digest.str();
  if (!rref.tag.empty()) info.repo_tags.push_back(rref.registry + "/" + rref.repository + ":" + rref.tag);
  digests->clear();
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const Descriptor& d = m.layers[i];
    model::LayerInfo li;
    li.index = static_cast<int>(i);
    li.digest = d.digest.str();
    li.media_type = d.media_type;
    li.compressed_size_bytes = d.size_bytes;
    info.layers.push_back(std::move(li));
    digests->push_back(d.digest);
  }
  HS_RETURN_IF_ERROR(ApplyConfig(config, &info).map_error(
      [&](Error e) { return std::move(e).WithContext("config " + cd.digest.str()); }));
  return info;
}

}  // namespace

Result<std::unique_ptr<ImageSource>> RegistrySource::Open(const ImageRef& ref, const SourceOptions& opts) {
  HS_ASSIGN_OR_RETURN(registry::Reference rref, registry::ParseReference(ref.path));
  Platform want;
  if (!opts.platform.empty()) {
    HS_ASSIGN_OR_RETURN(want, ParsePlatform(opts.platform));
  }
  registry::ClientOptions copts = opts.registry;
  copts.max_manifest_bytes = std::min<uint64_t>(copts.max_manifest_bytes, opts.limits.max_metadata_bytes);
  const std::string name = rref.str();
  const std::string cache_key = name + "|" + opts.platform;
  std::unique_ptr<registry::Client> client;
  std::vector<Digest> digests;

  // Metadata cache: a digest-pinned reference needs no request; a tag one HEAD. When the HEAD
  // does not settle it (no Docker-Content-Digest, or a new digest), the cached config still
  // serves if the manifest read again names it.
  std::optional<registry::CachedManifest> cached = registry::LoadCachedManifest(copts.cache_dir, cache_key);
  if (cached) {
    bool current = !rref.digest.empty();
    if (!current) {
      HS_ASSIGN_OR_RETURN(client, registry::Client::Create(rref, copts));
      HS_ASSIGN_OR_RETURN(std::string now, client->HeadManifest(rref.tag));
      current = !now.empty() && now == cached->top_digest;
    }
    if (current) {
      auto info = BuildInfo(ref, rref, cached->manifest, cached->manifest_digest, cached->config, &digests);
      if (info) {
        HS_LOG(kInfo, "registry manifest from cache", {{"ref", name}, {"digest", cached->manifest_digest}});
        return std::unique_ptr<ImageSource>(
            new RegistrySource(rref, copts, std::move(client), std::move(*info), std::move(digests), true));
      }
    }
  }
  if (!client) {
    HS_ASSIGN_OR_RETURN(client, registry::Client::Create(rref, copts));
  }

  // Tag or digest -> (indexes, platform) -> image manifest.
  HS_ASSIGN_OR_RETURN(registry::Client::Manifest doc, client->GetManifest(rref.ManifestRef()));
  const std::string top_digest = doc.digest;
  std::string type = doc.media_type;
  if (!IsIndexMediaType(type) && !IsManifestMediaType(type)) {
    HS_ASSIGN_OR_RETURN(type, SniffMediaType(doc.body, name));
  }
  for (int depth = 0; IsIndexMediaType(type); ++depth) {
    if (depth >= opts.limits.max_index_depth) {
      return MakeError(ErrorCode::kLimitExceeded, name + ": image indexes nested deeper than " +
                                                      std::to_string(opts.limits.max_index_depth) + " levels");
    }
    const std::string where = name + ": index " + doc.digest;
    HS_ASSIGN_OR_RETURN(OciIndex index, ParseOciIndex(doc.body, where));
    HS_ASSIGN_OR_RETURN(Descriptor d, ChooseManifest(index.manifests, want, where));
    HS_ASSIGN_OR_RETURN(doc, client->GetManifest(d.digest.str()));
    if (static_cast<int64_t>(doc.body.size()) != d.size_bytes) {
      return MakeError(ErrorCode::kCorrupt, where + ": manifest " + d.digest.str() + " is " +
                                                std::to_string(doc.body.size()) + " bytes, the index says " +
                                                std::to_string(d.size_bytes));
    }
    type = !d.media_type.empty() ? d.media_type : doc.media_type;
    if (!IsIndexMediaType(type) && !IsManifestMediaType(type)) {
      HS_ASSIGN_OR_RETURN(type, SniffMediaType(doc.body, where));
    }
  }
  if (!IsManifestMediaType(type)) {
    return MakeError(ErrorCode::kUnsupported, name + ": unsupported manifest mediaType '" + type.substr(0, 100) + "'");
  }
  HS_ASSIGN_OR_RETURN(OciManifest m, ParseOciManifest(doc.body, name + ": manifest " + doc.digest));
  const Descriptor& cd = m.config;
  std::string config_blob;
  if (cached && static_cast<int64_t>(cached->config.size()) == cd.size_bytes &&
      Sha256Of(cached->config) == cd.digest.str()) {
    config_blob = std::move(cached->config);
  } else {
    HS_ASSIGN_OR_RETURN(config_blob, client->ReadBlob(cd.digest, cd.size_bytes, opts.limits.max_metadata_bytes));
  }
  HS_ASSIGN_OR_RETURN(model::ImageInfo info, BuildInfo(ref, rref, doc.body, doc.digest, config_blob, &digests));
  if (!copts.cache_dir.empty()) {
    registry::CachedManifest e;
    e.key = cache_key;
    e.top_digest = top_digest;
    e.manifest = doc.body;
    e.manifest_digest = doc.digest;
    e.manifest_media_type = type;
    e.config = std::move(config_blob);
    // sha256 only: the cache re-hashes manifests with sha256 when loading.
    if (Sha256Of(e.manifest) == e.manifest_digest) {
      Status st = registry::StoreCachedManifest(copts.cache_dir, e);
      if (!st) HS_LOG(kWarn, "registry manifest cache write failed", {{"error", st.error().message()}});
    }
  }
  return std::unique_ptr<ImageSource>(
      new RegistrySource(rref, copts, std::move(client), std::move(info), std::move(digests), false));
}

Result<registry::Client*> RegistrySource::GetClient() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!client_) {
    HS_ASSIGN_OR_RETURN(client_, registry::Client::Create(rref_, copts_));
  }
  return client_.get();
}

Result<std::unique_ptr<ByteSource>> RegistrySource::OpenLayer(size_t index) {
  if (index >= digests_.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "layer index " + std::to_string(index) + " out of range (image has " +
                                                      std::to_string(digests_.size()) + " layers)");
  }
  std::string what = "layer " + std::to_string(index) + "/" + std::to_string(digests_.size()) + " " + digests_[index].str();
  auto client = GetClient();
  if (!client) return MakeError(std::move(client).error().WithContext(what));
  auto blob = (*client)->OpenBlob(digests_[index], info_.layers[index].compressed_size_bytes);
  if (!blob) return MakeError(std::move(blob).error().WithContext(what));
  return blob;
}

}  // namespace hullscan::image
