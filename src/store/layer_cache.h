// LayerCache: LayerResults kept in SQLite, keyed by diffID + the extractor set (DESIGN.md 1.3,
// anti-pattern 7: trivy's CalcKey, claircore's Version()). A second scan of an image, or of
// another image sharing layers, reads its layers' results from here and does not decompress
// them again.
//
// The database lives at <cache_dir>/layers.db (WAL mode), so any number of hullscan processes
// can share it: readers never block; writers wait up to 10 s (busy timeout). A cache that
// cannot be opened or read is not fatal for a scan: callers treat errors as misses and report
// them. Thread-safety: one LayerCache may be used from several threads (calls are serialised).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "model/layer_result.h"

struct sqlite3;

namespace hullscan::store {

class LayerCache {
 public:
  /// Opens (creating the directory and schema if needed) <cache_dir>/layers.db.
  /// Errors: kIo (cannot create the directory), kDatabase (not a cache DB, wrong schema).
  static Result<std::unique_ptr<LayerCache>> Open(const std::string& cache_dir);
  ~LayerCache();

  /// The result stored under `key`, or nullopt. kDatabase when the stored row is unreadable.
  Result<std::optional<model::LayerResult>> Get(const std::string& key);
  Status Put(const std::string& key, const model::LayerResult& result);

 private:
  explicit LayerCache(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::mutex mu_;
};

/// LayerResult <-> JSON text, the cache's row format. Versioned by kLayerResultFormat.
std::string LayerResultToJson(const model::LayerResult& r);
Result<model::LayerResult> LayerResultFromJson(std::string_view text);

/// Bumped whenever the serialised form changes; part of every cache key.
inline constexpr int kLayerResultFormat = 2;

}  // namespace hullscan::store
