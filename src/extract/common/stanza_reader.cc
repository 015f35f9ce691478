#include "extract/common/stanza_reader.h"

#include <algorithm>
#include <unordered_set>

namespace hullscan::extract::common {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimBlank(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view TrimBlankRight(std::string_view s) {
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

bool IsBlankLine(std::string_view s) { return TrimBlank(s).empty(); }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// deb822(5): "The field name is composed of US-ASCII characters excluding control characters,
// space, and colon (i.e., characters in the ranges U+0021 '!' through U+0039 '9', and U+003B ';'
// through U+007E '~', inclusive). Field names must not begin with the comment character
// (U+0023 '#'), nor with the hyphen character (U+002D '-')."
bool IsValidFieldName(std::string_view name) {
  if (name.empty() || name.front() == '#' || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 0x21 && u <= 0x7e && u != ':';
  });
}

Error LineError(ErrorCode code, uint64_t line, std::string what) {
  return Error(code, "line " + std::to_string(line) + ": " + std::move(what));
}

// Quotes at most 40 bytes of a bad line for a message, replacing control bytes.
std::string Excerpt(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out;
  for (size_t i = 0; i < s.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : s[i]);
  }
  if (s.size() > kMax) out += "...";
  return "'" + out + "'";
}

}  // namespace

const StanzaField* Stanza::Find(std::string_view name) const {
  for (const StanzaField& f : fields) {
    if (EqualsIgnoreCase(f.name, name)) return &f;
  }
  return nullptr;
}

StanzaReader::StanzaReader(std::string_view text, StanzaLimits limits)
    : text_(text), limits_(limits) {}

bool StanzaReader::ReadLine(std::string_view& line) {
  if (pos_ >= text_.size()) return false;
  size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(pos_, end - pos_);
  pos_ = end < text_.size() ? end + 1 : end;
  ++line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

bool StanzaReader::Next() {
  stanza_ = Stanza{};
  warnings_.clear();
  truncated_ = false;

  std::string_view line;
  // Skip the blank lines before the stanza.
  for (;;) {
    if (!ReadLine(line)) return false;
    if (!IsBlankLine(line)) break;
  }
  stanza_.first_line = line_;
  uint64_t stanza_bytes = 0;
  StanzaField* current = nullptr;  // the field continuation lines extend
  // After a malformed line or a duplicate field (already warned about), its continuation
  // lines are dropped without a warning of their own.
  bool drop_continuations = false;
  std::unordered_set<std::string> seen_names;  // lower-cased, so duplicates cost O(1) to find

  do {
    if (IsBlankLine(line)) break;
    if (truncated_) continue;  // skip to the end of an over-limit stanza, storing nothing
    stanza_bytes += line.size() + 1;
    if (stanza_bytes > limits_.max_stanza_bytes) {
      truncated_ = true;
      warnings_.push_back(LineError(ErrorCode::kLimitExceeded, line_,
                                    "stanza starting at line " + std::to_string(stanza_.first_line) +
                                        " is larger than the limit of " +
                                        std::to_string(limits_.max_stanza_bytes) + " bytes"));
      continue;
    }

    if (IsBlank(line.front())) {
      if (current == nullptr) {
        if (!drop_continuations) {
          warnings_.push_back(LineError(ErrorCode::kCorrupt, line_,
                                        "continuation line without a field: " + Excerpt(line)));
        }
        continue;
      }
      current->value.push_back('\n');
      current->value.append(TrimBlankRight(line));
      continue;
    }

    current = nullptr;
    drop_continuations = true;  // until this line proves to be a field
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
    if (!IsValidFieldName(name)) {
      warnings_.push_back(
          LineError(ErrorCode::kCorrupt, line_, "not a 'Field: value' line: " + Excerpt(line)));
      continue;
    }
    if (seen_names.count(AsciiLower(name)) != 0) {
      warnings_.push_back(LineError(ErrorCode::kCorrupt, line_,
                                    "duplicate field " + Excerpt(name) + " ignored"));
      continue;
    }
    if (stanza_.fields.size() >= limits_.max_fields) {
      truncated_ = true;
      warnings_.push_back(LineError(ErrorCode::kLimitExceeded, line_,
                                    "stanza starting at line " + std::to_string(stanza_.first_line) +
                                        " has more than " + std::to_string(limits_.max_fields) +
                                        " fields"));
      continue;
    }
    seen_names.insert(AsciiLower(name));
    StanzaField field;
    field.name = std::string(name);
    field.value = std::string(TrimBlank(line.substr(colon + 1)));
    field.line = line_;
    stanza_.fields.push_back(std::move(field));
    current = &stanza_.fields.back();
    drop_continuations = false;
  } while (ReadLine(line));

  if (truncated_) stanza_.fields.clear();
  return true;
}

}  // namespace hullscan::extract::common
