// SarifReporter: the findings of a vulnerability scan as SARIF 2.1.0 (format "sarif"), for code
// scanning dashboards. Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html ;
// checked in the tests against the official sarif-schema-2.1.0.json (`validate.py sarif-2.1.0`).
//
// What goes where (one run):
//   - tool.driver: name, version, informationUri "https://hullscan.invalid" (the project's own
//     placeholder; no third-party host), and one rule per advisory id, sorted by id:
//     shortDescription = title (else the id), fullDescription = the first finding's title and
//     data source, defaultConfiguration.level, properties {"security-severity": CVSS base score
//     as a string (when known), "tags": ["security", "vulnerability", <severity lowercase>]}.
//     When several findings share an id, the first one in report order describes the rule.
//   - results: one per finding, in report order: ruleId, ruleIndex, level (CRITICAL/HIGH ->
//     "error", MEDIUM -> "warning", everything else -> "note"), message "Package NAME VERSION
//     is affected by ID (fixed in X)" / "(no fix available)", one location with a
//     physicalLocation.artifactLocation.uri = the package's evidence path inside the image,
//     relative (no leading '/') and percent-encoded, plus a logicalLocation {name = package
//     name, fullyQualifiedName = purl, kind "package"}, partialFingerprints
//     {"hullscan/v1": 32 hex of sha256(id, purl, path)} and properties with the detail.
//   - invocations: one, executionSuccessful true, with a toolExecutionNotification (level
//     "warning") per diagnostic of a partial scan.
//   - run.properties: image name (no host paths), config digest, distro.
// Thread-safety: immutable; Write() is reentrant.
#pragma once

#include "report/reporter.h"

namespace hullscan::report {

class SarifReporter final : public Reporter {
 public:
  Status Write(const model::ScanReport& report, ByteSink& out) const override;
};

}  // namespace hullscan::report
