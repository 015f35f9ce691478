#include "extract/lang/python/python_parsers.h"

#include <utility>

#include "base/json.h"
#include "extract/common/messages.h"
#include "extract/common/text_lines.h"

namespace hullscan::extract::python {

namespace {

using common::ForEachLine;
using common::LineError;
using common::Quote;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Packages once per (name, version), in first-seen order; at most 1000 warnings.
using Collector = common::PackageCollector;

}  // namespace

FileKind ClassifyPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  if (base == "METADATA") return EndsWith(dir, ".dist-info") ? FileKind::kMetadata : FileKind::kNone;
  if (base == "PKG-INFO") {
    return EndsWith(dir, ".egg-info") || EndsWith(dir, ".egg/EGG-INFO") ? FileKind::kMetadata : FileKind::kNone;
  }
  if (EndsWith(base, ".egg-info") && base.size() > 9) return FileKind::kMetadata;
  if (base == "poetry.lock") return FileKind::kPoetryLock;
  if (base == "uv.lock") return FileKind::kUvLock;
  if (base == "Pipfile.lock") return FileKind::kPipfileLock;
  if (base.rfind("requirements", 0) == 0 && EndsWith(base, ".txt")) return FileKind::kRequirements;
  return FileKind::kNone;
}

Result<Found> ParseMetadata(std::string_view text) {
  Found f;
  ForEachLine(text, [&](uint64_t, std::string_view line) {
    if (Trim(line).empty()) return false;  // end of the header block; the body is the description
    if (line[0] == ' ' || line[0] == '\t') return true;  // a folded continuation line
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return true;
    std::string_view key = line.substr(0, colon);
    std::string_view value = Trim(line.substr(colon + 1));
    if (f.name.empty() && EqualsIgnoreCase(key, "Name")) f.name = std::string(value);
    if (f.version.empty() && EqualsIgnoreCase(key, "Version")) f.version = std::string(value);
    return f.name.empty() || f.version.empty();
  });
  if (f.name.empty() || f.version.empty()) {
    return MakeError(ErrorCode::kCorrupt, std::string("metadata: no '") + (f.name.empty() ? "Name" : "Version") +
                                              ":' header before the first blank line");
  }
  return f;
}

namespace {

// The value of a TOML `key = "string"` line (basic or literal string on one line), or
// nothing when `line` is not that key.
bool TomlStringValue(std::string_view line, std::string_view key, std::string& out) {
  if (line.substr(0, key.size()) != key) return false;
  std::string_view rest = Trim(line.substr(key.size()));
  if (rest.empty() || rest[0] != '=') return false;
  rest = Trim(rest.substr(1));
  if (rest.size() < 2 || (rest[0] != '"' && rest[0] != '\'')) return false;
  char quote = rest[0];
  std::string value;
  for (size_t i = 1; i < rest.size(); ++i) {
    char ch = rest[i];
    if (ch == quote) {
      out = std::move(value);
      return true;
    }
    if (ch == '\\' && quote == '"' && i + 1 < rest.size()) ch = rest[++i];
    value.push_back(ch);
  }
  return false;  // unterminated
}

}  // namespace

Result<ParseOutput> ParseTomlLock(std::string_view text, std::string_view what) {
  Collector c;
  bool in_package = false;
  bool in_multiline = false;
  bool saw_header = false;
  uint64_t pkg_line = 0;
  std::string name, version;
  bool local = false, dev = false;
  auto flush = [&] {
    if (in_package && !local) {
      if (name.empty() || version.empty()) {
        c.Warn(LineError(pkg_line, "[[package]] without name or version; skipped"));
      } else {
        c.Add(std::move(name), std::move(version), dev);
      }
    }
    name.clear();
    version.clear();
    local = dev = false;
    in_package = false;
  };
  ForEachLine(text, [&](uint64_t line_no, std::string_view line) {
    // A multi-line string ("""...""" or '''...''') may hold anything, including `name = `.
    size_t triples = 0;
    for (size_t p = line.find("\"\"\""); p != std::string_view::npos; p = line.find("\"\"\"", p + 3)) ++triples;
    for (size_t p = line.find("'''"); p != std::string_view::npos; p = line.find("'''", p + 3)) ++triples;
    bool was_multiline = in_multiline;
    if (triples % 2 == 1) in_multiline = !in_multiline;
    if (was_multiline) return true;
    if (!line.empty() && line[0] == '[') {
      flush();
      saw_header = true;
      if (Trim(line) == "[[package]]") {
        in_package = true;
        pkg_line = line_no;
      }
      return true;
    }
    if (!in_package) return true;
    std::string value;
    if (name.empty() && TomlStringValue(line, "name", value)) name = std::move(value);
    else if (version.empty() && TomlStringValue(line, "version", value)) version = std::move(value);
    else if (TomlStringValue(line, "category", value)) dev = value == "dev";
    else if (line.substr(0, 6) == "source") {
      // uv: `source = { virtual = "." }` / `{ editable = "." }` is the project being locked.
      local = line.find("virtual =") != std::string_view::npos || line.find("editable =") != std::string_view::npos;
    }
    return true;
  });
  flush();
  if (!saw_header && !Trim(text).empty() && text.find('=') == std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a TOML lock file (no table and no key)");
  }
  return c.Take();
}

