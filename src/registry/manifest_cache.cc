#include "registry/manifest_cache.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>

#include "base/atomic_file.h"
#include "base/byte_io.h"
#include "base/digest.h"
#include "base/json.h"

namespace hullscan::registry {

namespace {

std::string PathFor(const std::string& cache_dir, const std::string& key) {
  std::string h = Sha256Of(key);
  return cache_dir + "/registry/" + h.substr(h.find(':') + 1) + ".json";
}

}  // namespace

std::optional<CachedManifest> LoadCachedManifest(const std::string& cache_dir, const std::string& key) {
  if (cache_dir.empty()) return std::nullopt;
  auto text = ReadFile(PathFor(cache_dir, key), kMaxManifestCacheFileBytes);
  if (!text) return std::nullopt;
  auto j = ParseJson(*text, "manifest cache");
  if (!j || !j->is_object()) return std::nullopt;
  auto format = JsonInt(*j, "format", "manifest cache");
  if (!format || *format != kManifestCacheFormat) return std::nullopt;
  CachedManifest e;
  for (auto [field, out] : {std::pair<const char*, std::string*>{"key", &e.key}, {"top_digest", &e.top_digest},
                            {"manifest", &e.manifest}, {"manifest_digest", &e.manifest_digest},
                            {"manifest_media_type", &e.manifest_media_type}, {"config", &e.config}}) {
    auto v = JsonString(*j, field, "manifest cache");
    if (!v) return std::nullopt;
    *out = std::move(*v);
  }
  if (e.key != key || Sha256Of(e.manifest) != e.manifest_digest || !Digest::Parse(e.top_digest)) return std::nullopt;
  return e;
}

Status StoreCachedManifest(const std::string& cache_dir, const CachedManifest& e) {
  std::error_code ec;
  std::filesystem::create_directories(cache_dir + "/registry", ec);
  if (ec) return MakeError(ErrorCode::kIo, "create " + cache_dir + "/registry: " + ec.message());
  OrderedJson j;
  j["format"] = kManifestCacheFormat;
  j["key"] = e.key;
  j["top_digest"] = e.top_digest;
  j["manifest_digest"] = e.manifest_digest;
  j["manifest_media_type"] = e.manifest_media_type;
  j["manifest"] = e.manifest;
  j["config"] = e.config;
  return ReplaceFile(PathFor(cache_dir, e.key), std::string_view(DumpJsonCompact(j)));
}

}  // namespace hullscan::registry
