#include "extract/lang/ruby/ruby_parsers.h"

#include <deque>
#include <optional>
#include <utility>

#include "extract/common/messages.h"
#include "extract/common/text_lines.h"

namespace hullscan::extract::ruby {

namespace {

using common::Quote;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kSpecNew = "Gem::Specification.new";
/// Heredocs opened on one line whose bodies we track; more are ignored (never seen in practice).
constexpr size_t kMaxPendingHeredocs = 16;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view Trim(std::string_view s) { return TrimRight(TrimLeft(s)); }

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// A skipped record: kCorrupt "parse WHAT: WHY (line N); skipped".
Error SkipWarning(std::string_view what, uint64_t line_no, std::string why) {
  return Error(ErrorCode::kCorrupt, "parse " + std::string(what) + ": " + std::move(why) + " (line " +
                                        std::to_string(line_no) + "); skipped");
}

Status CheckBinary(std::string_view text, std::string_view what) {
  size_t nul = text.find('\0');
  if (nul == std::string_view::npos) return OkStatus();
  return MakeError(ErrorCode::kCorrupt, "parse " + std::string(what) + ": binary data (NUL byte at offset " +
                                            std::to_string(nul) + ")");
}


// ---------------------------------------------------------------------------------------------
// A line-level Ruby lexer: just enough to know, for each line, whether it starts as code and
// where its comment starts. It follows string literals ('..', "..", `..`, %q{..} and friends,
// across lines), heredoc bodies (<<~ID, <<-ID, <<ID), `=begin`/`=end` comments and `__END__`.
// Regular expression literals and `?c` character literals are not followed: a stray quote in
// one can only make us miss or mistake an assignment, never read out of bounds.
// Syntax reference: https://docs.ruby-lang.org/en/master/syntax/literals_rdoc.html
class RubyLines {
 public:
  struct Line {
    bool code = false;      ///< the line starts outside any literal, comment or heredoc
    bool end = false;       ///< `__END__`: the rest of the file is data
    std::string_view text;  ///< the line without its trailing comment
  };

  Line Feed(std::string_view line) {
    Line out;
    if (in_block_comment_) {
      if (line.substr(0, 4) == "=end" && (line.size() == 4 || IsSpace(line[4]))) in_block_comment_ = false;
      return out;
    }
    if (in_heredoc_) {
      const Heredoc& h = pending_.front();
      std::string_view candidate = TrimRight(h.indented ? TrimLeft(line) : line);
      if (candidate == h.id) {
        pending_.pop_front();
        in_heredoc_ = !pending_.empty();
      }
      return out;
    }
    out.code = close_ == 0;
    if (out.code && line.substr(0, 6) == "=begin" && (line.size() == 6 || IsSpace(line[6]))) {
      in_block_comment_ = true;
      out.code = false;
      return out;
    }
    if (out.code && TrimRight(line) == "__END__") {
      out.end = true;
      return out;
    }
    size_t code_end = Scan(line);
    out.text = line.substr(0, code_end);
    // Heredoc bodies start on the next line, once the line that opened them is over.
    if (!pending_.empty() && close_ == 0) in_heredoc_ = true;
    return out;
  }

 private:
  struct Heredoc {
    std::string id;
    bool indented = false;  ///< <<~ or <<-: the terminator may be indented
  };

