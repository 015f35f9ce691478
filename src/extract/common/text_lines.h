// Splitting a text file held in memory into lines, for the line-oriented parsers of the
// extractors (requirements.txt, poetry/uv locks, Gemfile.lock, gemspecs, yarn.lock). A line
// ends at '\n'; a '\r' before it (CRLF files) is removed; the last line need not end in '\n',
// and a final '\n' does not start another, empty line. Lines are numbered from 1 for messages.
// Header-only. Thread-safety: a LineReader belongs to one thread and borrows `text`, which must
// outlive it.
#pragma once

#include <cstdint>
#include <string_view>

namespace hullscan::extract::common {

class LineReader {
 public:
  /// REQUIRES: `text` outlives the reader.
  explicit LineReader(std::string_view text) : text_(text) {}

  /// The next line, without its end; false at the end of the text.
  bool Next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }
  /// The 1-based number of the line Next() returned last (0 before the first).
  uint64_t line_no() const { return line_no_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint64_t line_no_ = 0;
};

/// Calls fn(line_no, line) for each line of `text`; stops early when fn returns false.
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    if (!fn(lines.line_no(), line)) return;
  }
}

}  // namespace hullscan::extract::common
