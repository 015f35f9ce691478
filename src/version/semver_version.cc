#include "version/semver_version.h"

#include <string>
#include <vector>

#include "version/version_text.h"

namespace hullscan::version {
namespace {

// What one dialect accepts. Precedence is the same for all (semver_version.h).
struct Dialect {
  SchemeId id;
  std::string_view name;
  size_t max_text_bytes;
  bool trim_space;             // npm, NuGet trim surrounding whitespace
  bool optional_v;             // npm: "v1.2.3"
  bool required_v;             // Go: "v1.2.3" only
  size_t min_parts;            // fewer parts than three are shorthands (Go, NuGet)
  size_t max_parts;            // NuGet: four
  bool go_shorthand_only_bare;  // Go: "v1"/"v1.2" may not carry a prerelease or build
  bool release_leading_zeros;  // NuGet (System.Version) allows "01.2"
  bool release_fits_u64;       // Cargo: the semver crate stores u64
  bool fold_case;              // NuGet: labels compared with OrdinalIgnoreCase
};

constexpr Dialect kNpm{SchemeId::kSemver, "semver", 256, true, true, false, 3, 3, false, false, false, false};
constexpr Dialect kCargo{SchemeId::kCargo, "cargo", kMaxVersionTextBytes, false, false, false, 3, 3, false, false, true, false};
constexpr Dialect kGo{SchemeId::kGo, "go", kMaxVersionTextBytes, false, false, true, 1, 3, true, false, false, false};
constexpr Dialect kNuget{SchemeId::kNuget, "nuget", kMaxVersionTextBytes, true, false, false, 1, 4, false, true, false, true};

// The parsed form: release numbers without leading zeros (padded with "0" to max_parts) and the
// prerelease identifiers (lowercased when the dialect folds case).
class SemverVersion final : public Version {
 public:
  SemverVersion(SchemeId id, std::string text, std::vector<std::string> release, std::vector<std::string> pre)
      : id_(id), text_(std::move(text)), release_(std::move(release)), pre_(std::move(pre)) {}
  SchemeId scheme() const override { return id_; }
  const std::string& text() const override { return text_; }
  const std::vector<std::string>& release() const { return release_; }
  const std::vector<std::string>& pre() const { return pre_; }

