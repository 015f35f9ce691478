// Helpers shared by the vulnerability reporters of this module (table, JSON, SARIF, CycloneDX;
// not used outside it): severity names and counts, the package a finding points at, CVSS
// method names, and deterministic number formatting. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/image_info.h"

namespace hullscan::report {

/// The severities a report counts, most severe first.
inline constexpr std::array<std::string_view, 6> kSeverities = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE",
                                                                "UNKNOWN"};

/// Finding::severity upper-cased when it is one of kSeverities, else "UNKNOWN".
std::string_view NormalizedSeverity(std::string_view severity);

/// Counts of findings per severity, indexed like kSeverities.
struct SeverityCounts {
  std::array<uint64_t, kSeverities.size()> counts{};
  uint64_t total = 0;
  void Add(std::string_view severity);
  uint64_t Count(std::string_view severity) const;
  /// "CRITICAL: a, HIGH: b, MEDIUM: c, LOW: d, UNKNOWN: e", with ", NONE: n" before UNKNOWN
  /// only when some finding says NONE.
  std::string Text() const;
};

/// The package `f` is about, or nullptr when package_index is out of range (a malformed report).
const model::Package* FindingPackage(const model::ScanReport& report, const model::Finding& f);

/// The CycloneDX 1.6 rating method for a CVSS vector: "CVSS:3.1/..." -> "CVSSv31",
/// "CVSS:3.0/..." -> "CVSSv3", "CVSS:4.0/..." -> "CVSSv4", a bare v2 vector ("AV:N/AC:L/...")
/// -> "CVSSv2", anything else -> "other".
std::string_view CvssMethod(std::string_view vector);

/// printf("%.*f") in the C locale with trailing zeros (and a trailing '.') removed:
/// (9.8, 1) -> "9.8", (10.0, 1) -> "10", (0.97565, 5) -> "0.97565".
std::string FormatDecimal(double value, int precision);

/// For each index into report.packages, its position in SortedPackages(report.packages).
std::vector<size_t> SortedPositions(const std::vector<model::Package>& packages);

}  // namespace hullscan::report
