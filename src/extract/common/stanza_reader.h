// StanzaReader: iterates the stanzas ("paragraphs") of a deb822 / RFC 822-style control file,
// such as dpkg's /var/lib/dpkg/status or a distroless /var/lib/dpkg/status.d/<pkg> file. Shared
// by the OS extractors (extract/common is never a plugin itself); it knows nothing about
// packages, only about `Field: value` lines.
//
// Format followed: deb822(5) (https://manpages.debian.org/bookworm/dpkg-dev/deb822.5.en.html)
// and Debian Policy 5.1 (https://www.debian.org/doc/debian-policy/ch-controlfields.html):
//   - a stanza is a run of `Name: value` lines; "Paragraphs are separated by empty lines.
//     Parsers may accept lines consisting solely of spaces and tabs as paragraph separators";
//   - "a continuation line [starts] with a space or a tab" and extends the previous field;
//   - field names are matched case-insensitively; leading and trailing whitespace of a value is
//     stripped.
// We also accept CRLF line ends, any number of blank lines between and after stanzas, and a
// last line without a newline. Comment lines are not part of the status format and are not
// recognised.
//
// Problems that do not stop the reader (a line that is neither a field nor a continuation, a
// duplicate field, a stanza over the limits) are reported per stanza in warnings(), each naming
// its 1-based line number. Bounds: at most StanzaLimits::max_fields fields and
// max_stanza_bytes bytes per stanza; a stanza over either limit is marked truncated() and its
// fields must not be used. The input itself is bounded by the caller (FileInput::ReadAll).
//
// How to use:
//   StanzaReader reader(text);
//   while (reader.Next()) {
//     for (const Error& w : reader.warnings()) sink.Warn(path, w);
//     if (reader.truncated()) continue;
//     const Stanza& s = reader.stanza();
//     if (const StanzaField* f = s.Find("Package")) ...
//   }
//
// Thread-safety: a reader is used by one thread; it borrows `text`, which must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hullscan::extract::common {

/// Bounds on one stanza. The defaults are far above any real dpkg status entry (the largest
/// in Debian carry a few dozen fields and some tens of KiB of Description/Conffiles).
struct StanzaLimits {
  uint64_t max_fields = 1024;
  uint64_t max_stanza_bytes = 4 * 1024 * 1024;
};

struct StanzaField {
  std::string name;  ///< as written ("Package")
  /// The value with surrounding whitespace stripped. Continuation lines are appended as "\n"
  /// plus the line as written (leading whitespace kept, trailing whitespace stripped), the way
  /// dpkg keeps multi-line fields.
  std::string value;
  uint64_t line = 0;  ///< 1-based line of the field name
  /// True when the value has continuation lines.
  bool multiline() const { return value.find('\n') != std::string::npos; }
};

struct Stanza {
  uint64_t first_line = 0;  ///< 1-based line of the first field
  std::vector<StanzaField> fields;  ///< in file order; duplicates dropped (see warnings())

  /// The field named `name` (ASCII case-insensitive), or nullptr when absent.
  const StanzaField* Find(std::string_view name) const;
};

class StanzaReader {
 public:
  /// REQUIRES: `text` outlives the reader.
  explicit StanzaReader(std::string_view text, StanzaLimits limits = {});

  /// Advances to the next stanza that holds at least one line. Returns false at the end of
  /// the input. Blank-only input yields no stanza.
  bool Next();
  /// The current stanza; valid until the next Next().
  const Stanza& stanza() const { return stanza_; }
  /// Problems found while reading the current stanza (kCorrupt for malformed lines, a
  /// kLimitExceeded when truncated()). Each message starts with "line N: ".
  const std::vector<Error>& warnings() const { return warnings_; }
  /// True when the current stanza broke StanzaLimits: the rest of it was skipped and its
  /// fields are incomplete, so they must not be used.
  bool truncated() const { return truncated_; }
  /// Lines consumed so far (the line number of the last line read).
  uint64_t line() const { return line_; }

 private:
  /// Reads one line (without its "\n" or "\r\n"); false at end of input.
  bool ReadLine(std::string_view& line);

  std::string_view text_;
  StanzaLimits limits_;
  size_t pos_ = 0;
  uint64_t line_ = 0;
  Stanza stanza_;
  std::vector<Error> warnings_;
  bool truncated_ = false;
};

}  // namespace hullscan::extract::common
