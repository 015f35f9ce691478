// Text helpers for the table reporters, written to print what the docker CLI prints:
// go-units' HumanDuration and HumanSizeWithPrecision, docker's Ellipsis, and a column aligner
// that lays cells out like Go's text/tabwriter as docker configures it. Pure functions;
// thread-safe.
//
// Sources followed:
//   https://github.com/docker/go-units/blob/master/duration.go  (HumanDuration)
//   https://github.com/docker/go-units/blob/master/size.go      (HumanSizeWithPrecision)
//   https://github.com/docker/cli/blob/master/cli/command/formatter/displayutils.go (Ellipsis)
//   https://github.com/docker/cli/blob/master/cli/command/formatter/formatter.go
//     (tabwriter.NewWriter(out, 10, 1, 3, ' ', 0): min width 10, padding 3)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hullscan::report {

/// go-units HumanDuration for a duration in whole seconds: "Less than a second", "1 second",
/// "N seconds", "About a minute", "N minutes", "About an hour", "N hours" (< 48 h, hours
/// rounded half away from zero), "N days" (< 2 weeks), "N weeks" (< 60 days), "N months"
/// (< 2 years of 365 days; a month is 30 days), "N years". Negative durations (a creation time
/// in the future) are "Less than a second", as in Go.
std::string HumanDuration(int64_t seconds);

/// go-units HumanSizeWithPrecision: decimal units (B, kB, MB, GB, TB, PB, EB, ZB, YB) and
/// printf "%.*g" of the scaled value: 74812345 -> "74.8MB", 0 -> "0B", 999999 -> "1e+03kB".
std::string HumanSizeWithPrecision(double size, int precision);

/// Valid UTF-8 for a table cell: invalid bytes become U+FFFD, and control characters (C0, DEL,
/// C1) become spaces, so a hostile image config cannot move the cursor or break the table.
std::string SanitizeCell(std::string_view s);

/// Columns `cp` occupies on a terminal: 2 for East Asian Wide and Fullwidth characters (the
/// main blocks of UAX #11; docker uses golang.org/x/text/width), else 1.
int CharWidth(char32_t cp);

/// Number of code points of valid UTF-8 text (what Go's tabwriter counts as width).
size_t RuneCount(std::string_view utf8);

/// docker's Ellipsis: if `utf8` is wider than max_display_width columns, keeps the longest
/// prefix of at most max_display_width-1 columns and appends "…". REQUIRES: valid UTF-8
/// (pass it through SanitizeCell first).
std::string Ellipsis(std::string_view utf8, size_t max_display_width);

/// Lays out rows like Go's text/tabwriter with docker's settings: every cell but the last of a
/// row is padded with spaces to max(10, widest cell of its column + 3) code points; the last
/// cell is written as is. Each line ends with "\n". Unlike tabwriter, trailing spaces are
/// trimmed from every line (they carry nothing, and they make golden files fragile).
std::string AlignColumns(const std::vector<std::vector<std::string>>& rows);

}  // namespace hullscan::report
