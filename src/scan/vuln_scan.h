// The vulnerability half of `hullscan scan` (DESIGN.md 0): inventory -> matchers over the advisory
// store (findings come enriched: the DB resolved severity, EPSS and KEV when it was built) -> one sorted list of findings in the ScanReport. The same function serves an
// image's inventory and an SBOM's, so both give the same findings for the same packages.
// Thread-safety: one call per store at a time (the store serialises).
#pragma once

#include <string>

#include "base/status.h"
#include "model/image_info.h"
#include "store/advisory_db.h"

namespace hullscan::scan {

/// The finding's target: "os-pkgs" for distro packages, else the package's evidence path.
std::string FindingTarget(const model::Package& p);

struct MatchStats {
  uint64_t queries = 0;
  uint64_t findings = 0;
  double ms = 0;      ///< wall time of matching
  double cpu_ms = 0;  ///< CPU time of matching (all threads): steadier than wall time on a busy machine
};

/// Fills report.findings (sorted by target, package name, version, path, id), report.db and
/// report.vulnerability_scan; match diagnostics are appended to report.diagnostics.
Status MatchReport(model::ScanReport& report, store::AdvisoryStore& store, MatchStats* stats = nullptr);

/// An SBOM file (CycloneDX or SPDX JSON) as a report: packages, distro, no layers.
/// Errors: kNotFound/kIo reading, kCorrupt/kUnsupported/kLimitExceeded from the SBOM reader.
Result<model::ScanReport> InventoryFromSbom(const std::string& path, const std::string& tool_version,
                                            int64_t now_unix_seconds);

}  // namespace hullscan::scan
