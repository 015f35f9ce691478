// ManifestCache: what a registry reference resolved to last time, kept under the cache dir so
// that a rescan needs at most one HEAD request for the manifest (none for a digest-pinned
// reference): reference + platform -> the digest the registry named for the reference (an index
// or a manifest), the chosen image manifest and its config, both as served.
//
// One small JSON file per key, <cache_dir>/registry/<sha256 of key>.json, written to a temp
// name and renamed into place (concurrent writers: the last rename wins, readers never see a
// partial file). Nothing read back is trusted: Load() re-hashes the manifest against its
// recorded digest and the caller checks the config against the manifest's config descriptor.
// A broken or foreign file is a miss, never an error. Thread-safety: plain functions; files
// are replaced atomically.
#pragma once

#include <optional>
#include <string>

#include "base/status.h"

namespace hullscan::registry {

/// A cache file larger than this is ignored.
inline constexpr uint64_t kMaxManifestCacheFileBytes = 64ull << 20;
/// Bumped whenever the file format changes; files of other versions are misses.
inline constexpr int kManifestCacheFormat = 1;

struct CachedManifest {
  std::string key;              ///< "registry/repository[:tag][@digest]|platform"
  std::string top_digest;       ///< what the reference resolves to (Docker-Content-Digest of the tag)
  std::string manifest;         ///< the image manifest body
  std::string manifest_digest;  ///< sha256 of `manifest`
  std::string manifest_media_type;
  std::string config;           ///< the config blob
};

/// The entry for `key`, or nullopt (no cache dir, no file, unreadable, other format, another
/// key, or a manifest that does not hash to manifest_digest).
std::optional<CachedManifest> LoadCachedManifest(const std::string& cache_dir, const std::string& key);

/// Writes the entry (creating <cache_dir>/registry). Errors: kIo.
Status StoreCachedManifest(const std::string& cache_dir, const CachedManifest& entry);

}  // namespace hullscan::registry
