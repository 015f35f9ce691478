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
