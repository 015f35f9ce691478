#include "image/oci_resolver.h"

#include <optional>

#include "image/docker_manifest.h"
#include "image/image_config.h"

namespace hullscan::image {

namespace {

constexpr std::string_view kContainerdNameAnnotation = "io.containerd.image.name";
constexpr int kMaxDocuments = 4096;

bool IsAttestation(const Descriptor& d) {
  if (d.has_platform && d.platform.os == "unknown" && d.platform.architecture == "unknown") return true;
  auto it = d.annotations.find("vnd.docker.reference.type");
  return it != d.annotations.end() && it->second == "attestation-manifest";
}

bool PlatformMatches(const Platform& have, const Platform& want) {
  if (have.os != want.os || have.architecture != want.architecture) return false;
  if (want.variant.empty() || have.variant == want.variant) return true;
  // arm64's only variant is v8; manifests often omit it (containerd platforms.Normalize).
  return want.architecture == "arm64" && want.variant == "v8" && have.variant.empty();
}

std::string Short(const Digest& d) { return d.str(); }

struct Walker {
  const LayoutFs& fs;
  const Limits& limits;
  std::string layout_name;
  Platform want;
  /// Index trees may list the same nested index many times; this bounds the documents read.
  mutable int documents_left = kMaxDocuments;

  // Reads a descriptor's blob whole, with size and digest checked.
  Result<std::string> ReadBlob(const Descriptor& d, std::string_view kind) const {
    if (--documents_left < 0) {
      return MakeError(ErrorCode::kLimitExceeded, layout_name + ": more than " + std::to_string(kMaxDocuments) +
                                                      " manifests and indexes to read");
    }
    if (static_cast<uint64_t>(d.size_bytes) > limits.max_metadata_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, std::string(kind) + " " + Short(d.digest) + " of " +
                                                      std::to_string(d.size_bytes) + " bytes is over the metadata limit");
    }
    return ReadVerified(fs, BlobPath(d.digest), d.digest.str(), d.size_bytes, limits.max_metadata_bytes,
                        std::string(kind) + " " + Short(d.digest));
  }

  Result<std::string> MediaTypeOf(const Descriptor& d, const std::string& blob) const {
    if (!d.media_type.empty()) return d.media_type;
    return SniffMediaType(blob, "blob " + Short(d.digest));
  }

  Result<OciIndex> ReadTopIndex() const {
    auto text = fs.ReadSmall("index.json", limits.max_metadata_bytes);
    if (!text) {
      if (text.error().code() == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, "index.json not found in " + layout_name + " (not an OCI layout?)");
      }
      return MakeError(text.error());
    }
    return ParseOciIndex(*text, layout_name + ": index.json");
  }

  Result<Descriptor> Choose(const std::vector<Descriptor>& all, std::string_view where) const {
    return ChooseManifest(all, want, where);
  }

  // Follows a descriptor to a manifest: nested indexes are read and chosen from.
  Result<ResolvedImage> Follow(const Descriptor& d, int depth) const {
    HS_ASSIGN_OR_RETURN(std::string blob, ReadBlob(d, "manifest"));
    HS_ASSIGN_OR_RETURN(std::string type, MediaTypeOf(d, blob));
    if (IsIndexMediaType(type)) {
      if (depth + 1 > limits.max_index_depth) {
        return MakeError(ErrorCode::kLimitExceeded, layout_name + ": image indexes nested deeper than " +
                                                        std::to_string(limits.max_index_depth) + " levels");
      }
      std::string where = layout_name + ": index " + Short(d.digest);
      HS_ASSIGN_OR_RETURN(OciIndex index, ParseOciIndex(blob, where));
      HS_ASSIGN_OR_RETURN(Descriptor next, Choose(index.manifests, where));
      return Follow(next, depth + 1);
    }
    if (!IsManifestMediaType(type)) {
      return MakeError(ErrorCode::kUnsupported, layout_name + ": " + Short(d.digest) + " has unsupported mediaType '" +
                                                    type.substr(0, 100) + "'");
    }
    HS_ASSIGN_OR_RETURN(OciManifest m, ParseOciManifest(blob, layout_name + ": manifest " + Short(d.digest)));
    return BuildResolvedImage(fs, m, d.digest.str(), limits);
  }

