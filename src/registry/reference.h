// registry::Reference: a registry image reference "[registry/]repository[:tag][@digest]" parsed
// and normalised the way Docker and the distribution project do, so that "alpine" means
// docker.io/library/alpine:latest. First stage of a registry pull: the Client is built from it.
//
// Grammar: https://github.com/distribution/reference/blob/v0.5.0/reference.go (domain,
// path components, tag, digest) and its normalisation rules in normalize.go (a first component
// is a registry only if it holds '.' or ':' or is "localhost"; Docker Hub repositories without
// '/' live under "library/"; the Hub's registry API answers at index.docker.io).
// Thread-safety: plain functions and values.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::registry {

inline constexpr std::string_view kDockerHubDomain = "docker.io";
/// Where Docker Hub's registry API answers (what docker.io means for HTTP).
inline constexpr std::string_view kDockerHubApiHost = "index.docker.io";
/// The maximum length of a repository name (reference.go NameTotalLengthMax).
inline constexpr size_t kMaxRepositoryBytes = 255;

struct Reference {
  std::string registry;    ///< "docker.io", "ghcr.io", "127.0.0.1:5000" (lowercase host)
  std::string repository;  ///< "library/alpine", "org/app"
  std::string tag;         ///< "latest" when neither tag nor digest was given; "" with a digest only
  std::string digest;      ///< "sha256:<hex>" or ""

  /// The host[:port] to send HTTP requests to: index.docker.io for docker.io.
  std::string ApiHost() const;
  /// The manifest reference to ask for: the digest when pinned, else the tag.
  std::string ManifestRef() const { return digest.empty() ? tag : digest; }
  /// "registry/repository[:tag][@digest]", fully qualified.
  std::string str() const;
};

/// Parses a reference; an optional "registry:" prefix (the source kind) is stripped first.
/// Errors: kInvalidArgument naming what is wrong (empty, upper case in the repository, bad tag,
/// bad digest, too long).
Result<Reference> ParseReference(std::string_view text);

}  // namespace hullscan::registry
