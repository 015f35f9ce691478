#include "version/apk_version.h"

#include <string>
#include <vector>

#include "version/version_text.h"

namespace hullscan::version {

namespace {

constexpr std::string_view kScheme = "apk";

// apk-tools' enum PARTS, in its order: the comparison after a common prefix uses it.
enum class Token : uint8_t { kInitialDigit, kDigit, kLetter, kSuffix, kSuffixNo, kCommitHash, kRevisionNo, kEnd };

// apk-tools' suffix enum: pre-release suffixes below kNone, post-release ones above.
enum class Suffix : uint8_t { kAlpha, kBeta, kPre, kRc, kNone, kCvs, kSvn, kGit, kHg, kP };

struct Part {
  Token token = Token::kEnd;
  Suffix suffix = Suffix::kNone;
  std::string value;  // digits, the letter, the suffix word or the hash
};

bool ParseSuffix(std::string_view word, Suffix* out) {
  static constexpr std::pair<std::string_view, Suffix> kSuffixes[] = {
      {"alpha", Suffix::kAlpha}, {"beta", Suffix::kBeta}, {"pre", Suffix::kPre}, {"rc", Suffix::kRc},
      {"cvs", Suffix::kCvs},     {"svn", Suffix::kSvn},   {"git", Suffix::kGit}, {"hg", Suffix::kHg},
      {"p", Suffix::kP},
  };
  for (const auto& [name, suffix] : kSuffixes) {
    if (word == name) {
      *out = suffix;
      return true;
    }
  }
  return false;
}

class ApkVersion final : public Version {
 public:
  ApkVersion(std::string text, std::vector<Part> parts) : text_(std::move(text)), parts_(std::move(parts)) {}
  SchemeId scheme() const override { return SchemeId::kApk; }
  const std::string& text() const override { return text_; }
  /// The tokens, ending with one Token::kEnd.
  const std::vector<Part>& parts() const { return parts_; }

