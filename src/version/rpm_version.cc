#include "version/rpm_version.h"

#include <string>

#include "version/version_text.h"

namespace hullscan::version {

namespace {

constexpr std::string_view kScheme = "rpm";

class RpmVersion final : public Version {
 public:
  RpmVersion(std::string text, std::string epoch, std::string version, std::string release)
      : text_(std::move(text)), epoch_(std::move(epoch)), version_(std::move(version)), release_(std::move(release)) {}
  SchemeId scheme() const override { return SchemeId::kRpm; }
  const std::string& text() const override { return text_; }
  const std::string& epoch() const { return epoch_; }
  const std::string& version() const { return version_; }
  const std::string& release() const { return release_; }

 private:
  std::string text_;
  std::string epoch_;  // digits; "0" when absent
  std::string version_;
  std::string release_;  // "" when absent
};

bool IsAlnum(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }

bool IsVersionChar(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '+' || c == '~' || c == '^';
}

std::strong_ordering ToOrdering(int c) {
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

class RpmSchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kRpm; }

  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override {
    if (text.size() > kMaxVersionTextBytes) return VersionError(kScheme, text, "longer than 1024 bytes");
    if (text.empty()) return VersionError(kScheme, text, "empty");
    std::string_view s = text;
    std::string epoch = "0";
    size_t k = 0;
    while (k < s.size() && IsAsciiDigit(s[k])) ++k;
    if (k < s.size() && s[k] == ':') {
      if (k == 0) return VersionError(kScheme, text, "empty epoch before ':'");
      epoch = std::string(StripLeadingZeros(s.substr(0, k)));
      s = s.substr(k + 1);
    }
    std::string_view version = s;
    std::string_view release;
    size_t hyphen = s.rfind('-');
    if (hyphen != std::string_view::npos) {
      version = s.substr(0, hyphen);
      release = s.substr(hyphen + 1);
      if (release.empty()) return VersionError(kScheme, text, "empty release after '-'");
    }
    if (version.empty()) return VersionError(kScheme, text, "empty version");
    for (char c : version) {
      if (!IsVersionChar(c)) return VersionError(kScheme, text, "invalid character in version");
    }
    for (char c : release) {
      if (!IsVersionChar(c)) return VersionError(kScheme, text, "invalid character in release");
    }
    return std::make_unique<RpmVersion>(std::string(text), std::move(epoch), std::string(version),
                                        std::string(release));
  }

  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_DCHECK(a.scheme() == SchemeId::kRpm && b.scheme() == SchemeId::kRpm);
    const auto& x = static_cast<const RpmVersion&>(a);
    const auto& y = static_cast<const RpmVersion&>(b);
    std::strong_ordering c = CompareDigits(x.epoch(), y.epoch());
    if (c != 0) return c;
    int r = RpmVerCmp(x.version(), y.version());
    if (r != 0) return ToOrdering(r);
    // rpmverCmp()'s compare_values(): a missing release is below every release, even "~1".
    bool xr = !x.release().empty();
    bool yr = !y.release().empty();
    if (xr != yr) return xr <=> yr;
    return ToOrdering(RpmVerCmp(x.release(), y.release()));
  }
};

}  // namespace

// A transcription of rpmvercmp() with indexes instead of NUL-terminated pointers; `at()` reads
// past the end as '\0', as the C code reads the terminator.
int RpmVerCmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  auto at = [](std::string_view s, size_t k) -> char { return k < s.size() ? s[k] : '\0'; };
  size_t one = 0;
  size_t two = 0;
  while (one < a.size() || two < b.size()) {
    while (one < a.size() && !IsAlnum(a[one]) && a[one] != '~' && a[one] != '^') ++one;
    while (two < b.size() && !IsAlnum(b[two]) && b[two] != '~' && b[two] != '^') ++two;

    // '~' sorts before everything else, the end of the string included.
    if (at(a, one) == '~' || at(b, two) == '~') {
      if (at(a, one) != '~') return 1;
      if (at(b, two) != '~') return -1;
      ++one;
      ++two;
      continue;
    }
    // '^' is like '~', except that a string that has ended is lower.
    if (at(a, one) == '^' || at(b, two) == '^') {
      if (one >= a.size()) return -1;
      if (two >= b.size()) return 1;
      if (at(a, one) != '^') return 1;
      if (at(b, two) != '^') return -1;
      ++one;
      ++two;
      continue;
    }
    if (one >= a.size() || two >= b.size()) break;

    size_t end1 = one;
    size_t end2 = two;
    bool isnum = IsAsciiDigit(a[one]);
    if (isnum) {
      while (end1 < a.size() && IsAsciiDigit(a[end1])) ++end1;
      while (end2 < b.size() && IsAsciiDigit(b[end2])) ++end2;
    } else {
      while (end1 < a.size() && IsAsciiAlpha(a[end1])) ++end1;
      while (end2 < b.size() && IsAsciiAlpha(b[end2])) ++end2;
    }
    // A numeric segment against an alpha one (the other side's run is empty): numeric is newer.
    if (end2 == two) return isnum ? 1 : -1;
    std::string_view seg1 = a.substr(one, end1 - one);
    std::string_view seg2 = b.substr(two, end2 - two);
    std::strong_ordering c = isnum ? CompareDigits(seg1, seg2) : CompareBytes(seg1, seg2);
    if (c != 0) return c < 0 ? -1 : 1;
    one = end1;
    two = end2;
  }
  if (one >= a.size() && two >= b.size()) return 0;
  // Whichever version still has characters left wins.
  return one >= a.size() ? -1 : 1;
}

const VersionScheme& RpmScheme() {
  static const RpmSchemeImpl kInstance;
  return kInstance;
}

}  // namespace hullscan::version
