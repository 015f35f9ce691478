#include "version/composer_version.h"

#include <optional>
#include <vector>

#include "version/version_text.h"

namespace hullscan::version {
namespace {

constexpr std::string_view kName = "composer";

// PHP's trim() set: " \t\n\r\0\x0B".
bool IsPhpTrimmed(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\x0b'; }

std::string_view PhpTrim(std::string_view s) {
  while (!s.empty() && IsPhpTrimmed(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsPhpTrimmed(s.back())) s.remove_suffix(1);
  return s;
}

// Case-insensitive (ASCII) match of `word` at `pos`.
bool MatchesAt(std::string_view s, size_t pos, std::string_view word) {
  if (pos > s.size() || s.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (AsciiLower(s[pos + i]) != AsciiLower(word[i])) return false;
  }
  return true;
}

bool DigitsAt(std::string_view s, size_t pos, size_t count) {
  if (pos > s.size() || s.size() - pos < count) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!IsAsciiDigit(s[pos + i])) return false;
  }
  return true;
}

size_t DigitRun(std::string_view s, size_t pos) {
  size_t end = pos;
  while (end < s.size() && IsAsciiDigit(s[end])) ++end;
  return end - pos;
}

// The captures of VersionParser::$modifierRegex,
// [._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?  followed by '$'.
struct Modifier {
  std::string_view stability;  // as written; empty when absent
  std::string_view number;     // e.g. ".2" or "1-3"; empty when absent
  bool dev = false;
};

// ([.-]?dev)?$ at `pos` (the whole text is searched case-insensitively, as with the /i flag).
std::optional<bool> MatchDevEnd(std::string_view s, size_t pos) {
  if (pos < s.size() && (s[pos] == '.' || s[pos] == '-') && MatchesAt(s, pos + 1, "dev") && pos + 4 == s.size()) {
    return true;
  }
  if (MatchesAt(s, pos, "dev") && pos + 3 == s.size()) return true;
  if (pos == s.size()) return false;
  return std::nullopt;
}

std::optional<Modifier> MatchModifierAfterSeparator(std::string_view s, size_t pos) {
  // The alternatives in the regex's order: PCRE takes the first that lets the rest match.
  static constexpr std::string_view kStabilities[] = {"stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p"};
  for (std::string_view word : kStabilities) {
    if (!MatchesAt(s, pos, word)) continue;
    size_t q = pos + word.size();
    // ((?:[.-]?\d+)*+)?: possessive, as many as there are.
    size_t number_end = q;
    while (true) {
      size_t r = number_end;
      if (r < s.size() && (s[r] == '.' || s[r] == '-')) ++r;
      size_t digits = DigitRun(s, r);
      if (digits == 0) break;
      number_end = r + digits;
    }
    if (auto dev = MatchDevEnd(s, number_end)) {
      return Modifier{s.substr(pos, word.size()), s.substr(q, number_end - q), *dev};
    }
  }
  if (auto dev = MatchDevEnd(s, pos)) return Modifier{{}, {}, *dev};
  return std::nullopt;
}

std::optional<Modifier> MatchModifier(std::string_view s, size_t pos) {
  if (pos < s.size() && (s[pos] == '.' || s[pos] == '_' || s[pos] == '-')) {
    if (auto m = MatchModifierAfterSeparator(s, pos + 1)) return m;
  }
  return MatchModifierAfterSeparator(s, pos);
}

// The date(time) pattern's group, \d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?, from `pos` (after
// the four digits) with `count` repetitions done, trying PCRE's greedy order. Returns the group's
// end and the modifier after it.
std::optional<std::pair<size_t, Modifier>> MatchDateRest(std::string_view s, size_t pos, int count) {
  auto is_sep = [&](size_t p) { return p < s.size() && (s[p] == '.' || s[p] == ':' || s[p] == '-'); };
  if (count < 6) {
    if (is_sep(pos) && DigitsAt(s, pos + 1, 2)) {
      if (auto r = MatchDateRest(s, pos + 3, count + 1)) return r;
    }
    if (DigitsAt(s, pos, 2)) {
      if (auto r = MatchDateRest(s, pos + 2, count + 1)) return r;
    }
  }
  if (count < 1) return std::nullopt;
  for (size_t sep : {size_t{1}, size_t{0}}) {
    if (sep == 1 && !is_sep(pos)) continue;
    for (size_t len = 3; len >= 1; --len) {
      if (!DigitsAt(s, pos + sep, len)) continue;
      if (auto m = MatchModifier(s, pos + sep + len)) return std::make_pair(pos + sep + len, *m);
    }
  }
  if (auto m = MatchModifier(s, pos)) return std::make_pair(pos, *m);
  return std::nullopt;
}

// VersionParser::expandStability().
std::string ExpandStability(std::string_view stability) {
  std::string s(stability);
  for (char& c : s) c = AsciiLower(c);
  if (s == "a") return "alpha";
  if (s == "b") return "beta";
  if (s == "p" || s == "pl") return "patch";
  if (s == "rc") return "RC";
  return s;
}

// VersionParser::normalizeBranch() for a name that must be numeric ("1.x" -> "1.9999999.9999999.
// 9999999-dev"); nullopt where composer would return "dev-NAME".
std::optional<std::string> NormalizeNumericBranch(std::string_view name) {
  name = PhpTrim(name);
  size_t p = 0;
  if (p < name.size() && (name[p] == 'v' || name[p] == 'V')) ++p;
  size_t digits = DigitRun(name, p);
  if (digits == 0) return std::nullopt;
  std::string out(name.substr(p, digits));
  p += digits;
  int groups = 0;
  while (groups < 3 && p < name.size() && name[p] == '.') {
    if (size_t d = DigitRun(name, p + 1); d > 0) {
      out += name.substr(p, d + 1);
      p += d + 1;
    } else if (p + 1 < name.size() && (name[p + 1] == 'x' || name[p + 1] == 'X' || name[p + 1] == '*')) {
      out += ".9999999";
      p += 2;
    } else {
      break;
    }
    ++groups;
  }
  if (p != name.size()) return std::nullopt;
  for (; groups < 3; ++groups) out += ".9999999";
  return out + "-dev";
}

// The version with the modifiers appended, as normalize() does after a classical or date match.
std::string AppendModifier(std::string version, const Modifier& m) {
  if (!m.stability.empty()) {
    if (m.stability == "stable") return version;
    version += "-" + ExpandStability(m.stability);
    std::string_view number = m.number;
    while (!number.empty() && (number.front() == '.' || number.front() == '-')) number.remove_prefix(1);
    version += number;
  }
  if (m.dev) version += "-dev";
  return version;
}

tl::unexpected<Error> BranchError(std::string_view text) {
  return VersionError(kName, text, "a dev branch, which composer does not order");
}

bool IsPcreSpace(char c) { return IsAsciiSpace(c); }

}  // namespace

Result<std::string> ComposerNormalize(std::string_view text) {
  if (text.size() > kMaxVersionTextBytes) {
    return VersionError(kName, text, "longer than " + std::to_string(kMaxVersionTextBytes) + " bytes");
  }
  std::string_view s = PhpTrim(text);
  if (s.empty()) return VersionError(kName, text, "empty");
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return VersionError(kName, text, "contains a control character");
  }
  // Alias "X as Y": ^([^,\s]++) ++as ++([^,\s]++)$ keeps X.
  {
    auto plain = [](char c) { return c != ',' && !IsPcreSpace(c); };
    size_t i = 0;
    while (i < s.size() && plain(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && s[j] == ' ') ++j;
    if (i > 0 && j > i && s.substr(j, 2) == "as") {
      size_t k = j + 2;
      size_t spaces_end = k;
      while (spaces_end < s.size() && s[spaces_end] == ' ') ++spaces_end;
      size_t m = spaces_end;
      while (m < s.size() && plain(s[m])) ++m;
      if (spaces_end > k && m > spaces_end && m == s.size()) s = s.substr(0, i);
    }
  }
  // Stability flag: @(?:stable|RC|beta|alpha|dev)$, case-insensitive.
  for (std::string_view flag : {"@stable", "@rc", "@beta", "@alpha", "@dev"}) {
    if (s.size() >= flag.size() && MatchesAt(s, s.size() - flag.size(), flag)) {
      s.remove_suffix(flag.size());
      break;
    }
  }
  if (s == "master" || s == "trunk" || s == "default" || MatchesAt(s, 0, "dev-")) return BranchError(text);
  // Build metadata: ^([^,\s+]++)\+[^\s]++$ keeps the part before '+'.
  {
    size_t i = 0;
    while (i < s.size() && s[i] != ',' && s[i] != '+' && !IsPcreSpace(s[i])) ++i;
    if (i > 0 && i + 1 < s.size() && s[i] == '+') {
      bool rest_ok = true;
      for (size_t k = i + 1; k < s.size(); ++k) rest_ok = rest_ok && !IsPcreSpace(s[k]);
      if (rest_ok) s = s.substr(0, i);
    }
  }
  size_t start = (!s.empty() && (s[0] == 'v' || s[0] == 'V')) ? 1 : 0;
  // Classical: ^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)? MODIFIER $.
  if (size_t major = DigitRun(s, start); major >= 1 && major <= 5) {
    std::string version(s.substr(start, major));
    size_t p = start + major;
    int parts = 1;
    while (parts < 4 && p + 1 < s.size() && s[p] == '.' && IsAsciiDigit(s[p + 1])) {
      size_t d = DigitRun(s, p + 1);
      version += s.substr(p, d + 1);
      p += d + 1;
      ++parts;
    }
    for (; parts < 4; ++parts) version += ".0";
    if (auto m = MatchModifier(s, p)) return AppendModifier(std::move(version), *m);
  }
  // Date(time): ^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?) MODIFIER $.
  if (DigitsAt(s, start, 4)) {
    if (auto r = MatchDateRest(s, start + 4, 0)) {
      std::string version(s.substr(start, r->first - start));
      for (char& c : version) {
        if (!IsAsciiDigit(c)) c = '.';
      }
      return AppendModifier(std::move(version), r->second);
    }
  }
  // Numeric dev branches: (.*?)[.-]?dev$ then normalizeBranch().
  if (s.size() >= 3 && MatchesAt(s, s.size() - 3, "dev")) {
    std::string_view name = s.substr(0, s.size() - 3);
    if (!name.empty() && (name.back() == '.' || name.back() == '-')) name.remove_suffix(1);
    if (auto branch = NormalizeNumericBranch(name)) return *branch;
    return VersionError(kName, text, "invalid version string (only numeric branches such as 1.x-dev are versions)");
  }
  return VersionError(kName, text, "invalid version string (composer/semver VersionParser::normalize)");
}

namespace {

bool CIsDigit(char c) { return IsAsciiDigit(c); }
bool CIsAlnum(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }

// php_canonicalize_version(): s/[-_+]/./g, a '.' at digit/non-digit transitions, other
// non-alphanumerics become '.', never two '.' in a row from these rules.
std::string PhpCanonicalize(std::string_view v) {
  std::string q;
  if (v.empty()) return q;
  auto isdig = [](char x) { return CIsDigit(x) && x != '.'; };
  auto isndig = [](char x) { return !CIsDigit(x) && x != '.'; };
  q += v[0];
  char lp = v[0];
  for (size_t i = 1; i < v.size(); ++i) {
    char c = v[i];
    char lq = q.back();
    if (c == '-' || c == '_' || c == '+') {
      if (lq != '.') q += '.';
    } else if ((isndig(lp) && isdig(c)) || (isdig(lp) && isndig(c))) {
      if (lq != '.') q += '.';
      q += c;
    } else if (!CIsAlnum(c)) {
      if (lq != '.') q += '.';
    } else {
      q += c;
    }
    lp = c;
  }
  return q;
}

// compare_special_version_forms(): the first name that is a prefix of the form.
int SpecialFormOrder(std::string_view form) {
  static constexpr std::pair<std::string_view, int> kForms[] = {
      {"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2}, {"RC", 3}, {"rc", 3}, {"#", 4}, {"pl", 5}, {"p", 5},
  };
  for (const auto& [name, order] : kForms) {
    if (form.substr(0, name.size()) == name) return order;
  }
  return -1;
}

int CompareSpecial(std::string_view a, std::string_view b) {
  int x = SpecialFormOrder(a);
  int y = SpecialFormOrder(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

std::string_view LeadingDigits(std::string_view s) { return s.substr(0, DigitRun(s, 0)); }

// What php_version_compare() compares: the canonical form, except for a special form ("#...").
std::string PhpCompareForm(std::string_view v) {
  return !v.empty() && v[0] == '#' ? std::string(v) : PhpCanonicalize(v);
}

// php_version_compare() after both sides were made PhpCompareForm()s: a parsed version keeps its
// form, so that comparing it many times does not canonicalise it again.
int PhpCompareForms(std::string_view v1, std::string_view v2);

}  // namespace

int PhpVersionCompare(std::string_view orig1, std::string_view orig2) {
  return PhpCompareForms(PhpCompareForm(orig1), PhpCompareForm(orig2));
}

namespace {

int PhpCompareForms(std::string_view v1, std::string_view v2) {
  if (v1.empty() || v2.empty()) {
    if (v1.empty() && v2.empty()) return 0;
    return v1.empty() ? -1 : 1;
  }
  constexpr std::string_view kNumber = "#N#";
  size_t p1 = 0, p2 = 0;
  bool more1 = true, more2 = true;  // the C code's n1 != NULL, n2 != NULL
  int compare = 0;
  while (p1 < v1.size() && p2 < v2.size() && more1 && more2) {
    size_t n1 = v1.find('.', p1);
    size_t n2 = v2.find('.', p2);
    more1 = n1 != std::string::npos;
    more2 = n2 != std::string::npos;
    std::string_view part1 = std::string_view(v1).substr(p1, more1 ? n1 - p1 : std::string_view::npos);
    std::string_view part2 = std::string_view(v2).substr(p2, more2 ? n2 - p2 : std::string_view::npos);
    bool d1 = !part1.empty() && CIsDigit(part1[0]);
    bool d2 = !part2.empty() && CIsDigit(part2[0]);
    if (d1 && d2) {
      auto c = CompareDigits(LeadingDigits(part1), LeadingDigits(part2));
      compare = c < 0 ? -1 : c > 0 ? 1 : 0;
    } else if (!d1 && !d2) {
      compare = CompareSpecial(part1, part2);
    } else {
      compare = d1 ? CompareSpecial(kNumber, part2) : CompareSpecial(part1, kNumber);
    }
    if (compare != 0) break;
    if (more1) p1 = n1 + 1;
    if (more2) p2 = n2 + 1;
  }
  if (compare == 0) {
    // The rest goes through PhpVersionCompare, which canonicalises it again, as the C code's
    // recursion does.
    if (more1) {
      compare = p1 < v1.size() && CIsDigit(v1[p1]) ? 1 : PhpVersionCompare(v1.substr(p1), kNumber);
    } else if (more2) {
      compare = p2 < v2.size() && CIsDigit(v2[p2]) ? -1 : PhpVersionCompare(kNumber, v2.substr(p2));
    }
  }
  return compare;
}

class ComposerVersion final : public Version {
 public:
  ComposerVersion(std::string text, std::string normalized)
      : text_(std::move(text)), form_(PhpCompareForm(normalized)) {}
  SchemeId scheme() const override { return SchemeId::kComposer; }
  const std::string& text() const override { return text_; }
  /// The normalised text as version_compare() compares it.
  const std::string& form() const { return form_; }

 private:
  std::string text_;
  std::string form_;
};

class ComposerSchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kComposer; }
  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override {
    HS_ASSIGN_OR_RETURN(std::string normalized, ComposerNormalize(text));
    return std::make_unique<ComposerVersion>(std::string(text), std::move(normalized));
  }
  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_CHECK(a.scheme() == SchemeId::kComposer && b.scheme() == SchemeId::kComposer);
    int r = PhpCompareForms(static_cast<const ComposerVersion&>(a).form(), static_cast<const ComposerVersion&>(b).form());
    return r < 0 ? std::strong_ordering::less : r > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
  }
};

}  // namespace

const VersionScheme& ComposerScheme() {
  static const ComposerSchemeImpl kScheme;
  return kScheme;
}

}  // namespace hullscan::version
