#include "version/pep440_version.h"

#include <string>
#include <vector>

#include "version/version_text.h"

namespace hullscan::version {
namespace {

constexpr std::string_view kName = "pep440";

// One local-version segment: digits compare as numbers and rank above letters.
struct LocalSegment {
  bool numeric;
  std::string text;  // lowercase; for numeric segments without leading zeros
};

// The comparison key of packaging's _cmpkey, with its ±infinity sentinels spelled as ranks.
struct Key {
  std::string epoch = "0";
  std::vector<std::string> release;  // trailing zeros dropped
  // pre: -1 = below every prerelease (a dev release of the final version: "1.0.dev1"),
  // 0..2 = a/b/rc with pre_number, 3 = above every prerelease (no prerelease).
  int pre_rank = 3;
  std::string pre_number;
  bool has_post = false;  // absent ranks below every post number
  std::string post_number;
  bool has_dev = false;  // absent ranks above every dev number
  std::string dev_number;
  bool has_local = false;  // absent ranks below every local label
  std::vector<LocalSegment> local;
};

class Pep440Version final : public Version {
 public:
  Pep440Version(std::string text, Key key) : text_(std::move(text)), key_(std::move(key)) {}
  SchemeId scheme() const override { return SchemeId::kPep440; }
  const std::string& text() const override { return text_; }
  const Key& key() const { return key_; }

