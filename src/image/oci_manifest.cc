#include "image/oci_manifest.h"

#include "base/json.h"

namespace hullscan::image {

namespace {

// A descriptor: mediaType, digest, size are REQUIRED (descriptor.md "Properties"); an old
// writer may omit mediaType in an index, which the caller then sniffs from the blob itself.
Result<Descriptor> ParseDescriptor(const Json& j, const std::string& what) {
  if (!j.is_object()) return MakeError(ErrorCode::kCorrupt, what + ": not a JSON object");
  Descriptor d;
  HS_ASSIGN_OR_RETURN(d.media_type, JsonOptString(j, "mediaType", what));
  HS_ASSIGN_OR_RETURN(std::string digest, JsonString(j, "digest", what));
  auto parsed = Digest::Parse(digest);
  if (!parsed) return MakeError(std::move(parsed).error().WithContext(what));
  d.digest = std::move(*parsed);
  HS_ASSIGN_OR_RETURN(d.size_bytes, JsonInt(j, "size", what));
  if (d.size_bytes < 0) return MakeError(ErrorCode::kCorrupt, what + ": negative size");
  auto ann = j.find("annotations");
  if (ann != j.end() && !ann->is_null()) {
    if (!ann->is_object()) return MakeError(ErrorCode::kCorrupt, what + ": annotations is not an object");
    for (auto it = ann->begin(); it != ann->end(); ++it) {
      if (!it.value().is_string()) {
        return MakeError(ErrorCode::kCorrupt, what + ": annotation '" + it.key().substr(0, 100) + "' is not a string");
      }
      d.annotations[it.key()] = it.value().get<std::string>();
    }
  }
  auto plat = j.find("platform");
  if (plat != j.end() && !plat->is_null()) {
    std::string pwhat = what + ": platform";
    HS_ASSIGN_OR_RETURN(d.platform.os, JsonString(*plat, "os", pwhat));
    HS_ASSIGN_OR_RETURN(d.platform.architecture, JsonString(*plat, "architecture", pwhat));
    HS_ASSIGN_OR_RETURN(d.platform.variant, JsonOptString(*plat, "variant", pwhat));
    d.has_platform = true;
  }
  return d;
}

Status CheckSchemaVersion(const Json& doc, const std::string& what) {
  auto sv = doc.find("schemaVersion");
  if (sv == doc.end() || !sv->is_number_integer()) {
    return MakeError(ErrorCode::kCorrupt, what + ": missing schemaVersion");
  }
  int64_t v = sv->get<int64_t>();
  if (v == 1) return MakeError(ErrorCode::kUnsupported, what + ": Docker schema 1 manifests are not supported");
  if (v != 2) return MakeError(ErrorCode::kCorrupt, what + ": unknown schemaVersion " + std::to_string(v));
  return OkStatus();
}

Result<Json> ParseObject(std::string_view json, const std::string& what) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(json, what));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, what + ": not a JSON object");
  return doc;
}

}  // namespace

std::string Platform::str() const {
  std::string s = os + "/" + architecture;
  if (!variant.empty()) s += "/" + variant;
  return s;
}

Result<Platform> ParsePlatform(std::string_view text) {
  Platform p;
  size_t a = text.find('/');
  if (a == std::string_view::npos || a == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid platform '" + std::string(text.substr(0, 100)) +
                                                      "': want os/arch[/variant]");
  }
  p.os = std::string(text.substr(0, a));
  std::string_view rest = text.substr(a + 1);
  size_t b = rest.find('/');
  p.architecture = std::string(rest.substr(0, b));
  if (b != std::string_view::npos) p.variant = std::string(rest.substr(b + 1));
  if (p.architecture.empty() || (b != std::string_view::npos && p.variant.empty()) ||
      p.variant.find('/') != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid platform '" + std::string(text.substr(0, 100)) +
                                                      "': want os/arch[/variant]");
  }
  return p;
}

bool IsIndexMediaType(std::string_view t) { return t == kOciIndexType || t == kDockerListType; }
bool IsManifestMediaType(std::string_view t) { return t == kOciManifestType || t == kDockerManifestType; }

