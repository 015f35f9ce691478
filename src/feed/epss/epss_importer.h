// FIRST EPSS importer (format "epss"): reads the daily bulk CSV (https://www.first.org/epss/data_stats,
// usually gzip-compressed): a "#model_version:…,score_date:…" comment, the header
// "cve,epss,percentile", then one row per CVE. Passes one model::EpssScore per row to the sink;
// FeedMeta::as_of is score_date. The biggest feed (~300k rows): rows are parsed in place without
// per-line allocations. Part of `db import` / `db update` (DESIGN.md 1.3). Stateless: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewEpssImporter();

/// Line-by-line parser behind Import (also used by the fuzzer). Not thread-safe.
class EpssParser {
 public:
  EpssParser(std::string what, store::AdvisorySink& sink, FeedMeta& meta);
  /// One line without its end-of-line. kCorrupt "WHAT: line N: why" for a bad header, a row
  /// without three fields, a number that does not parse or lies outside [0, 1].
  Status Line(std::string_view line, uint64_t line_no);
  /// Call after the last line: kCorrupt when the header never came.
  Status Finish();

 private:
  std::string what_;
  store::AdvisorySink& sink_;
  FeedMeta& meta_;
  bool header_seen_ = false;
  model::EpssScore row_;
};

}  // namespace hullscan::feed