 private:
  std::string text_;
  Key key_;
};

// A cursor over the lowercased text, mirroring the optional groups of VERSION_PATTERN.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ == s_.size(); }
  size_t pos() const { return i_; }
  void Reset(size_t pos) { i_ = pos; }
  bool Peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++i_;
    return true;
  }
  // Takes an optional [-_.] separator.
  void TakeSeparator() {
    if (i_ < s_.size() && (s_[i_] == '-' || s_[i_] == '_' || s_[i_] == '.')) ++i_;
  }
  bool TakeWord(std::string_view w) {
    if (s_.substr(i_).starts_with(w)) {
      i_ += w.size();
      return true;
    }
    return false;
  }
  // Takes [0-9]+; "" when there are none.
  std::string_view TakeDigits() {
    size_t start = i_;
    while (i_ < s_.size() && IsAsciiDigit(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  std::string_view Rest() const { return s_.substr(i_); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::string Number(std::string_view digits) {
  return digits.empty() ? std::string("0") : std::string(StripLeadingZeros(digits));
}

// [-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?  -> rank 0..2, or false.
bool ParsePre(Cursor& c, Key& key) {
  size_t start = c.pos();
  c.TakeSeparator();
  // Longest spellings first, as the regex alternation order makes them win.
  static constexpr struct {
    std::string_view word;
    int rank;
  } kPre[] = {{"alpha", 0}, {"a", 0}, {"beta", 1}, {"b", 1}, {"preview", 2}, {"pre", 2}, {"c", 2}, {"rc", 2}};
  for (const auto& p : kPre) {
    if (c.TakeWord(p.word)) {
      // A separator with no number after it is still consumed, as the regex does ("1.0a." is
      // 1.0a0); every later group takes an optional separator, so nothing is lost.
      c.TakeSeparator();
      std::string_view n = c.TakeDigits();
      key.pre_rank = p.rank;
      key.pre_number = Number(n);
      return true;
    }
  }
  c.Reset(start);
  return false;
}

// (-[0-9]+) | ([-_.]?(post|rev|r)[-_.]?([0-9]+)?)
bool ParsePost(Cursor& c, Key& key) {
  size_t start = c.pos();
  if (c.Take('-')) {
    std::string_view n = c.TakeDigits();
    if (!n.empty()) {
      key.has_post = true;
      key.post_number = Number(n);
      return true;
    }
    c.Reset(start);
  }
  c.TakeSeparator();
  for (std::string_view w : {"post", "rev", "r"}) {
    if (c.TakeWord(w)) {
      c.TakeSeparator();
      std::string_view n = c.TakeDigits();
      key.has_post = true;
      key.post_number = Number(n);
      return true;
    }
  }
  c.Reset(start);
  return false;
}

// [-_.]?dev[-_.]?([0-9]+)?
bool ParseDev(Cursor& c, Key& key) {
  size_t start = c.pos();
  c.TakeSeparator();
  if (c.TakeWord("dev")) {
    c.TakeSeparator();
    std::string_view n = c.TakeDigits();
    key.has_dev = true;
    key.dev_number = Number(n);
    return true;
  }
  c.Reset(start);
  return false;
}

Result<std::unique_ptr<Version>> ParsePep440(std::string_view text) {
  if (text.size() > kMaxVersionTextBytes) {
    return VersionError(kName, text, "longer than " + std::to_string(kMaxVersionTextBytes) + " bytes");
  }
  std::string lower(TrimAsciiSpace(text));
  for (char& ch : lower) ch = AsciiLower(ch);
  Cursor c(lower);
  Key key;
  c.Take('v');

  // Epoch and release: [0-9]+! then [0-9]+(\.[0-9]+)*
  std::string_view first = c.TakeDigits();
  if (first.empty()) return VersionError(kName, text, "expected a release number");
  if (c.Take('!')) {
    key.epoch = Number(first);
    first = c.TakeDigits();
    if (first.empty()) return VersionError(kName, text, "expected a release number after the epoch");
  }
  key.release.push_back(Number(first));
  while (true) {
    size_t before = c.pos();
    if (!c.Take('.')) break;
    std::string_view n = c.TakeDigits();
    if (n.empty()) {
      c.Reset(before);  // ".dev1", ".post1", ".a1" follow the release
      break;
    }
    key.release.push_back(Number(n));
  }
  while (key.release.size() > 1 && key.release.back() == "0") key.release.pop_back();
  if (key.release.size() == 1 && key.release.back() == "0") key.release.clear();

  bool has_pre = ParsePre(c, key);
  ParsePost(c, key);
  ParseDev(c, key);
  if (!has_pre) {
    // _cmpkey: a dev release with neither pre nor post sorts before every prerelease.
    key.pre_rank = (!key.has_post && key.has_dev) ? -1 : 3;
  }

  // Local label: \+[a-z0-9]+([-_.][a-z0-9]+)*
  if (c.Take('+')) {
    key.has_local = true;
    std::string_view rest = c.Rest();
    size_t start = 0;
    while (true) {
      size_t end = start;
      while (end < rest.size() && (IsAsciiDigit(rest[end]) || IsAsciiAlpha(rest[end]))) ++end;
      std::string_view seg = rest.substr(start, end - start);
      if (seg.empty()) return VersionError(kName, text, "empty or invalid local version segment");
      bool numeric = IsDigits(seg);
      key.local.push_back({numeric, numeric ? std::string(StripLeadingZeros(seg)) : std::string(seg)});
      if (end == rest.size()) break;
      if (rest[end] != '-' && rest[end] != '_' && rest[end] != '.') {
        return VersionError(kName, text, "invalid character in local version");
      }
      start = end + 1;
    }
  } else if (!c.AtEnd()) {
    return VersionError(kName, text, "unexpected text after the version");
  }
  return std::make_unique<Pep440Version>(std::string(text), std::move(key));
}

std::strong_ordering CompareKeys(const Key& a, const Key& b) {
  if (auto c = CompareDigits(a.epoch, b.epoch); c != 0) return c;
  // Release tuples with trailing zeros dropped: element-wise, then the shorter first.
  for (size_t i = 0; i < a.release.size() && i < b.release.size(); ++i) {
    if (auto c = CompareDigits(a.release[i], b.release[i]); c != 0) return c;
  }
  if (auto c = a.release.size() <=> b.release.size(); c != 0) return c;
  if (auto c = a.pre_rank <=> b.pre_rank; c != 0) return c;
  if (a.pre_rank >= 0 && a.pre_rank <= 2) {
    if (auto c = CompareDigits(a.pre_number, b.pre_number); c != 0) return c;
  }
  if (auto c = a.has_post <=> b.has_post; c != 0) return c;
  if (a.has_post) {
    if (auto c = CompareDigits(a.post_number, b.post_number); c != 0) return c;
  }
  if (auto c = b.has_dev <=> a.has_dev; c != 0) return c;  // no dev ranks above any dev
  if (a.has_dev) {
    if (auto c = CompareDigits(a.dev_number, b.dev_number); c != 0) return c;
  }
  if (auto c = a.has_local <=> b.has_local; c != 0) return c;
  for (size_t i = 0; i < a.local.size() && i < b.local.size(); ++i) {
    const LocalSegment& x = a.local[i];
    const LocalSegment& y = b.local[i];
    if (x.numeric != y.numeric) return x.numeric ? std::strong_ordering::greater : std::strong_ordering::less;
    auto c = x.numeric ? CompareDigits(x.text, y.text) : CompareBytes(x.text, y.text);
    if (c != 0) return c;
  }
  return a.local.size() <=> b.local.size();
}

class Pep440SchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kPep440; }
  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override { return ParsePep440(text); }
  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_CHECK(a.scheme() == SchemeId::kPep440 && b.scheme() == SchemeId::kPep440);
    return CompareKeys(static_cast<const Pep440Version&>(a).key(), static_cast<const Pep440Version&>(b).key());
  }
};

}  // namespace

const VersionScheme& Pep440Scheme() {
  static const Pep440SchemeImpl kScheme;
  return kScheme;
}

}  // namespace hullscan::version
