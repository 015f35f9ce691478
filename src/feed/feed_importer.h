// FeedImporter: reads one feed file in its upstream format and hands normalised records to an
// AdvisorySink (DESIGN.md 1.3, after claircore's Parser). No network: `db update` fetches, then
// imports the downloaded file the same way `db import` does.
//
// Contract for every importer:
//   - Streams the file (archives entry by entry, JSON/YAML record by record); memory is bounded by
//     the largest record, never by the feed.
//   - Every field relied on is validated; a malformed record fails the whole file with an error
//     naming the file and the record ("osv all.zip: GO-2024-0001.json: affected[0].ranges[1]:
//     event 'fixed' is not a string"), code kCorrupt, and the caller rolls the file back.
//   - Versions are checked with the ecosystem's version scheme where one is implemented; a version
//     the scheme rejects makes that record's range unusable: the importer skips the range, counts it
//     in FeedMeta::skipped, and the record still imports (feeds carry odd versions: "0.8.21.r2").
//   - Names are stored normalised (model::NormalizePackageName).
// Importers are stateless: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "feed/common/feed_files.h"
#include "store/advisory_sink.h"

namespace hullscan::feed {

/// What an import learned about the feed as a whole (shown by `db status`).
struct FeedMeta {
  std::string as_of;          ///< newest date the data states (RFC 3339 or YYYY-MM-DD); "" unknown
  uint64_t records = 0;       ///< advisories / scores / KEV entries passed to the sink
  uint64_t skipped = 0;       ///< ranges or entries left out (unparsable version, unknown id form)
  std::vector<std::string> notes;  ///< at most a few human notes about skipped data
};

class FeedImporter {
 public:
  virtual ~FeedImporter() = default;
  /// Stable format name: "osv", "alpine-secdb", "debian-tracker-json", "debian-dsa-list",
  /// "debian-dla-list", "wolfi", "rubysec", "friendsofphp", "kev", "epss", "nvd".
  virtual std::string_view format() const = 0;
  /// Cheap content sniff over the file's first entry (feed/common/feed_files.h). True when this
  /// importer reads the file.
  virtual bool Detect(const FeedHead& head) const = 0;
  virtual Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const = 0;
};

/// Every importer, in detection order.
std::vector<std::unique_ptr<FeedImporter>> DefaultImporters();

/// The importer for a file (by Detect) or kInvalidArgument "PATH: not a feed hullscan reads
/// (expected OSV JSON/YAML/zip, Alpine secdb, ...)". A directory is OSV (a tree of records).
Result<const FeedImporter*> DetectImporter(const std::vector<std::unique_ptr<FeedImporter>>& importers,
                                           const std::string& path);

}  // namespace hullscan::feed
