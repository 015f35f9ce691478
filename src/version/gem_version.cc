#include "version/gem_version.h"

#include <string>
#include <vector>

#include "version/version_text.h"

namespace hullscan::version {
namespace {

// One of Gem::Version#segments: a number (digits without leading zeros) or a letter run.
struct GemSegment {
  bool number = false;
  std::string text;
  bool operator==(const GemSegment&) const = default;
};

bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }

class GemVersion final : public Version {
 public:
  GemVersion(std::string text, std::vector<GemSegment> canonical)
      : text_(std::move(text)), canonical_(std::move(canonical)) {}
  SchemeId scheme() const override { return SchemeId::kGem; }
  const std::string& text() const override { return text_; }
  const std::vector<GemSegment>& canonical() const { return canonical_; }

 private:
  std::string text_;
  std::vector<GemSegment> canonical_;
};

// True when `s` (already stripped of surrounding whitespace, non-empty) matches VERSION_PATTERN
// in full: [0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
bool MatchesVersionPattern(std::string_view s) {
  size_t i = 0;
  auto run = [&](bool (*accept)(char)) {
    size_t from = i;
    while (i < s.size() && accept(s[i])) ++i;
    return i > from;
  };
  if (!run(+[](char c) { return IsAsciiDigit(c); })) return false;
  while (i < s.size() && s[i] == '.') {
    ++i;
    if (!run(+[](char c) { return IsAsciiAlnum(c); })) return false;
  }
  if (i < s.size() && s[i] == '-') {
    ++i;
    auto pre_char = +[](char c) { return IsAsciiAlnum(c) || c == '-'; };
    if (!run(pre_char)) return false;
    while (i < s.size() && s[i] == '.') {
      ++i;
      if (!run(pre_char)) return false;
    }
  }
  return i == s.size();
}

// canonical_segments: the numeric prefix and the rest (from the first letter segment), each
// without trailing zeros, concatenated.
std::vector<GemSegment> CanonicalSegments(std::string_view s) {
  std::vector<GemSegment> segments;
  // '-' is ".pre." (Gem::Version#initialize); the scan /[0-9]+|[a-z]+/i skips separators.
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '-') {
      segments.push_back(GemSegment{false, "pre"});
      ++i;
    } else if (IsAsciiDigit(s[i])) {
      size_t from = i;
      while (i < s.size() && IsAsciiDigit(s[i])) ++i;
      segments.push_back(GemSegment{true, std::string(StripLeadingZeros(s.substr(from, i - from)))});
    } else if (IsAsciiAlpha(s[i])) {
      size_t from = i;
      while (i < s.size() && IsAsciiAlpha(s[i])) ++i;
      segments.push_back(GemSegment{false, std::string(s.substr(from, i - from))});
    } else {
      ++i;
    }
  }
  size_t first_string = 0;
  while (first_string < segments.size() && segments[first_string].number) ++first_string;
  auto is_zero = [](const GemSegment& g) { return g.number && g.text == "0"; };
  std::vector<GemSegment> out;
  size_t end = first_string;
  while (end > 0 && is_zero(segments[end - 1])) --end;
  out.insert(out.end(), segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(end));
  end = segments.size();
  while (end > first_string && is_zero(segments[end - 1])) --end;
  out.insert(out.end(), segments.begin() + static_cast<std::ptrdiff_t>(first_string),
             segments.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

Result<std::unique_ptr<Version>> ParseGem(std::string_view text) {
  if (text.size() > kMaxVersionTextBytes) {
    return VersionError("gem", text, "longer than " + std::to_string(kMaxVersionTextBytes) + " bytes");
  }
  std::string_view s = TrimAsciiSpace(text);
  if (s.empty()) return VersionError("gem", text, "empty");
  if (!MatchesVersionPattern(s)) {
    return VersionError("gem", text, "malformed version number string (Gem::Version::ANCHORED_VERSION_PATTERN)");
  }
  return std::make_unique<GemVersion>(std::string(text), CanonicalSegments(s));
}

const GemSegment kZero{true, "0"};

// Gem::Version#<=>.
std::strong_ordering CompareGem(const GemVersion& a, const GemVersion& b) {
  const auto& l = a.canonical();
  const auto& r = b.canonical();
  for (size_t i = 0; i < l.size() || i < r.size(); ++i) {
    const GemSegment& x = i < l.size() ? l[i] : kZero;
    const GemSegment& y = i < r.size() ? r[i] : kZero;
    if (x == y) continue;
    if (x.number != y.number) return x.number ? std::strong_ordering::greater : std::strong_ordering::less;
    return x.number ? CompareDigits(x.text, y.text) : CompareBytes(x.text, y.text);
  }
  return std::strong_ordering::equal;
}

class GemSchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kGem; }
  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override { return ParseGem(text); }
  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_CHECK(a.scheme() == SchemeId::kGem && b.scheme() == SchemeId::kGem);
    return CompareGem(static_cast<const GemVersion&>(a), static_cast<const GemVersion&>(b));
  }
};

}  // namespace

const VersionScheme& GemScheme() {
  static const GemSchemeImpl kScheme;
  return kScheme;
}

}  // namespace hullscan::version
