// The manifest.json of a `docker save` archive, and choosing one of its images.
//
// Format: a JSON array, one object per image: "Config" (member name of the config), "RepoTags"
// (names, may be null), "Layers" (member names of the layer tars, base layer first) and, since
// Docker 25, "LayerSources". Two layouts exist: the classic one (Docker <= 24, skopeo):
// "<hex>.json" and "<hex>.tar" or "<id>/layer.tar"; and Docker >= 25's, where both are
// "blobs/sha256/<hex>" members of an OCI layout stored in the same archive.
// See https://github.com/moby/moby/blob/v25.0.0/image/tarexport/save.go.
// Thread-safety: plain functions and values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hullscan::image {

struct DockerManifestEntry {
  std::string config;                  ///< member name as written
  std::vector<std::string> repo_tags;
  std::vector<std::string> layers;     ///< member names as written
};

/// Parses manifest.json. Errors: kCorrupt (bad JSON or field types, an empty array),
/// kLimitExceeded (JSON too deep).
Result<std::vector<DockerManifestEntry>> ParseDockerManifest(std::string_view json, std::string_view what);

/// The fully qualified form of a Docker reference, for comparing names: "debian" ->
/// "docker.io/library/debian:latest", "hullscan-test/app" -> "docker.io/hullscan-test/app:latest",
/// "localhost:5000/a:1" unchanged.
std::string NormalizeDockerReference(std::string_view ref);

/// Picks the entry whose RepoTags hold `tag` (compared after NormalizeDockerReference), or the
/// only entry when `tag` is empty. kNotFound when no entry carries the tag; kInvalidArgument
/// when `tag` is empty and there are several entries (the message lists their tags).
Result<size_t> SelectDockerManifestEntry(const std::vector<DockerManifestEntry>& entries, std::string_view tag,
                                         std::string_view what);

}  // namespace hullscan::image
