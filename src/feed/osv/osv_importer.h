// OSV importer (format "osv"): reads OSV records (https://ossf.github.io/osv-schema/) as JSON or
// YAML, from a zip of records (OSV.dev's all.zip layout, or nested directories inside the zip as in
// the PyPA and GHSA repositories), a directory tree of records, or one record file, and passes one
// model::Advisory per record to the sink. Every ecosystem is read; ranges are checked with the
// ecosystem's version scheme (version/ecosystem.h) and GIT ranges are left out. Part of `db import`
// / `db update` (DESIGN.md 1.3). Stateless: thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "feed/feed_importer.h"
#include "model/advisory.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewOsvImporter();

/// Maps one parsed OSV record. `what` names the record in errors ("osv all.zip: GO-2024-0001.json").
/// Ranges left out (GIT, unknown type, a version the scheme rejects) are counted in meta.skipped;
/// meta.records and meta.as_of are not touched. kCorrupt "WHAT: JSON.PATH: why" for wrong types.
Result<model::Advisory> MapOsvRecord(const Json& record, std::string_view what, FeedMeta& meta);

/// Parses one record file's bytes: YAML when `name` ends in .yaml/.yml, JSON otherwise.
Result<model::Advisory> ParseOsvRecord(std::string_view name, std::string_view content, std::string_view what,
                                       FeedMeta& meta);

}  // namespace hullscan::feed