  // Depth-first search of the index tree for a descriptor with `digest`.
  Result<std::optional<Descriptor>> FindDigest(const std::vector<Descriptor>& list, const std::string& digest,
                                               int depth) const {
    for (const Descriptor& d : list) {
      if (d.digest.str() == digest) return std::optional<Descriptor>(d);
    }
    for (const Descriptor& d : list) {
      if (!IsIndexMediaType(d.media_type)) continue;
      if (depth + 1 > limits.max_index_depth) {
        return MakeError(ErrorCode::kLimitExceeded, layout_name + ": image indexes nested deeper than " +
                                                        std::to_string(limits.max_index_depth) + " levels");
      }
      HS_ASSIGN_OR_RETURN(std::string blob, ReadBlob(d, "index"));
      HS_ASSIGN_OR_RETURN(OciIndex index, ParseOciIndex(blob, layout_name + ": index " + Short(d.digest)));
      HS_ASSIGN_OR_RETURN(std::optional<Descriptor> found, FindDigest(index.manifests, digest, depth + 1));
      if (found) return found;
    }
    return std::optional<Descriptor>();
  }

  Result<ResolvedImage> FindConfig(const std::vector<Descriptor>& list, const std::string& config, int depth) const {
    for (const Descriptor& d : list) {
      if (IsAttestation(d)) continue;
      HS_ASSIGN_OR_RETURN(std::string blob, ReadBlob(d, "manifest"));
      HS_ASSIGN_OR_RETURN(std::string type, MediaTypeOf(d, blob));
      if (IsIndexMediaType(type)) {
        if (depth + 1 > limits.max_index_depth) {
          return MakeError(ErrorCode::kLimitExceeded, layout_name + ": image indexes nested deeper than " +
                                                          std::to_string(limits.max_index_depth) + " levels");
        }
        HS_ASSIGN_OR_RETURN(OciIndex index, ParseOciIndex(blob, layout_name + ": index " + Short(d.digest)));
        auto r = FindConfig(index.manifests, config, depth + 1);
        if (r || r.error().code() != ErrorCode::kNotFound) return r;
        continue;
      }
      if (!IsManifestMediaType(type)) continue;
      HS_ASSIGN_OR_RETURN(OciManifest m, ParseOciManifest(blob, layout_name + ": manifest " + Short(d.digest)));
      if (m.config.digest.str() == config) return BuildResolvedImage(fs, m, d.digest.str(), limits);
    }
    return MakeError(ErrorCode::kNotFound, layout_name + ": no manifest with config " + config);
  }
};

}  // namespace

Result<Descriptor> ChooseManifest(const std::vector<Descriptor>& all, const Platform& want, std::string_view where) {
  std::vector<const Descriptor*> c;
  for (const Descriptor& d : all) {
    if (!IsAttestation(d)) c.push_back(&d);
  }
  if (c.empty()) return MakeError(ErrorCode::kNotFound, std::string(where) + ": no image manifest");
  if (c.size() == 1) return *c.front();
  bool any_platform = false;
  for (const Descriptor* d : c) any_platform = any_platform || d->has_platform;
  if (!any_platform || want.os.empty()) return *c.front();
  std::string present;
  for (const Descriptor* d : c) {
    if (d->has_platform && PlatformMatches(d->platform, want)) return *d;
    if (d->has_platform) present += (present.empty() ? "" : ", ") + d->platform.str();
  }
  return MakeError(ErrorCode::kInvalidArgument, "platform " + want.str() + " not found in " + std::string(where) +
                                                    "; platforms present: " + present);
}

