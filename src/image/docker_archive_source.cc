#include "image/docker_archive_source.h"

#include <optional>

#include "image/docker_manifest.h"
#include "image/image_config.h"
#include "image/oci_manifest.h"
#include "image/oci_resolver.h"

namespace hullscan::image {

namespace {

// "blobs/<alg>/<hex>" -> the digest, for Docker >= 25 member names; nullopt for other names.
Result<std::optional<Digest>> DigestFromBlobName(std::string_view name) {
  auto norm = NormalizeMemberName(name);
  if (!norm) return MakeError(std::move(norm).error());
  std::string_view n = *norm;
  if (n.rfind("blobs/", 0) != 0) return std::optional<Digest>();
  n.remove_prefix(6);
  size_t slash = n.find('/');
  if (slash == std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, "member '" + std::string(name.substr(0, 200)) + "' is not blobs/<alg>/<hex>");
  }
  auto d = Digest::Parse(std::string(n.substr(0, slash)) + ":" + std::string(n.substr(slash + 1)));
  if (!d) return MakeError(std::move(d).error().WithContext("member '" + std::string(name.substr(0, 200)) + "'"));
  return std::optional<Digest>(std::move(*d));
}

// "<hex>.json" or "<hex>.tar" at the top level -> "sha256:<hex>"; "" for other names.
std::string DigestFromClassicName(std::string_view name, std::string_view ext) {
  if (name.size() != 64 + ext.size() || name.substr(64) != ext) return "";
  auto d = Digest::Parse("sha256:" + std::string(name.substr(0, 64)));
  return d ? d->str() : "";
}

}  // namespace

Result<std::unique_ptr<ImageSource>> DockerArchiveSource::Open(const ImageRef& ref, const SourceOptions& opts) {
  const Limits& limits = opts.limits;
  HS_ASSIGN_OR_RETURN(std::unique_ptr<TarLayoutFs> fs, TarLayoutFs::Open(ref.path, limits));
  auto text = fs->ReadSmall("manifest.json", limits.max_metadata_bytes);
  if (!text) {
    if (text.error().code() == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "manifest.json not found in " + ref.path + " (not a docker-archive?)");
    }
    return MakeError(text.error());
  }
  const std::string what = ref.path + ":manifest.json";
  HS_ASSIGN_OR_RETURN(std::vector<DockerManifestEntry> entries, ParseDockerManifest(*text, what));
  HS_ASSIGN_OR_RETURN(size_t chosen, SelectDockerManifestEntry(entries, ref.tag, ref.path));
  const DockerManifestEntry& entry = entries[chosen];

  model::ImageInfo info;
  std::vector<LayerBlob> blobs;
  HS_ASSIGN_OR_RETURN(std::optional<Digest> config_blob, DigestFromBlobName(entry.config));

  // Docker >= 25: the OCI manifest in the same archive describes the image fully.
  bool resolved = false;
  if (config_blob && fs->Exists("index.json")) {
    auto r = ResolveOciImageByConfig(*fs, *config_blob, limits, ref.path);
    if (!r && r.error().code() != ErrorCode::kNotFound) return MakeError(r.error());
    if (r) {
      if (r->blobs.size() != entry.layers.size()) {
        return MakeError(ErrorCode::kCorrupt, what + ": lists " + std::to_string(entry.layers.size()) +
                                                  " layers but the OCI manifest has " + std::to_string(r->blobs.size()));
      }
      for (size_t i = 0; i < entry.layers.size(); ++i) {
        HS_ASSIGN_OR_RETURN(std::optional<Digest> ld, DigestFromBlobName(entry.layers[i]));
        if (!ld || ld->str() != r->blobs[i].expected) {
          return MakeError(ErrorCode::kCorrupt, what + ": layer " + std::to_string(i) + " '" +
                                                    entry.layers[i].substr(0, 200) + "' differs from the OCI manifest's " +
                                                    r->blobs[i].expected);
        }
      }
      info = std::move(r->info);
      blobs = std::move(r->blobs);
      resolved = true;
    }
  }

  if (!resolved) {
    // Classic layout (or a Docker >= 25 archive without a usable index.json).
    std::string expected_config = config_blob ? config_blob->str() : DigestFromClassicName(entry.config, ".json");
    auto config_bytes = ReadVerified(*fs, entry.config, expected_config, -1, limits.max_metadata_bytes,
                                     "config '" + entry.config.substr(0, 200) + "'");
    if (!config_bytes) return MakeError(std::move(config_bytes).error().WithContext(ref.path));
    HS_ASSIGN_OR_RETURN(ImageConfig config, ParseImageConfig(*config_bytes, ref.path + ":" + entry.config));
    if (config.diff_ids.size() != entry.layers.size()) {
      return MakeError(ErrorCode::kCorrupt, what + ": lists " + std::to_string(entry.layers.size()) +
                                                " layers but the config has " + std::to_string(config.diff_ids.size()) +
                                                " rootfs.diff_ids");
    }
    info.config_digest = expected_config.empty() ? Sha256Of(*config_bytes) : expected_config;
    const size_t n = entry.layers.size();
    for (size_t i = 0; i < n; ++i) {
      const std::string& name = entry.layers[i];
      std::string lwhat = "layer " + std::to_string(i) + "/" + std::to_string(n) + " '" + name.substr(0, 200) + "'";
      HS_ASSIGN_OR_RETURN(std::optional<Digest> ld, DigestFromBlobName(name));
      std::string digest = ld ? ld->str() : config.diff_ids[i];
      std::string named = ld ? "" : DigestFromClassicName(name, ".tar");
      if (!named.empty() && named != config.diff_ids[i]) {
        return MakeError(ErrorCode::kCorrupt, what + ": " + lwhat + " is not rootfs.diff_ids[" + std::to_string(i) +
                                                  "] " + config.diff_ids[i]);
      }
      auto size = fs->Stat(name);
      if (!size) {
        if (size.error().code() == ErrorCode::kNotFound) {
          return MakeError(ErrorCode::kNotFound, lwhat + " not found in " + ref.path + ": " + size.error().message());
        }
        return MakeError(size.error().WithContext(lwhat));
      }
      model::LayerInfo li;
      li.index = static_cast<int>(i);
      li.digest = digest;
      li.media_type = std::string(ld ? kOciLayerTarType : kDockerLayerTarType);
      li.compressed_size_bytes = static_cast<int64_t>(*size);
      info.layers.push_back(std::move(li));
      blobs.push_back(LayerBlob{name, digest});
    }
    HS_RETURN_IF_ERROR(ApplyConfig(config, &info));
  }
  info.ref = ref.original;
  info.source_kind = std::string(ImageRefKindName(ImageRef::Kind::kDockerArchive));
  info.repo_tags = entry.repo_tags;
  return std::unique_ptr<ImageSource>(new DockerArchiveSource(std::move(fs), std::move(info), std::move(blobs)));
}

}  // namespace hullscan::image