  // Scans one line from the current state; returns where its comment starts (or its size).
  size_t Scan(std::string_view line) {
    size_t i = 0;
    char prev = 0;  // last non-space code character, for telling %-literals from modulo
    while (i < line.size()) {
      const char c = line[i];
      if (close_ != 0) {  // inside a literal
        if (c == '\\' && escapes_) {
          i += 2;
        } else if (open_ != 0 && c == open_) {
          ++depth_;
          ++i;
        } else if (c == close_) {
          if (depth_ > 0) {
            --depth_;
          } else {
            close_ = open_ = 0;
            prev = '"';
          }
          ++i;
        } else {
          ++i;
        }
        continue;
      }
      if (c == '#') return i;
      if (c == '"' || c == '\'' || c == '`') {
        close_ = c;
        open_ = 0;
        depth_ = 0;
        escapes_ = true;
        ++i;
        continue;
      }
      if (c == '$' && i + 1 < line.size() && !IsIdentChar(line[i + 1])) {  // $" $' $# globals
        i += 2;
        prev = 'x';
        continue;
      }
      if (c == '%' && StartPercentLiteral(line, i, prev)) continue;
      if (c == '<' && i + 1 < line.size() && line[i + 1] == '<' && StartHeredoc(line, i)) continue;
      if (!IsSpace(c)) prev = c;
      ++i;
    }
    return line.size();
  }

  static char Closing(char open) {
    switch (open) {
      case '(': return ')';
      case '[': return ']';
      case '{': return '}';
      case '<': return '>';
      default: return 0;
    }
  }

  // At '%' in code: %q(..) %Q[..] %w{..} %i<..> %(..) ... Advances `i` past the opening
  // delimiter and enters the literal when it is one.
  bool StartPercentLiteral(std::string_view line, size_t& i, char prev) {
    size_t j = i + 1;
    bool typed = false;
    if (j < line.size() && std::string_view("qQwWiIrsx").find(line[j]) != std::string_view::npos) {
      typed = true;
      ++j;
    }
    if (j >= line.size()) return false;
    const char d = line[j];
    const bool bracket = Closing(d) != 0;
    if (typed) {
      if (IsIdentChar(d) || IsSpace(d) || static_cast<unsigned char>(d) >= 0x80 || d < 0x21) return false;
    } else {
      // A bare %( only where an operand is expected; `a % (b)` is the modulo operator.
      bool operand_expected = prev == 0 || std::string_view("=,([{:;|&!?+-*<>").find(prev) != std::string_view::npos;
      if (!operand_expected || !(bracket || d == '|' || d == '!' || d == '/' || d == '^')) return false;
    }
    close_ = bracket ? Closing(d) : d;
    open_ = bracket ? d : 0;
    depth_ = 0;
    escapes_ = true;
    i = j + 1;
    return true;
  }

  // At "<<" in code: <<~ID, <<-ID, <<ID (ID upper-case, to leave `a <<b` alone), each also
  // with a quoted 'ID' / "ID" / `ID`. Records the heredoc; advances `i` past its name.
  bool StartHeredoc(std::string_view line, size_t& i) {
    size_t j = i + 2;
    bool indented = false;
    if (j < line.size() && (line[j] == '~' || line[j] == '-')) {
      indented = true;
      ++j;
    }
    if (j >= line.size()) return false;
    std::string id;
    if (line[j] == '"' || line[j] == '\'' || line[j] == '`') {
      size_t end = line.find(line[j], j + 1);
      if (end == std::string_view::npos || end == j + 1) return false;
      id = std::string(line.substr(j + 1, end - j - 1));
      j = end + 1;
    } else {
      if (!IsIdentStart(line[j]) || (!indented && !IsUpper(line[j]))) return false;
      size_t start = j;
      while (j < line.size() && IsIdentChar(line[j])) ++j;
      id = std::string(line.substr(start, j - start));
    }
    if (pending_.size() < kMaxPendingHeredocs) pending_.push_back(Heredoc{std::move(id), indented});
    i = j;
    return true;
  }

