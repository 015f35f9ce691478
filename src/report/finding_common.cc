#include "report/finding_common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "report/report_common.h"

namespace hullscan::report {

std::string_view NormalizedSeverity(std::string_view severity) {
  std::string upper(severity);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (std::string_view s : kSeverities) {
    if (s == upper) return s;
  }
  return "UNKNOWN";
}

void SeverityCounts::Add(std::string_view severity) {
  std::string_view s = NormalizedSeverity(severity);
  for (size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == s) ++counts[i];
  }
  ++total;
}

uint64_t SeverityCounts::Count(std::string_view severity) const {
  for (size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == severity) return counts[i];
  }
  return 0;
}

std::string SeverityCounts::Text() const {
  std::string out;
  for (std::string_view s : kSeverities) {
    if (s == "NONE" && Count(s) == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::string(s) + ": " + std::to_string(Count(s));
  }
  return out;
}

const model::Package* FindingPackage(const model::ScanReport& report, const model::Finding& f) {
  return f.package_index < report.packages.size() ? &report.packages[f.package_index] : nullptr;
}

std::string_view CvssMethod(std::string_view vector) {
  if (vector.starts_with("CVSS:3.1/")) return "CVSSv31";
  if (vector.starts_with("CVSS:3.0/")) return "CVSSv3";
  if (vector.starts_with("CVSS:4.0/")) return "CVSSv4";
  if (vector.starts_with("AV:") || vector.starts_with("(AV:")) return "CVSSv2";
  return "other";
}

std::string FormatDecimal(double value, int precision) {
  if (!std::isfinite(value)) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, value);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::vector<size_t> SortedPositions(const std::vector<model::Package>& packages) {
  std::vector<size_t> order(packages.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return PackageTotalLess(packages[a], packages[b]); });
  std::vector<size_t> position(packages.size());
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  return position;
}

}  // namespace hullscan::report
