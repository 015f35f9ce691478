#include "extract/lang/golang/gomod_parser.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace hullscan::extract::golang {

namespace {

// --- go.mod lexing (https://go.dev/ref/mod#go-mod-file-lexical) ------------------------------

struct Token {
  std::string text;
  bool quoted = false;
  bool Is(std::string_view s) const { return !quoted && text == s; }
};

struct LexedLine {
  std::vector<Token> tokens;
  std::string comment;  // text after "//", "" when none
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
bool IsPunct(char c) { return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == ','; }
// Control characters are not part of any token (Go: unicode.IsPrint); bytes >= 0x80 are taken
// as parts of UTF-8 identifiers.
bool IsControl(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

tl::unexpected<Error> ModCorrupt(std::string why, uint64_t line) {
  return MakeError(ErrorCode::kCorrupt, "parse go.mod: " + std::move(why) + " (line " + std::to_string(line) + ")");
}

Error ModWarning(std::string why, uint64_t line) {
  return Error(ErrorCode::kCorrupt, "parse go.mod: " + std::move(why) + " (line " + std::to_string(line) + ")");
}

Result<LexedLine> Lex(std::string_view s, uint64_t line) {
  LexedLine out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (s.substr(i, 2) == "//") {
      out.comment = std::string(s.substr(i + 2));
      break;
    }
    if (s.substr(i, 2) == "/*") return ModCorrupt("go.mod files must use // comments, not /* */ comments", line);
    if (IsPunct(c)) {
      out.tokens.push_back(Token{std::string(1, c), false});
      ++i;
      continue;
    }
    if (c == '"' || c == '`') {
      Token t{"", true};
      size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        const char d = s[j];
        if (d == c) {
          closed = true;
          ++j;
          break;
        }
        if (c == '"' && d == '\\' && j + 1 < s.size()) {
          const char e = s[j + 1];
          t.text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          j += 2;
          continue;
        }
        t.text += d;
        ++j;
      }
      if (!closed) return ModCorrupt("unterminated string", line);
      out.tokens.push_back(std::move(t));
      i = j;
      continue;
    }
    if (IsControl(c)) return ModCorrupt("unexpected control character " + std::to_string(static_cast<unsigned char>(c)), line);
    size_t j = i;
    while (j < s.size() && !IsSpace(s[j]) && !IsPunct(s[j]) && !IsControl(s[j]) && s[j] != '"' && s[j] != '`' &&
           s.substr(j, 2) != "//") {
      ++j;
    }
    out.tokens.push_back(Token{std::string(s.substr(i, j - i)), false});
    i = j;
  }
  return out;
}

// Go's modfile.isIndirect: the line's comment is "indirect" or starts with "indirect;".
bool IsIndirect(std::string_view comment) {
  while (!comment.empty() && IsSpace(comment.front())) comment.remove_prefix(1);
  while (!comment.empty() && IsSpace(comment.back())) comment.remove_suffix(1);
  return comment == "indirect" || comment.substr(0, 9) == "indirect;";
}

// golang.org/x/mod/modfile.IsDirectoryPath: Unix and Windows path forms.
bool IsDirectoryPath(std::string_view p) {
  auto starts = [&](std::string_view pre) { return p.substr(0, pre.size()) == pre; };
  return p == "." || starts("./") || starts(".\\") || p == ".." || starts("../") || starts("..\\") || starts("/") ||
         starts("\\") ||
         (p.size() >= 2 && ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':');
}

bool HasParen(const std::vector<Token>& tokens, size_t from) {
  for (size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].Is("(") || tokens[i].Is(")")) return true;
  }
  return false;
}

