#include "model/advisory.h"

#include <cctype>

namespace hullscan::model {

std::string_view FixStateName(FixState s) {
  switch (s) {
    case FixState::kFixed: return "fixed";
    case FixState::kAffected: return "affected";
    case FixState::kWillNotFix: return "will_not_fix";
    case FixState::kNotAffected: return "not_affected";
  }
  return "fixed";
}

int SeverityRank(std::string_view type, double score, std::string_view label) {
  bool has_label = !label.empty() && label != "UNKNOWN";
  if (type == "CVSS_V3" && score >= 0) return 0;
  if (type == "CVSS_V4" && score >= 0) return 1;
  if (type.empty() && has_label) return 2;
  if (type == "CVSS_V2" && score >= 0) return 3;
  if (has_label) return 4;
  return 99;
}

int SeverityRank(const SeverityScore& s) { return SeverityRank(s.type, s.score, s.label); }

const SeverityScore* PickSeverity(const std::vector<SeverityScore>& scores) {
  const SeverityScore* best = nullptr;
  for (const auto& s : scores) {
    if (SeverityRank(s) == 99) continue;
    if (!best || SeverityRank(s) < SeverityRank(*best)) best = &s;
  }
  return best;
}

std::string_view SeverityLabel(double score) {
  if (score >= 9.0) return "CRITICAL";
  if (score >= 7.0) return "HIGH";
  if (score >= 4.0) return "MEDIUM";
  if (score > 0.0) return "LOW";
  if (score == 0.0) return "NONE";
  return "UNKNOWN";
}

std::string_view EcosystemBase(std::string_view ecosystem) {
  size_t colon = ecosystem.find(':');
  return colon == std::string_view::npos ? ecosystem : ecosystem.substr(0, colon);
}

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string NormalizePackageName(std::string_view ecosystem, std::string_view name) {
  std::string_view base = EcosystemBase(ecosystem);
  if (base == "PyPI") {
    // PEP 503: re.sub(r"[-_.]+", "-", name).lower()
    std::string out;
    bool in_run = false;
    for (char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        if (!in_run) out.push_back('-');
        in_run = true;
      } else {
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        in_run = false;
      }
    }
    return out;
  }
  if (base == "npm" || base == "NuGet" || base == "Packagist" || base == "Alpine" || base == "Debian" ||
      base == "Wolfi" || base == "Ubuntu") {
    return Lower(name);
  }
  return std::string(name);
}

}  // namespace hullscan::model