bool IsLayerMediaType(std::string_view t) {
  static constexpr std::string_view kTypes[] = {
      "application/vnd.oci.image.layer.v1.tar",
      "application/vnd.oci.image.layer.v1.tar+gzip",
      "application/vnd.oci.image.layer.v1.tar+zstd",
      "application/vnd.oci.image.layer.nondistributable.v1.tar",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
      "application/vnd.docker.image.rootfs.diff.tar",
      "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "application/vnd.docker.image.rootfs.diff.tar.zstd",
      "application/vnd.docker.image.rootfs.foreign.diff.tar",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
  };
  for (std::string_view k : kTypes) {
    if (t == k) return true;
  }
  return false;
}

bool IsConfigMediaType(std::string_view t) { return t == kOciConfigType || t == kDockerConfigType; }

Result<OciIndex> ParseOciIndex(std::string_view json, std::string_view what_view) {
  std::string what(what_view);
  HS_ASSIGN_OR_RETURN(Json doc, ParseObject(json, what));
  HS_RETURN_IF_ERROR(CheckSchemaVersion(doc, what));
  OciIndex index;
  HS_ASSIGN_OR_RETURN(index.media_type, JsonOptString(doc, "mediaType", what));
  if (!index.media_type.empty() && !IsIndexMediaType(index.media_type)) {
    return MakeError(ErrorCode::kCorrupt, what + ": mediaType '" + index.media_type.substr(0, 100) +
                                              "' is not an image index");
  }
  auto ms = doc.find("manifests");
  if (ms == doc.end() || !ms->is_array()) {
    return MakeError(ErrorCode::kCorrupt, what + ": field 'manifests' is missing or not an array");
  }
  for (size_t i = 0; i < ms->size(); ++i) {
    HS_ASSIGN_OR_RETURN(Descriptor d, ParseDescriptor((*ms)[i], what + ": manifests[" + std::to_string(i) + "]"));
    index.manifests.push_back(std::move(d));
  }
  return index;
}

Result<OciManifest> ParseOciManifest(std::string_view json, std::string_view what_view) {
  std::string what(what_view);
  HS_ASSIGN_OR_RETURN(Json doc, ParseObject(json, what));
  HS_RETURN_IF_ERROR(CheckSchemaVersion(doc, what));
  OciManifest m;
  HS_ASSIGN_OR_RETURN(m.media_type, JsonOptString(doc, "mediaType", what));
  if (!m.media_type.empty() && !IsManifestMediaType(m.media_type)) {
    if (IsIndexMediaType(m.media_type)) {
      return MakeError(ErrorCode::kCorrupt, what + ": is an image index, not a manifest");
    }
    return MakeError(ErrorCode::kUnsupported, what + ": unsupported manifest mediaType '" +
                                                  m.media_type.substr(0, 100) + "'");
  }
  auto cfg = doc.find("config");
  if (cfg == doc.end()) return MakeError(ErrorCode::kCorrupt, what + ": missing field 'config'");
  HS_ASSIGN_OR_RETURN(m.config, ParseDescriptor(*cfg, what + ": config"));
  if (!IsConfigMediaType(m.config.media_type)) {
    return MakeError(ErrorCode::kUnsupported, what + ": config mediaType '" + m.config.media_type.substr(0, 100) +
                                                  "' is not a container image config (an artifact?)");
  }
  auto layers = doc.find("layers");
  if (layers == doc.end() || !layers->is_array()) {
    return MakeError(ErrorCode::kCorrupt, what + ": field 'layers' is missing or not an array");
  }
  for (size_t i = 0; i < layers->size(); ++i) {
    std::string lwhat = what + ": layers[" + std::to_string(i) + "]";
    HS_ASSIGN_OR_RETURN(Descriptor d, ParseDescriptor((*layers)[i], lwhat));
    if (!IsLayerMediaType(d.media_type)) {
      return MakeError(ErrorCode::kUnsupported, lwhat + ": unsupported layer mediaType '" +
                                                    d.media_type.substr(0, 100) + "'");
    }
    m.layers.push_back(std::move(d));
  }
  return m;
}

Result<std::string> SniffMediaType(std::string_view json, std::string_view what_view) {
  std::string what(what_view);
  HS_ASSIGN_OR_RETURN(Json doc, ParseObject(json, what));
  HS_ASSIGN_OR_RETURN(std::string t, JsonOptString(doc, "mediaType", what));
  if (!t.empty()) return t;
  if (doc.contains("manifests")) return std::string(kOciIndexType);
  if (doc.contains("layers")) return std::string(kOciManifestType);
  return MakeError(ErrorCode::kCorrupt, what + ": neither an image index nor a manifest");
}

}  // namespace hullscan::image
