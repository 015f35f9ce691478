// Importing feeds into the advisory DB (`hullscan db import` and `db update`): detect each file's
// format, import it inside its own savepoint of a new DB generation (store::AdvisoryWriter), skip
// files whose fingerprint (sha256 or ETag) did not change, and swap the generation in at the end.
// A file that fails is rolled back and reported; the other files still import.
//
// Sources for `db update`:
//   - a mirror directory laid out like the upstream feeds (osv/<Ecosystem>/all.zip,
//     alpine/.../<release>/<repo>.json, debian/.../DSA/list, kev/, epss/, nvd/, wolfi/, native/):
//     its MANIFEST.sha256 (sha256sum output) names the files and their digests; without one the
//     tree is walked and hashed;
//   - the same served over HTTP(S) (MANIFEST.sha256 fetched first; only changed files downloaded);
//   - no mirror: the official locations (OsvDev, secdb, Debian tracker, CISA KEV, FIRST EPSS),
//     with conditional GETs.
// Thread-safety: one update per DB at a time (the writer's lock enforces it across processes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "feed/feed_importer.h"

namespace hullscan::feed {

struct ImportItem {
  std::string path;         ///< local file or directory to read
  std::string name;         ///< feed name ("" : DefaultFeedName)
  std::string source;       ///< shown by `db status` ("" : path)
  std::string fingerprint;  ///< "" : sha256 of the file (directories: none, always imported)
};

struct ImportReport {
  std::string name;
  std::string format;
  std::string source;
  FeedMeta meta;
  bool unchanged = false;       ///< skipped: same fingerprint as the DB's copy
  bool not_a_feed = false;      ///< mirror file no importer reads (README, schemas, ...)
  double seconds = 0;
  std::optional<Error> error;   ///< the file failed and was rolled back
};

struct ImportOptions {
  std::string imported_at;      ///< RFC 3339, from the caller's clock
  bool force = false;           ///< import even when the fingerprint is unchanged
  /// For mirror walks: files no importer detects are reported as not_a_feed instead of failing.
  bool skip_unknown = false;
};

/// "osv:Go/all.zip", "alpine-secdb:v3.20/main.json", "debian-dsa-list:DSA/list", ...: the format
/// and the last two components of the path.
std::string DefaultFeedName(std::string_view format, const std::string& path);

/// Imports the items into the DB at `db_path` as one new generation (even when some fail).
/// Errors only for the DB itself (kDatabase, kIo); per-file failures are in the reports.
Result<std::vector<ImportReport>> ImportFiles(const std::string& db_path, const std::vector<ImportItem>& items,
                                              const ImportOptions& options);

struct UpdateOptions {
  std::string mirror;      ///< directory or http(s):// URL; "" for the official locations
  std::string temp_dir;    ///< where downloads go (removed afterwards)
  ImportOptions import;
};

Result<std::vector<ImportReport>> UpdateFeeds(const std::string& db_path, const UpdateOptions& options);

/// The official feed locations `db update` uses without a mirror, with their feed names.
struct OfficialFeed {
  std::string name;
  std::string url;
};
std::vector<OfficialFeed> OfficialFeeds();

}  // namespace hullscan::feed
