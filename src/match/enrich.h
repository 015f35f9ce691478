// Enrichment of findings (DESIGN.md 0: "enrich (CVSS, EPSS, KEV)"): severity and CVSS from the
// finding's own advisory, else from other records of the same vulnerability in the DB (NVD, GHSA,
// OSV records that name it by id or alias), each with its source; EPSS (the highest score of the
// finding's CVE ids) and the CISA KEV flag. Reads the store only. Thread-safety: as the store.
#pragma once

#include <vector>

#include "base/status.h"
#include "model/advisory.h"
#include "model/finding.h"
#include "store/advisory_db.h"

namespace hullscan::match {

/// The best statement among several: a scored CVSS v3 first, then v4, then a bare label (GHSA,
/// Debian urgency), then v2. Null when none carries a label or score.
const model::SeverityScore* PickSeverity(const std::vector<model::SeverityScore>& scores);

/// "CRITICAL" for 9.0-10.0, "HIGH" 7.0-8.9, "MEDIUM" 4.0-6.9, "LOW" 0.1-3.9, "NONE" 0 (CVSS v3.1 §5).
std::string_view SeverityLabel(double score);

/// Applies one severity statement to a finding.
void SetSeverity(model::Finding& f, const model::SeverityScore& s, std::string_view fallback_source);

/// Fills severity (when the finding has none), EPSS and KEV for every finding.
Status Enrich(std::vector<model::Finding>& findings, store::AdvisoryStore& store);

}  // namespace hullscan::match
