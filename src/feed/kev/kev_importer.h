// CISA Known Exploited Vulnerabilities importer (format "kev"): reads the KEV catalogue JSON
// (https://www.cisa.gov/known-exploited-vulnerabilities-catalog, schema
// known_exploited_vulnerabilities_schema.json in github.com/cisagov/kev-data) and passes one
// model::KevEntry per vulnerability to the sink. FeedMeta::as_of is the catalogue's dateReleased.
// Part of `db import` / `db update` (DESIGN.md 1.3). Stateless: thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "base/status.h"
#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewKevImporter();

/// Parses a whole catalogue document (in memory; used by Import and the fuzzer). Entries whose
/// cveID is not CVE-YYYY-NNNN… are skipped and counted. kCorrupt "WHAT: vulnerabilities[I]: ..."
/// for wrong types or missing fields.
Status ParseKevDocument(std::string_view content, std::string_view what, store::AdvisorySink& sink, FeedMeta& meta);

}  // namespace hullscan::feed
