// NVD importer (format "nvd"): reads an NVD CVE API 2.0 document
// (https://nvd.nist.gov/developers/vulnerabilities, schema cve_api_json_2.0) such as the yearly and
// "modified" files the vulnz tool caches, and passes one model::Advisory per CVE to the sink: an
// enrichment record (id, summary, dates, CVSS severity, references) with no affected packages.
// FeedMeta::as_of is the document timestamp. Part of `db import` / `db update` (DESIGN.md 1.3).
// Stateless: thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "base/status.h"
#include "feed/feed_importer.h"

namespace hullscan::feed {

std::unique_ptr<FeedImporter> NewNvdImporter();

/// Parses a whole API 2.0 document in memory (used by Import and the tests). kCorrupt
/// "WHAT: vulnerabilities[I] (CVE-…): PATH: why" for wrong types or missing fields.
Status ParseNvdDocument(std::string_view content, std::string_view what, store::AdvisorySink& sink, FeedMeta& meta);

}  // namespace hullscan::feed