Result<ResolvedImage> BuildResolvedImage(const LayoutFs& fs, const OciManifest& manifest,
                                         const std::string& manifest_digest, const Limits& limits) {
  const Descriptor& cd = manifest.config;
  if (static_cast<uint64_t>(cd.size_bytes) > limits.max_metadata_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "config " + cd.digest.str() + " of " + std::to_string(cd.size_bytes) +
                                                    " bytes is over the metadata limit");
  }
  HS_ASSIGN_OR_RETURN(std::string config_blob,
                      ReadVerified(fs, BlobPath(cd.digest), cd.digest.str(), cd.size_bytes, limits.max_metadata_bytes,
                                   "config " + cd.digest.str()));
  HS_ASSIGN_OR_RETURN(ImageConfig config, ParseImageConfig(config_blob, "config " + cd.digest.str()));
  ResolvedImage r;
  r.info.manifest_digest = manifest_digest;
  r.info.config_digest = cd.digest.str();
  const size_t n = manifest.layers.size();
  for (size_t i = 0; i < n; ++i) {
    const Descriptor& d = manifest.layers[i];
    std::string rel = BlobPath(d.digest);
    std::string what = "layer " + std::to_string(i) + "/" + std::to_string(n) + " " + d.digest.str();
    auto size = fs.Stat(rel);
    if (!size) {
      if (size.error().code() == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, what + ": blob not found: " + fs.Describe(rel));
      }
      return MakeError(size.error().WithContext(what));
    }
    if (*size != static_cast<uint64_t>(d.size_bytes)) {
      return MakeError(ErrorCode::kCorrupt, what + ": blob size " + std::to_string(*size) +
                                                " differs from the manifest's " + std::to_string(d.size_bytes));
    }
    model::LayerInfo li;
    li.index = static_cast<int>(i);
    li.digest = d.digest.str();
    li.media_type = d.media_type;
    li.compressed_size_bytes = d.size_bytes;
    r.info.layers.push_back(std::move(li));
    r.blobs.push_back(LayerBlob{rel, d.digest.str()});
  }
  HS_RETURN_IF_ERROR(ApplyConfig(config, &r.info).map_error(
      [&](Error e) { return std::move(e).WithContext("config " + cd.digest.str()); }));
  return r;
}

Result<ResolvedImage> ResolveOciImage(const LayoutFs& fs, const OciSelector& selector, const Limits& limits,
                                      std::string_view layout_name) {
  Walker w{fs, limits, std::string(layout_name), selector.platform};
  HS_ASSIGN_OR_RETURN(OciIndex top, w.ReadTopIndex());
  const std::string where = w.layout_name + ": index.json";

  if (!selector.digest.empty()) {
    HS_ASSIGN_OR_RETURN(std::optional<Descriptor> found, w.FindDigest(top.manifests, selector.digest, 0));
    if (!found) {
      return MakeError(ErrorCode::kNotFound, "manifest @" + selector.digest + " not found in " + w.layout_name);
    }
    return w.Follow(*found, 0);
  }

  if (!selector.tag.empty()) {
    std::vector<Descriptor> tagged;
    std::string present;
    const std::string want_ref = NormalizeDockerReference(selector.tag);
    for (const Descriptor& d : top.manifests) {
      auto ref = d.annotations.find(std::string(kRefNameAnnotation));
      auto cname = d.annotations.find(std::string(kContainerdNameAnnotation));
      bool hit = (ref != d.annotations.end() && ref->second == selector.tag) ||
                 (cname != d.annotations.end() && NormalizeDockerReference(cname->second) == want_ref);
      if (hit) tagged.push_back(d);
      if (ref != d.annotations.end() && present.find(ref->second) == std::string::npos) {
        present += (present.empty() ? "" : ", ") + ref->second;
      }
    }
    if (tagged.empty()) {
      return MakeError(ErrorCode::kNotFound, "tag '" + selector.tag.substr(0, 200) + "' not found in " + w.layout_name +
                                                 " (tags present: " + (present.empty() ? "none" : present) + ")");
    }
    HS_ASSIGN_OR_RETURN(Descriptor d, w.Choose(tagged, where));
    return w.Follow(d, 0);
  }

  HS_ASSIGN_OR_RETURN(Descriptor d, w.Choose(top.manifests, where));
  return w.Follow(d, 0);
}

Result<ResolvedImage> ResolveOciImageByConfig(const LayoutFs& fs, const Digest& config, const Limits& limits,
                                              std::string_view layout_name) {
  Walker w{fs, limits, std::string(layout_name), Platform{}};
  HS_ASSIGN_OR_RETURN(OciIndex top, w.ReadTopIndex());
  return w.FindConfig(top.manifests, config.str(), 0);
}

}  // namespace hullscan::image