Result<ParseOutput> ParsePipfileLock(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(text, "Pipfile.lock"));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, "Pipfile.lock: not a JSON object");
  Collector c;
  for (const char* section : {"default", "develop"}) {
    auto sec = doc.find(section);
    if (sec == doc.end()) continue;
    if (!sec->is_object()) {
      c.Warn(Error(ErrorCode::kCorrupt, std::string("Pipfile.lock: \"") + section + "\" is not an object"));
      continue;
    }
    for (auto it = sec->begin(); it != sec->end(); ++it) {
      if (!it->is_object()) continue;
      auto v = it->find("version");
      if (v == it->end() || !v->is_string()) continue;  // git / editable / path entries
      std::string version = v->get<std::string>();
      if (version.rfind("==", 0) != 0) continue;
      version.erase(0, version[2] == '=' ? 3 : 2);
      if (version.empty()) continue;
      c.Add(it.key(), std::move(version), std::string_view(section) == "develop");
    }
  }
  return c.Take();
}

namespace {

// UTF-16LE (with BOM) to UTF-8, enough for requirement files (BMP only; surrogates become '?').
std::string Utf16LeToUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 2);
  for (size_t i = 0; i + 1 < in.size(); i += 2) {
    uint32_t cp = static_cast<unsigned char>(in[i]) | (static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8);
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = '?';
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

bool IsNameChar(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
         ch == '-';
}

// One logical requirement line: "name[extras] == 1.2 ; marker" -> (name, version) if pinned.
void ParseRequirementLine(std::string_view line, Collector& c) {
  line = line.substr(0, line.find('#'));
  line = line.substr(0, line.find(';'));
  line = Trim(line);
  if (line.empty() || line[0] == '-') return;  // -r, -e, -c, --index-url, ...
  size_t i = 0;
  while (i < line.size() && IsNameChar(line[i])) ++i;
  std::string_view name = line.substr(0, i);
  if (name.empty()) return;
  std::string_view rest = Trim(line.substr(i));
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return;
    rest = Trim(rest.substr(close + 1));
  }
  if (rest.substr(0, 2) != "==") return;  // >=, ~=, !=, URLs, or no specifier
  rest.remove_prefix(rest.substr(0, 3) == "===" ? 3 : 2);
  rest = Trim(rest);
  size_t end = 0;
  while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t' && rest[end] != ',') ++end;
  std::string_view version = rest.substr(0, end);
  std::string_view after = Trim(rest.substr(end));
  // "==1.*" is a prefix match and "==1.0, !=1.0.1" a range: neither is one exact version.
  if (version.empty() || version.find('*') != std::string_view::npos || (!after.empty() && after[0] == ',')) return;
  if (!after.empty() && after.substr(0, 2) != "--") return;  // per-requirement options only
  c.Add(std::string(name), std::string(version), false);
}

}  // namespace

ParseOutput ParseRequirements(std::string_view text) {
  std::string converted;
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) {
    converted = Utf16LeToUtf8(text.substr(2));
    text = converted;
  } else if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  Collector c;
  std::string logical;
  ForEachLine(text, [&](uint64_t, std::string_view line) {
    // A line ending in a backslash continues on the next one.
    if (!line.empty() && line.back() == '\\') {
      logical.append(line.substr(0, line.size() - 1));
      logical.push_back(' ');
      return true;
    }
    logical.append(line);
    ParseRequirementLine(logical, c);
    logical.clear();
    return true;
  });
  if (!logical.empty()) ParseRequirementLine(logical, c);
  return c.Take();
}

}  // namespace hullscan::extract::python