 private:
  SchemeId id_;
  std::string text_;
  std::vector<std::string> release_;
  std::vector<std::string> pre_;
};

bool IsIdentifierChar(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c) || c == '-'; }

// Splits a dot-separated identifier list (prerelease or build) and checks each identifier is a
// non-empty run of [0-9A-Za-z-] (SemVer 2.0.0 items 9 and 10). `numeric_leading_zeros` allows
// "01" (build metadata allows it; prereleases do not).
Result<std::vector<std::string>> SplitIdentifiers(const Dialect& d, std::string_view text, std::string_view list,
                                                  std::string_view what, bool numeric_leading_zeros) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = list.find('.', start);
    std::string_view id = list.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (id.empty()) return VersionError(d.name, text, std::string("empty ") + std::string(what) + " identifier");
    for (char c : id) {
      if (!IsIdentifierChar(c)) {
        return VersionError(d.name, text, std::string("invalid character in ") + std::string(what) + " identifier");
      }
    }
    if (!numeric_leading_zeros && id.size() > 1 && id[0] == '0' && IsDigits(id)) {
      return VersionError(d.name, text, std::string("leading zero in numeric ") + std::string(what) + " identifier");
    }
    std::string s(id);
    if (d.fold_case) {
      for (char& c : s) c = AsciiLower(c);
    }
    out.push_back(std::move(s));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

Result<std::unique_ptr<Version>> ParseDialect(const Dialect& d, std::string_view text) {
  if (text.size() > d.max_text_bytes) {
    return VersionError(d.name, text, "longer than " + std::to_string(d.max_text_bytes) + " bytes");
  }
  std::string_view s = d.trim_space ? TrimAsciiSpace(text) : text;
  if (s.empty()) return VersionError(d.name, text, "empty");
  if (d.required_v || d.optional_v) {
    if (s[0] == 'v') {
      s.remove_prefix(1);
    } else if (d.required_v) {
      return VersionError(d.name, text, "must start with 'v'");
    }
  }
  // Build metadata: after the first '+'. The prerelease: after the first '-' before it
  // (identifiers may contain '-').
  std::string_view build;
  bool has_build = false;
  if (size_t plus = s.find('+'); plus != std::string_view::npos) {
    build = s.substr(plus + 1);
    s = s.substr(0, plus);
    has_build = true;
  }
  std::string_view pre;
  bool has_pre = false;
  if (size_t dash = s.find('-'); dash != std::string_view::npos) {
    pre = s.substr(dash + 1);
    s = s.substr(0, dash);
    has_pre = true;
  }

  std::vector<std::string> release;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (release.size() == d.max_parts) {
      return VersionError(d.name, text, "more than " + std::to_string(d.max_parts) + " release numbers");
    }
    if (!IsDigits(part)) return VersionError(d.name, text, "release numbers must be non-empty decimal digits");
    if (!d.release_leading_zeros && part.size() > 1 && part[0] == '0') {
      return VersionError(d.name, text, "leading zero in release number");
    }
    part = StripLeadingZeros(part);
    // u64 holds every 19-digit number and those of 20 digits up to 18446744073709551615.
    if (d.release_fits_u64 && CompareDigits(part, "18446744073709551615") > 0) {
      return VersionError(d.name, text, "release number exceeds 64 bits");
    }
    release.emplace_back(part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (release.size() < d.min_parts) {
    return VersionError(d.name, text, "expected MAJOR.MINOR.PATCH");
  }
  if (d.go_shorthand_only_bare && release.size() < 3 && (has_pre || has_build)) {
    return VersionError(d.name, text, "shorthand vMAJOR or vMAJOR.MINOR takes no prerelease or build");
  }
  while (release.size() < d.max_parts) release.emplace_back("0");

  std::vector<std::string> pre_ids;
  if (has_pre) {
    HS_ASSIGN_OR_RETURN(pre_ids, SplitIdentifiers(d, text, pre, "prerelease", false));
  }
  if (has_build) {
    HS_RETURN_IF_ERROR(SplitIdentifiers(d, text, build, "build", true));
  }
  return std::make_unique<SemverVersion>(d.id, std::string(text), std::move(release), std::move(pre_ids));
}

// SemVer 2.0.0 item 11.4.1-11.4.4.
std::strong_ordering CompareIdentifier(std::string_view a, std::string_view b) {
  bool an = IsDigits(a);
  bool bn = IsDigits(b);
  if (an && bn) return CompareDigits(a, b);
  if (an != bn) return an ? std::strong_ordering::less : std::strong_ordering::greater;
  return CompareBytes(a, b);
}

std::strong_ordering CompareParsed(const SemverVersion& a, const SemverVersion& b) {
  HS_DCHECK(a.release().size() == b.release().size());
  for (size_t i = 0; i < a.release().size(); ++i) {
    if (auto c = CompareDigits(a.release()[i], b.release()[i]); c != 0) return c;
  }
  const auto& ap = a.pre();
  const auto& bp = b.pre();
  if (ap.empty() || bp.empty()) {
    // No prerelease ranks above any prerelease (11.3).
    if (ap.empty() && bp.empty()) return std::strong_ordering::equal;
    return ap.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  for (size_t i = 0; i < ap.size() && i < bp.size(); ++i) {
    if (auto c = CompareIdentifier(ap[i], bp[i]); c != 0) return c;
  }
  return ap.size() <=> bp.size();
}

class SemverFamilyScheme final : public VersionScheme {
 public:
  explicit constexpr SemverFamilyScheme(const Dialect& d) : d_(d) {}
  SchemeId id() const override { return d_.id; }
  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override { return ParseDialect(d_, text); }
  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_CHECK(a.scheme() == d_.id && b.scheme() == d_.id);
    return CompareParsed(static_cast<const SemverVersion&>(a), static_cast<const SemverVersion&>(b));
  }

 private:
  const Dialect& d_;
};

}  // namespace

const VersionScheme& SemverScheme() {
  static const SemverFamilyScheme kScheme(kNpm);
  return kScheme;
}

const VersionScheme& CargoScheme() {
  static const SemverFamilyScheme kScheme(kCargo);
  return kScheme;
}

const VersionScheme& GoScheme() {
  static const SemverFamilyScheme kScheme(kGo);
  return kScheme;
}

const VersionScheme& NugetScheme() {
  static const SemverFamilyScheme kScheme(kNuget);
  return kScheme;
}

}  // namespace hullscan::version