class ModParser {
 public:
  Status Entry(const std::string& verb, const std::vector<Token>& args, const std::string& comment, uint64_t line) {
    GoModFile& f = out_.file;
    if (verb == "module") {
      if (args.size() != 1) return Warn("module: want one module path", line);
      f.module_path = args[0].text;
    } else if (verb == "go") {
      if (args.size() != 1) return Warn("go: want one version", line);
      f.go_version = args[0].text;
    } else if (verb == "require") {
      if (args.size() != 2) return Warn("require: want 'module-path version'", line);
      HS_RETURN_IF_ERROR(Count(line));
      f.requirements.push_back(GoRequire{args[0].text, args[1].text, IsIndirect(comment), line});
    } else if (verb == "replace") {
      return Replace(args, line);
    } else if (verb == "exclude" || verb == "retract" || verb == "toolchain" || verb == "godebug" || verb == "tool" ||
               verb == "ignore") {
      // Not part of the dependency list.
    } else {
      return Warn("unknown directive '" + verb + "'", line);
    }
    return OkStatus();
  }

  GoModParse Take() { return std::move(out_); }

 private:
  Status Warn(std::string why, uint64_t line) {
    out_.warnings.push_back(ModWarning(std::move(why), line));
    return OkStatus();
  }

  Status Count(uint64_t line) {
    if (++entries_ > kMaxGoModEntries) {
      return MakeError(ErrorCode::kLimitExceeded, "parse go.mod: more than " + std::to_string(kMaxGoModEntries) +
                                                      " require and replace lines (line " + std::to_string(line) + ")");
    }
    return OkStatus();
  }

  // replace old [old-version] => new [new-version]
  Status Replace(const std::vector<Token>& args, uint64_t line) {
    size_t arrow = args.size();
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].Is("=>")) {
        arrow = i;
        break;
      }
    }
    const size_t after = arrow < args.size() ? args.size() - arrow - 1 : 0;
    if (arrow == args.size() || arrow < 1 || arrow > 2 || after < 1 || after > 2) {
      return Warn("replace: want 'module-path [version] => replacement [version]'", line);
    }
    GoReplace r;
    r.old_path = args[0].text;
    if (arrow == 2) r.old_version = args[1].text;
    r.new_path = args[arrow + 1].text;
    if (after == 2) r.new_version = args[arrow + 2].text;
    r.line = line;
    const bool dir = IsDirectoryPath(r.new_path);
    if (r.new_version.empty() && !dir) {
      return Warn("replace: replacement module without version must be a directory path", line);
    }
    if (!r.new_version.empty() && dir) return Warn("replace: replacement directory cannot have a version", line);
    HS_RETURN_IF_ERROR(Count(line));
    out_.file.replacements.push_back(std::move(r));
    return OkStatus();
  }

  GoModParse out_;
  uint64_t entries_ = 0;
};

// --- versions ----------------------------------------------------------------------------------

struct Semver {
  std::string_view major, minor, patch, prerelease;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// A numeric part without leading zeros; consumes it from `s`.
bool TakeNumber(std::string_view& s, std::string_view& out) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  if (n == 0 || (n > 1 && s[0] == '0')) return false;
  out = s.substr(0, n);
  s.remove_prefix(n);
  return true;
}

// Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading zeros when `numeric_rule`.
bool ValidIdents(std::string_view s, bool numeric_rule) {
  if (s.empty()) return false;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('.', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view id = s.substr(start, end - start);
    if (id.empty()) return false;
    bool all_digits = true;
    for (char c : id) {
      if (!IsIdentChar(c)) return false;
      all_digits = all_digits && IsDigit(c);
    }
    if (numeric_rule && all_digits && id.size() > 1 && id[0] == '0') return false;
    start = end + 1;
  }
  return true;
}

// golang.org/x/mod/semver's grammar: "v" major [ "." minor [ "." patch [ "-" pre ] [ "+" build ] ] ];
// "v1" and "v1.2" are shorthands for "v1.0.0" and "v1.2.0".
std::optional<Semver> ParseSemver(std::string_view v) {
  if (v.empty() || v[0] != 'v') return std::nullopt;
  std::string_view s = v.substr(1);
  Semver out;
  if (!TakeNumber(s, out.major)) return std::nullopt;
  out.minor = "0";
  out.patch = "0";
  if (s.empty()) return out;
  if (s[0] != '.') return std::nullopt;
  s.remove_prefix(1);
  if (!TakeNumber(s, out.minor)) return std::nullopt;
  if (s.empty()) return out;
  if (s[0] != '.') return std::nullopt;
  s.remove_prefix(1);
  if (!TakeNumber(s, out.patch)) return std::nullopt;
  if (!s.empty() && s[0] == '-') {
    const size_t plus = s.find('+');
    out.prerelease = s.substr(1, plus == std::string_view::npos ? std::string_view::npos : plus - 1);
    if (!ValidIdents(out.prerelease, true)) return std::nullopt;
    s = plus == std::string_view::npos ? std::string_view() : s.substr(plus);
  }
  if (!s.empty()) {
    if (s[0] != '+' || !ValidIdents(s.substr(1), false)) return std::nullopt;
  }
  return out;
}

