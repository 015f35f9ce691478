// CVSS vector parsing and base scores for feed importers (feed-brief "SeverityScore"): feeds give
// vectors (OSV severity[].score, NVD cvssData.vectorString); the advisory store wants a number and
// a qualitative label. Implements the FIRST specifications:
//   v2.0  https://www.first.org/cvss/v2/guide (section 3.2.1, base equation)
//   v3.0  https://www.first.org/cvss/v3.0/specification-document (section 8.1, Roundup = ceil to 0.1)
//   v3.1  https://www.first.org/cvss/v3.1/specification-document (section 7.1 and Appendix A Roundup)
//   v4.0  https://www.first.org/cvss/v4.0/specification-document (vectors validated, see CvssScore)
// Only base metrics are scored; temporal/threat/environmental/supplemental metrics are validated
// and ignored. Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "model/advisory.h"

namespace hullscan::feed {

enum class CvssVersion { kV2, kV30, kV31, kV40 };

struct CvssResult {
  CvssVersion version = CvssVersion::kV31;
  double score = -1;   ///< base score; -1 when not computed (v4.0 when the table is unavailable)
  std::string label;   ///< "CRITICAL" "HIGH" "MEDIUM" "LOW" "NONE", or "UNKNOWN" without score
};

/// Parses a base vector ("CVSS:3.1/AV:N/...", "CVSS:3.0/...", "CVSS:4.0/...", or the prefix-less
/// v2 form "AV:N/AC:L/Au:N/C:P/I:P/A:P") and computes its base score.
/// kInvalidArgument "cvss vector 'V': why" for an unknown prefix, a missing mandatory metric, a
/// duplicated metric, an unknown metric or value.
Result<CvssResult> ScoreCvss(std::string_view vector);

/// "CVSS_V2" / "CVSS_V3" / "CVSS_V4" (OSV severity types).
std::string_view CvssTypeName(CvssVersion v);

/// CVSS v3/v4 qualitative rating of a score: 0 NONE, 0.1-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-8.9 HIGH,
/// 9.0-10 CRITICAL; "UNKNOWN" for a negative score.
std::string_view CvssLabel(double score);
/// CVSS v2 rating as NVD uses it: 0-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-10 HIGH.
std::string_view CvssV2Label(double score);

/// A feed's own severity word as a label: "MODERATE"/"medium" -> "MEDIUM", "important" -> "HIGH",
/// "critical" -> "CRITICAL", "low"/"negligible"/"unimportant" -> "LOW", "none" -> "NONE";
/// anything else "UNKNOWN".
std::string NormalizeSeverityLabel(std::string_view word);

/// The SeverityScore for a vector from a feed. Never fails: a vector ScoreCvss rejects keeps
/// score -1 and label "UNKNOWN" (type from `type_hint`, e.g. OSV's "CVSS_V3", when given).
/// When `given_score` >= 0 (the feed states a score) it is kept instead of the computed one.
model::SeverityScore CvssSeverity(std::string_view vector, std::string_view source, std::string_view type_hint = "",
                                  double given_score = -1);

}  // namespace hullscan::feed
