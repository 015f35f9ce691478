// Parsers for OCI image indexes and manifests (and their Docker schema 2 equivalents, the
// manifest list and the image manifest). Pure functions over untrusted bytes: every field used
// is type-checked, every digest validated with Digest::Parse, sizes must be non-negative.
//
// Specs: OCI image-spec v1.1 descriptor.md, image-index.md, manifest.md
// (https://github.com/opencontainers/image-spec/blob/v1.1.0/), Docker "Image Manifest V2,
// Schema 2" (https://distribution.github.io/distribution/spec/manifest-v2-2/).
// Thread-safety: plain functions and values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/digest.h"
#include "base/status.h"

namespace hullscan::image {

inline constexpr std::string_view kOciIndexType = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciManifestType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciConfigType = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view kDockerListType = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerManifestType = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerConfigType = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kDockerLayerTarType = "application/vnd.docker.image.rootfs.diff.tar";
inline constexpr std::string_view kOciLayerTarType = "application/vnd.oci.image.layer.v1.tar";
/// The annotation that names a manifest in an OCI layout's index.json ("latest").
inline constexpr std::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;
  /// "os/arch" or "os/arch/variant".
  std::string str() const;
};

/// Parses "os/arch[/variant]". kInvalidArgument when malformed.
Result<Platform> ParsePlatform(std::string_view text);

struct Descriptor {
  std::string media_type;  ///< may be "" in an index entry written by old tools
  Digest digest;
  int64_t size_bytes = 0;
  std::map<std::string, std::string> annotations;
  bool has_platform = false;
  Platform platform;
};

struct OciIndex {
  std::string media_type;
  std::vector<Descriptor> manifests;
};

struct OciManifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;
};

bool IsIndexMediaType(std::string_view media_type);
bool IsManifestMediaType(std::string_view media_type);
/// Layer types whose blob is a tar stream (plain, gzip or zstd; OCI, Docker and the
/// non-distributable variants).
bool IsLayerMediaType(std::string_view media_type);
bool IsConfigMediaType(std::string_view media_type);

/// Parses an image index or manifest list. `what` names the document in errors.
/// Errors: kCorrupt (bad JSON, wrong schemaVersion, a descriptor without a valid digest/size),
/// kUnsupported (a digest algorithm we cannot verify), kLimitExceeded (JSON too deep).
Result<OciIndex> ParseOciIndex(std::string_view json, std::string_view what);

/// Parses an image manifest (OCI or Docker schema 2); rejects schema 1 and unknown config or
/// layer media types with kUnsupported.
Result<OciManifest> ParseOciManifest(std::string_view json, std::string_view what);

/// The "mediaType" field of a document, "" when absent; used when a descriptor does not say
/// what it points to. Also tells an index ("manifests") from a manifest ("layers").
Result<std::string> SniffMediaType(std::string_view json, std::string_view what);

}  // namespace hullscan::image