  char close_ = 0;  ///< closing delimiter of the literal we are in; 0 in code
  char open_ = 0;   ///< its opening bracket, for nesting (%q{a{b}c}); 0 when not a bracket
  uint64_t depth_ = 0;
  bool escapes_ = true;
  bool in_block_comment_ = false;
  bool in_heredoc_ = false;
  std::deque<Heredoc> pending_;
};

// The value of `rhs` when it is exactly one string literal, optionally `.freeze`:
//   "x"  'x'  %q{x}  %Q(x)  %[x]  "x".freeze
// A lone trailing ';' is allowed. Double-quoted forms are static only without interpolation (#{..} #@x #$x) and with no
// escapes other than \\ \" \' \# and the delimiter. Anything else (a constant, a method call,
// concatenation, a literal left open on this line) is not static: nullopt.
std::optional<std::string> StaticString(std::string_view rhs) {
  rhs = TrimLeft(rhs);
  if (rhs.empty()) return std::nullopt;
  size_t i = 0;
  char open = 0, close = 0;
  bool interpolating = false;
  if (rhs[0] == '"' || rhs[0] == '\'') {
    close = rhs[0];
    interpolating = rhs[0] == '"';
    i = 1;
  } else if (rhs[0] == '%' && rhs.size() >= 3) {
    size_t j = 1;
    interpolating = true;
    if (rhs[j] == 'q' || rhs[j] == 'Q') {
      interpolating = rhs[j] == 'Q';
      ++j;
    }
    if (j >= rhs.size()) return std::nullopt;
    char d = rhs[j];
    if (d == '(' || d == '[' || d == '{' || d == '<') {
      open = d;
      close = d == '(' ? ')' : d == '[' ? ']' : d == '{' ? '}' : '>';
    } else if (d == '|' || d == '!' || d == '/' || d == '^') {
      close = d;
    } else {
      return std::nullopt;
    }
    i = j + 1;
  } else {
    return std::nullopt;
  }
  std::string value;
  uint64_t depth = 0;
  bool closed = false;
  while (i < rhs.size()) {
    const char c = rhs[i];
    if (c == '\\') {
      if (i + 1 >= rhs.size()) return std::nullopt;
      const char n = rhs[i + 1];
      if (n == '\\' || n == close || (open != 0 && n == open) || n == '\'' || (interpolating && (n == '"' || n == '#'))) {
        value.push_back(n);
      } else if (interpolating) {
        return std::nullopt;  // \n, \u00e9, ...: not a plain name or version
      } else {
        value.push_back('\\');
        value.push_back(n);
      }
      i += 2;
      continue;
    }
    if (interpolating && c == '#' && i + 1 < rhs.size() &&
        (rhs[i + 1] == '{' || rhs[i + 1] == '@' || rhs[i + 1] == '$')) {
      return std::nullopt;
    }
    if (open != 0 && c == open) {
      ++depth;
    } else if (c == close) {
      if (depth == 0) {
        closed = true;
        ++i;
        break;
      }
      --depth;
    }
    value.push_back(c);
    ++i;
  }
  if (!closed) return std::nullopt;
  std::string_view rest = rhs.substr(i);
  if (rest.substr(0, 7) == ".freeze") rest.remove_prefix(7);
  rest = Trim(rest);
  if (!rest.empty() && rest != ";") return std::nullopt;
  return value;
}

// When `code` is `<var>.<field> = rhs` (not ==, =~, =>), returns rhs.
std::optional<std::string_view> Assignment(std::string_view code, std::string_view var, std::string_view field) {
  code = TrimLeft(code);
  if (code.substr(0, var.size()) != var) return std::nullopt;
  code.remove_prefix(var.size());
  if (code.empty() || code[0] != '.') return std::nullopt;
  code.remove_prefix(1);
  if (code.substr(0, field.size()) != field) return std::nullopt;
  code = TrimLeft(code.substr(field.size()));
  if (code.empty() || code[0] != '=') return std::nullopt;
  if (code.size() > 1 && (code[1] == '=' || code[1] == '~' || code[1] == '>')) return std::nullopt;
  return code.substr(1);
}

// The block variable of `Gem::Specification.new do |s|` (or `{ |spec|`), or of
// `spec = Gem::Specification.new`; "" when there is none.
std::string BlockVariable(std::string_view code, size_t new_pos) {
  std::string_view after = code.substr(new_pos + kSpecNew.size());
  size_t bar = after.find('|');
  if (bar != std::string_view::npos) {
    std::string_view rest = after.substr(bar + 1);
    size_t end = rest.find_first_of("|,");
    if (end == std::string_view::npos) return "";
    std::string_view var = Trim(rest.substr(0, end));
    if (var.empty() || !IsIdentStart(var[0])) return "";
    for (char c : var) {
      if (!IsIdentChar(c)) return "";
    }
    return std::string(var);
  }
  std::string_view before = TrimRight(code.substr(0, new_pos));
  if (before.empty() || before.back() != '=') return "";
  before.remove_suffix(1);
  if (!before.empty() && std::string_view("=!<>+-*/|&").find(before.back()) != std::string_view::npos) return "";
  before = TrimRight(before);
  size_t start = before.size();
  while (start > 0 && IsIdentChar(before[start - 1])) --start;
  std::string_view var = before.substr(start);
  if (var.empty() || !IsIdentStart(var[0]) || !Trim(before.substr(0, start)).empty()) return "";
  return std::string(var);
}

// A gem name or version as RubyGems would store it: non-empty, printable, no spaces.
bool PlausibleValue(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

struct Field {
  bool seen = false;
  uint64_t line = 0;
  std::string rhs;
  std::optional<std::string> value;
};

}  // namespace

FileKind ClassifyPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  if (base == "Gemfile.lock" || base == "gems.locked") return FileKind::kGemfileLock;
  if (base.size() > 8 && EndsWith(base, ".gemspec") &&
      (EndsWith(dir, "/specifications") || EndsWith(dir, "/specifications/default") || dir == "specifications" ||
       dir == "specifications/default")) {
    return FileKind::kGemspec;
  }
  return FileKind::kNone;
}

Result<ParseOutput> ParseGemspec(std::string_view text) {
  // No NUL check here: RubyGems separates the extension list of the "# stub:" comment with NUL
  // bytes (Gem::StubSpecification). Values holding control bytes are refused below.
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  RubyLines lexer;
  std::string var;
  uint64_t spec_line = 0;
  Field name, version;
  std::optional<Error> error;
  common::ForEachLine(text, [&](uint64_t line_no, std::string_view raw) {
    RubyLines::Line line = lexer.Feed(raw);
    if (line.end) return false;
    if (!line.code) return true;
    if (var.empty()) {
      size_t pos = line.text.find(kSpecNew);
      if (pos == std::string_view::npos) return true;
      var = BlockVariable(line.text, pos);
      if (var.empty()) {
        error = Error(ErrorCode::kCorrupt, "parse gemspec: no block variable for Gem::Specification.new (line " +
                                               std::to_string(line_no) + ")");
        return false;
      }
      spec_line = line_no;
      return true;
    }
    for (auto [field, f] : {std::pair{std::string_view("name"), &name}, std::pair{std::string_view("version"), &version}}) {
      if (f->seen) continue;
      if (std::optional<std::string_view> rhs = Assignment(line.text, var, field)) {
        f->seen = true;
        f->line = line_no;
        f->rhs = std::string(Trim(*rhs));
        f->value = StaticString(*rhs);
      }
    }
    return !(name.seen && version.seen);
  });
  if (error) return MakeError(std::move(*error));
  if (var.empty()) return MakeError(ErrorCode::kCorrupt, "parse gemspec: no Gem::Specification.new block");
  ParseOutput out;
  for (auto [field, f] : {std::pair{std::string_view("name"), &name}, std::pair{std::string_view("version"), &version}}) {
    const std::string what = std::string(field);
    if (!f->seen) {
      return MakeError(ErrorCode::kCorrupt, "parse gemspec: no " + var + "." + what +
                                                " assignment after Gem::Specification.new (line " +
                                                std::to_string(spec_line) + ")");
    }
    if (!f->value) {
      out.warnings.emplace_back(ErrorCode::kUnsupported, "parse gemspec: " + what +
                                                             " is not a string literal (line " + std::to_string(f->line) +
                                                             "): " + Quote(f->rhs) + "; skipped");
      return out;
    }
    if (!PlausibleValue(*f->value)) {
      out.warnings.emplace_back(ErrorCode::kCorrupt, "parse gemspec: " + what + " " + Quote(*f->value) +
                                                         " is empty or holds spaces or control bytes (line " +
                                                         std::to_string(f->line) + "); skipped");
      return out;
    }
  }
  out.packages.push_back(Found{std::move(*name.value), std::move(*version.value)});
  return out;
}

namespace {

enum class Section { kNone, kSource, kOther };

// Section headers bundler writes (lockfile_parser.rb); only the first four hold gems.
constexpr std::string_view kSourceSections[] = {"GEM", "GIT", "PATH", "PLUGIN SOURCE"};
constexpr std::string_view kOtherSections[] = {"DEPENDENCIES", "PLATFORMS", "RUBY VERSION", "BUNDLED WITH",
                                               "CHECKSUMS"};

}  // namespace

Result<ParseOutput> ParseGemfileLock(std::string_view text) {
  constexpr std::string_view kWhat = "Gemfile.lock";
  HS_RETURN_IF_ERROR(CheckBinary(text, kWhat));
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  common::PackageCollector c(kMaxPackagesPerFile, kMaxWarningsPerFile);
  Section section = Section::kNone;
  bool saw_known_section = false;
  uint64_t first_line = 0;
  std::optional<Error> error;
  common::ForEachLine(text, [&](uint64_t line_no, std::string_view line) {
    line = TrimRight(line);
    if (line.empty()) return true;
    if (first_line == 0) first_line = line_no;
    if (line[0] != ' ') {
      section = Section::kOther;
      for (std::string_view s : kSourceSections) {
        if (line == s) section = Section::kSource;
      }
      bool known = section == Section::kSource;
      for (std::string_view s : kOtherSections) known = known || line == s;
      saw_known_section = saw_known_section || known;
      return true;
    }
    if (section != Section::kSource) return true;
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (indent != 4) return true;  // 2: remote/revision/specs:, 6: a spec's dependencies
    std::string_view spec = line.substr(4);
    size_t space = spec.find(' ');
    std::string_view name = spec.substr(0, space);
    std::string_view rest = space == std::string_view::npos ? std::string_view() : spec.substr(space + 1);
    if (rest.size() < 3 || rest.front() != '(' || rest.back() != ')') {
      c.Warn(SkipWarning(kWhat, line_no, "spec " + Quote(spec) + " is not 'name (version)'"));
      return true;
    }
    std::string_view inner = rest.substr(1, rest.size() - 2);
    std::string_view version = inner.substr(0, inner.find('-'));  // drop "-x86_64-linux"
    if (!PlausibleValue(name) || !PlausibleValue(version) || version.find_first_of("()") != std::string_view::npos ||
        name.find_first_of("()") != std::string_view::npos) {
      c.Warn(SkipWarning(kWhat, line_no, "spec " + Quote(spec) + " has no valid name and version"));
      return true;
    }
    if (!c.Add(std::string(name), std::string(version))) {
      error = Error(ErrorCode::kLimitExceeded, "parse " + std::string(kWhat) + ": more than " +
                                                   std::to_string(kMaxPackagesPerFile) + " packages (line " +
                                                   std::to_string(line_no) + ")");
      return false;
    }
    return true;
  });
  if (error) return MakeError(std::move(*error));
  if (first_line != 0 && !saw_known_section) {
    return MakeError(ErrorCode::kCorrupt,
                     "parse Gemfile.lock: not a bundler lock file: no GEM, GIT, PATH, PLATFORMS or DEPENDENCIES "
                     "section header (line " + std::to_string(first_line) + ")");
  }
  return c.Take();
}

}  // namespace hullscan::extract::ruby