int CompareNumbers(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

// Precedence of pre-release parts (semver 2.0.0, item 11).
int ComparePrerelease(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.empty()) return 1;
  if (b.empty()) return -1;
  while (!a.empty() && !b.empty()) {
    const size_t ea = std::min(a.find('.'), a.size());
    const size_t eb = std::min(b.find('.'), b.size());
    const std::string_view x = a.substr(0, ea);
    const std::string_view y = b.substr(0, eb);
    const bool nx = AllDigits(x);
    const bool ny = AllDigits(y);
    int c = 0;
    if (nx && ny) {
      c = CompareNumbers(x, y);
    } else if (nx != ny) {
      c = nx ? -1 : 1;
    } else {
      c = x.compare(y) < 0 ? -1 : x.compare(y) > 0 ? 1 : 0;
    }
    if (c != 0) return c;
    a.remove_prefix(std::min(ea + 1, a.size()));
    b.remove_prefix(std::min(eb + 1, b.size()));
  }
  if (a.empty() && b.empty()) return 0;
  return a.empty() ? -1 : 1;
}

}  // namespace

Result<GoModParse> ParseGoMod(std::string_view text) {
  if (text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3);
  ModParser parser;
  std::string block;  // the verb of the open block, "" outside one
  uint64_t block_line = 0;
  uint64_t line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    HS_ASSIGN_OR_RETURN(LexedLine lexed, Lex(raw, line));
    const std::vector<Token>& t = lexed.tokens;
    if (t.empty()) continue;
    if (!block.empty()) {
      if (t.size() == 1 && t[0].Is(")")) {
        block.clear();
        continue;
      }
      if (HasParen(t, 0)) return ModCorrupt("unexpected parenthesis inside the " + block + " block", line);
      HS_RETURN_IF_ERROR(parser.Entry(block, t, lexed.comment, line));
      continue;
    }
    if (t[0].quoted || t[0].Is("(") || t[0].Is(")")) return ModCorrupt("unexpected '" + t[0].text + "'", line);
    if (t.size() == 2 && t[1].Is("(")) {
      block = t[0].text;
      block_line = line;
      continue;
    }
    if (t.size() == 3 && t[1].Is("(") && t[2].Is(")")) continue;  // an empty block
    if (HasParen(t, 1)) return ModCorrupt("unexpected parenthesis", line);
    HS_RETURN_IF_ERROR(parser.Entry(t[0].text, std::vector<Token>(t.begin() + 1, t.end()), lexed.comment, line));
  }
  if (!block.empty()) return ModCorrupt("the " + block + " block is not closed", block_line);
  return parser.Take();
}