 private:
  std::string text_;
  std::vector<Part> parts_;
};

size_t SpanDigits(std::string_view s, size_t i) {
  while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  return i;
}

// token_first() + token_next() until TOKEN_END; any TOKEN_INVALID is an error naming the offset.
Result<std::vector<Part>> Tokenize(std::string_view text) {
  std::vector<Part> parts;
  size_t i = SpanDigits(text, 0);
  if (i == 0) return VersionError(kScheme, text, "does not start with a digit");
  parts.push_back({Token::kInitialDigit, Suffix::kNone, std::string(text.substr(0, i))});
  auto invalid = [&](std::string_view why) {
    return VersionError(kScheme, text, std::string(why) + " at offset " + std::to_string(i));
  };
  while (i < text.size()) {
    Token last = parts.back().token;
    char c = text[i];
    Part part;
    if (c >= 'a' && c <= 'z') {
      if (last > Token::kDigit) return invalid("letter not after a number");
      part = {Token::kLetter, Suffix::kNone, std::string(1, c)};
      ++i;
    } else if (c == '.' || IsAsciiDigit(c)) {
      if (c == '.') {
        if (last > Token::kDigit) return invalid("'.' not after a number");
        ++i;
      }
      if (last == Token::kInitialDigit || last == Token::kDigit || (last == Token::kLetter && c != '.')) {
        // Digits right after the letter ("3.3.3p1-r3", libretls in Alpine 3.14) are valid for
        // apk-tools 2.x, which installed every Alpine release to date; apk-tools 3 rejects them.
        part.token = Token::kDigit;
      } else if (last == Token::kSuffix) {
        part.token = Token::kSuffixNo;
      } else {
        return invalid("unexpected number");
      }
      size_t end = SpanDigits(text, i);
      if (end == i) return invalid("missing number");
      part.value = std::string(text.substr(i, end - i));
      i = end;
    } else if (c == '_') {
      if (last > Token::kSuffixNo) return invalid("suffix after hash or revision");
      ++i;
      size_t end = i;
      while (end < text.size() && text[end] >= 'a' && text[end] <= 'z') ++end;
      part.token = Token::kSuffix;
      part.value = std::string(text.substr(i, end - i));
      if (!ParseSuffix(part.value, &part.suffix)) return invalid("unknown suffix '_" + part.value + "'");
      i = end;
    } else if (c == '~') {
      if (last >= Token::kCommitHash) return invalid("'~' after hash or revision");
      ++i;
      size_t end = i;
      while (end < text.size() && (IsAsciiDigit(text[end]) || (text[end] >= 'a' && text[end] <= 'f'))) ++end;
      if (end == i) return invalid("empty commit hash");
      part = {Token::kCommitHash, Suffix::kNone, std::string(text.substr(i, end - i))};
      i = end;
    } else if (c == '-') {
      if (last >= Token::kRevisionNo) return invalid("second revision");
      if (i + 1 >= text.size() || text[i + 1] != 'r') return invalid("'-' not followed by 'r'");
      i += 2;
      size_t end = SpanDigits(text, i);
      if (end == i) return invalid("missing revision number");
      part = {Token::kRevisionNo, Suffix::kNone, std::string(text.substr(i, end - i))};
      i = end;
    } else {
      return invalid("unexpected character");
    }
    parts.push_back(std::move(part));
  }
  parts.push_back({Token::kEnd, Suffix::kNone, ""});
  return parts;
}

// token_cmp(): REQUIRES a.token == b.token.
std::strong_ordering ComparePart(const Part& a, const Part& b) {
  switch (a.token) {
    case Token::kDigit:
      // "if either of the digits have a leading zero, use raw string comparison".
      if (a.value[0] == '0' || b.value[0] == '0') return CompareBytes(a.value, b.value);
      return CompareDigits(a.value, b.value);
    case Token::kInitialDigit:
    case Token::kSuffixNo:
    case Token::kRevisionNo:
      return CompareDigits(a.value, b.value);
    case Token::kLetter:
      return CompareBytes(a.value, b.value);
    case Token::kSuffix:
      return a.suffix <=> b.suffix;
    case Token::kCommitHash:
    case Token::kEnd:
      return CompareBytes(a.value, b.value);
  }
  return std::strong_ordering::equal;
}

class ApkSchemeImpl final : public VersionScheme {
 public:
  SchemeId id() const override { return SchemeId::kApk; }

  Result<std::unique_ptr<Version>> Parse(std::string_view text) const override {
    if (text.size() > kMaxVersionTextBytes) return VersionError(kScheme, text, "longer than 1024 bytes");
    if (text.empty()) return VersionError(kScheme, text, "empty");
    HS_ASSIGN_OR_RETURN(std::vector<Part> parts, Tokenize(text));
    return std::make_unique<ApkVersion>(std::string(text), std::move(parts));
  }

  // apk_version_compare_fuzzy(a, b, false).
  std::strong_ordering Compare(const Version& a, const Version& b) const override {
    HS_DCHECK(a.scheme() == SchemeId::kApk && b.scheme() == SchemeId::kApk);
    const std::vector<Part>& pa = static_cast<const ApkVersion&>(a).parts();
    const std::vector<Part>& pb = static_cast<const ApkVersion&>(b).parts();
    size_t i = 0;
    while (pa[i].token == pb[i].token && pa[i].token != Token::kEnd) {
      std::strong_ordering c = ComparePart(pa[i], pb[i]);
      if (c != 0) return c;
      ++i;
    }
    const Part& ta = pa[i];
    const Part& tb = pb[i];
    if (ta.token == tb.token) return std::strong_ordering::equal;
    // The common prefix is equal: the longer version is newer unless it goes on with a
    // pre-release suffix.
    if (ta.token == Token::kSuffix && ta.suffix < Suffix::kNone) return std::strong_ordering::less;
    if (tb.token == Token::kSuffix && tb.suffix < Suffix::kNone) return std::strong_ordering::greater;
    return tb.token <=> ta.token;
  }
};

}  // namespace

const VersionScheme& ApkScheme() {
  static const ApkSchemeImpl kInstance;
  return kInstance;
}

}  // namespace hullscan::version
