#include "version/dpkg_version.h"

#include <climits>
#include <string>

#include "version/version_text.h"

namespace hullscan::version {

namespace {

constexpr std::string_view kScheme = "dpkg";

class DpkgVersion final : public Version {
 public:
  DpkgVersion(std::string text, int64_t epoch, std::string upstream, std::string revision)
      : text_(std::move(text)), epoch_(epoch), upstream_(std::move(upstream)), revision_(std::move(revision)) {}
  SchemeId scheme() const override { return SchemeId::kDpkg; }
  const std::string& text() const override { return text_; }
  int64_t epoch() const { return epoch_; }
  const std::string& upstream() const { return upstream_; }
  const std::string& revision() const { return revision_; }

 private:
  std::string text_;
  int64_t epoch_;
  std::string upstream_;
  std::string revision_;
};

// dpkg trims and splits on c_isblank (lib/dpkg/c-ctype.h): space and tab only. Other control
// characters such as '\n' are "invalid characters" (a warning) and take part in the order.
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// verrevcmp()'s order(): digits 0 (they end the non-digit run), letters their ASCII code, '~'
// below everything including the end of the string, every other byte after all letters. dpkg
// passes a plain (signed) char, and its c_isalpha() reads the byte as unsigned, so a byte >= 0x80
// ends up as (byte - 256) + 256.
int Order(unsigned char c) {
  if (c >= '0' && c <= '9') return 0;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return c;
  if (c == '~') return -1;
  if (c == 0) return 0;
  if (c >= 0x80) return c;
  return c + 256;
}

// lib/dpkg/version.c verrevcmp(), with the end of the string read as '\0' and digit runs compared
// by length after dropping leading zeros (dpkg compares them digit by digit too: same result).
int VerRevCmp(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  auto at = [](std::string_view s, size_t k) -> unsigned char {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0;
  };
  auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() || j < b.size()) {
    while ((at(a, i) != 0 && !digit(at(a, i))) || (at(b, j) != 0 && !digit(at(b, j)))) {
      int ac = Order(at(a, i));
      int bc = Order(at(b, j));
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    int first_diff = 0;
    while (digit(at(a, i)) && digit(at(b, j))) {
      if (first_diff == 0) first_diff = static_cast<int>(at(a, i)) - static_cast<int>(at(b, j));
      ++i;
      ++j;
    }
    if (digit(at(a, i))) return 1;
    if (digit(at(b, j))) return -1;
    if (first_diff != 0) return first_diff < 0 ? -1 : 1;
  }
  return 0;
}

std::strong_ordering ToOrdering(int c) {
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

class DpkgSchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kDpkg; }

  // lib/dpkg/parsehelp.c parseversion(); the checks below are its errors, in its order.
  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override {
    if (text.size() > kMaxVersionTextBytes) return VersionError(kScheme, text, "longer than 1024 bytes");
    if (text.find('\0') != std::string_view::npos) return VersionError(kScheme, text, "contains a nul byte");
    std::string_view s = text;
    while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
    if (s.empty()) return VersionError(kScheme, text, "version string is empty");
    size_t end = 0;
    while (end < s.size() && !IsBlank(s[end])) ++end;
    for (size_t k = end; k < s.size(); ++k) {
      if (!IsBlank(s[k])) return VersionError(kScheme, text, "version string has embedded spaces");
    }
    s = s.substr(0, end);

    int64_t epoch = 0;
    size_t colon = s.find(':');
    if (colon != std::string_view::npos) {
      // strtol(s, &end, 10): an optional sign, then decimal digits that must end at the colon.
      std::string_view e = s.substr(0, colon);
      bool negative = false;
      size_t k = 0;
      while (k < e.size() && IsAsciiSpace(e[k])) ++k;  // strtol skips isspace(), not just blanks
      if (k < e.size() && (e[k] == '+' || e[k] == '-')) {
        negative = e[k] == '-';
        ++k;
      }
      size_t digits_begin = k;
      while (k < e.size() && IsAsciiDigit(e[k])) ++k;
      if (k == digits_begin) {
        // strtol converted nothing: its end pointer is the start of the string.
        return VersionError(kScheme, text, "epoch in version is empty");
      }
      if (k != e.size()) return VersionError(kScheme, text, "epoch in version is not number");
      std::string_view digits = StripLeadingZeros(e.substr(digits_begin, k - digits_begin));
      if (negative && digits != "0") return VersionError(kScheme, text, "epoch in version is negative");
      if (CompareDigits(digits, std::to_string(INT_MAX)) > 0) {
        return VersionError(kScheme, text, "epoch in version is too big");
      }
      for (char c : digits) epoch = epoch * 10 + (c - '0');
      if (colon + 1 == s.size()) return VersionError(kScheme, text, "nothing after colon in version number");
      s = s.substr(colon + 1);
    }
    std::string_view upstream = s;
    std::string_view revision;
    size_t hyphen = s.rfind('-');
    if (hyphen != std::string_view::npos) {
      upstream = s.substr(0, hyphen);
      revision = s.substr(hyphen + 1);
      if (revision.empty()) return VersionError(kScheme, text, "revision number is empty");
    }
    if (upstream.empty()) return VersionError(kScheme, text, "version number is empty");
    // dpkg's remaining checks (upstream starts with a digit; characters from the policy set) are
    // warnings that `dpkg --compare-versions` prints and then compares anyway.
    return std::make_unique<DpkgVersion>(std::string(text), epoch, std::string(upstream), std::string(revision));
  }

  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_DCHECK(a.scheme() == SchemeId::kDpkg && b.scheme() == SchemeId::kDpkg);
    const auto& x = static_cast<const DpkgVersion&>(a);
    const auto& y = static_cast<const DpkgVersion&>(b);
    if (x.epoch() != y.epoch()) return x.epoch() <=> y.epoch();
    int c = VerRevCmp(x.upstream(), y.upstream());
    if (c != 0) return ToOrdering(c);
    return ToOrdering(VerRevCmp(x.revision(), y.revision()));
  }
};

}  // namespace

const VersionScheme& DpkgScheme() {
  static const DpkgSchemeImpl kInstance;
  return kInstance;
}

}  // namespace hullscan::version