Result<GoSumParse> ParseGoSum(std::string_view text) {
  GoSumParse out;
  std::map<std::string, size_t, std::less<>> index;  // path -> position in out.modules
  uint64_t good = 0;
  uint64_t line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    std::vector<std::string_view> f;
    size_t i = 0;
    while (i < raw.size()) {
      while (i < raw.size() && IsSpace(raw[i])) ++i;
      size_t j = i;
      while (j < raw.size() && !IsSpace(raw[j])) ++j;
      if (j > i) f.push_back(raw.substr(i, j - i));
      i = j;
    }
    if (f.empty()) continue;
    if (f.size() != 3) {
      out.warnings.emplace_back(ErrorCode::kCorrupt, "parse go.sum: want 'module version hash', got " +
                                                         std::to_string(f.size()) + " fields (line " +
                                                         std::to_string(line) + ")");
      continue;
    }
    ++good;
    constexpr std::string_view kGoModSuffix = "/go.mod";
    const std::string_view version = f[1];
    if (version.size() >= kGoModSuffix.size() &&
        version.substr(version.size() - kGoModSuffix.size()) == kGoModSuffix) {
      continue;  // only the module's go.mod was downloaded (see GoSumModule)
    }
    auto it = index.find(f[0]);
    if (it == index.end()) {
      if (out.modules.size() >= kMaxGoModEntries) {
        return MakeError(ErrorCode::kLimitExceeded,
                         "parse go.sum: more than " + std::to_string(kMaxGoModEntries) + " modules");
      }
      index.emplace(std::string(f[0]), out.modules.size());
      out.modules.push_back(GoSumModule{std::string(f[0]), std::string(version)});
    } else if (CompareGoVersions(version, out.modules[it->second].version) > 0) {
      out.modules[it->second].version = std::string(version);
    }
  }
  if (good == 0 && !out.warnings.empty()) return MakeError(out.warnings.front());
  return out;
}

bool GoVersionBefore117(std::string_view v) {
  if (v.empty()) return true;
  std::string_view s = v;
  auto number = [&](uint64_t& out) {
    size_t n = 0;
    out = 0;
    while (n < s.size() && IsDigit(s[n])) {
      if (n < 9) out = out * 10 + static_cast<uint64_t>(s[n] - '0');
      ++n;
    }
    if (n > 9) out = 1'000'000'000;  // larger than any real component
    s.remove_prefix(n);
    return n > 0;
  };
  uint64_t major = 0;
  uint64_t minor = 0;
  if (!number(major)) return false;
  if (s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  if (!number(minor)) return false;
  return major < 1 || (major == 1 && minor < 17);
}

int CompareGoVersions(std::string_view a, std::string_view b) {
  const std::optional<Semver> x = ParseSemver(a);
  const std::optional<Semver> y = ParseSemver(b);
  if (!x || !y) {
    if (x) return 1;
    if (y) return -1;
    const int c = a.compare(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (int c = CompareNumbers(x->major, y->major); c != 0) return c;
  if (int c = CompareNumbers(x->minor, y->minor); c != 0) return c;
  if (int c = CompareNumbers(x->patch, y->patch); c != 0) return c;
  return ComparePrerelease(x->prerelease, y->prerelease);
}

std::vector<GoModuleFound> ResolveGoModules(const GoModFile& mod, const GoSumParse* sum) {
  std::vector<GoModuleFound> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto find_replace = [&](const std::string& path, const std::string& version) -> const GoReplace* {
    const GoReplace* exact = nullptr;
    const GoReplace* any = nullptr;
    for (const GoReplace& r : mod.replacements) {
      if (r.old_path != path) continue;
      if (r.old_version.empty()) {
        any = &r;
      } else if (r.old_version == version) {
        exact = &r;
      }
    }
    return exact != nullptr ? exact : any;
  };
  auto add = [&](const std::string& path, const std::string& version) {
    if (version.empty() || version[0] != 'v') return;  // not an exact version
    std::string name = path;
    std::string ver = version;
    if (const GoReplace* r = find_replace(path, version)) {
      if (r->new_version.empty()) return;  // a directory: local code, no published version
      name = r->new_path;
      ver = r->new_version;
      if (ver[0] != 'v') return;
    }
    if (name.empty() || name == mod.module_path) return;
    if (!seen.emplace(name, ver).second) return;
    out.push_back(GoModuleFound{std::move(name), std::move(ver)});
  };
  std::set<std::string, std::less<>> required;
  for (const GoRequire& r : mod.requirements) {
    required.insert(r.path);
    add(r.path, r.version);
  }
  if (sum != nullptr && GoVersionBefore117(mod.go_version)) {
    for (const GoSumModule& m : sum->modules) {
      if (required.count(m.path) != 0 || m.path == mod.module_path) continue;
      add(m.path, m.version);
    }
  }
  return out;
}

}  // namespace hullscan::extract::golang
