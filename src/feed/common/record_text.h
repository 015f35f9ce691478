// Text helpers every feed importer applies to record fields: trimming, UTF-8-safe truncation to
// the feed-brief sizes, first-line summaries, bounded notes, CVE id forms and timestamp
// normalisation. They sit in feed/common/ because importer directories never include one another
// (DESIGN.md 1.2). Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hullscan::feed {

/// Feed-brief mapping rules: an advisory summary keeps at most 1 KiB, its details 4 KiB.
inline constexpr uint64_t kMaxSummaryBytes = 1024;
inline constexpr uint64_t kMaxDetailsBytes = 4096;

/// `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view TrimSpace(std::string_view s);

/// At most `max` bytes of `s`, cut on a UTF-8 character boundary (never inside a sequence).
std::string TruncateUtf8(std::string_view s, uint64_t max);

/// The first line of trimmed `s`, trimmed again, cut to `max` bytes: "  Title \n more" -> "Title".
std::string FirstLine(std::string_view s, uint64_t max = kMaxSummaryBytes);

/// Appends `note` to `notes` while fewer than `max_notes` are kept (FeedMeta::notes stays short).
void AppendNote(std::vector<std::string>& notes, std::string note, size_t max_notes);

/// True when `s` is one or more ASCII digits.
bool IsAsciiDigits(std::string_view s);

/// Length of a CVE id ("CVE-" 4 digits "-" 4 or more digits, https://cve.mitre.org/cve/identifiers/
/// syntaxchange.html) at the start of `s` when the end of `s` or a non-alphanumeric byte follows
/// it ("CVE-2021-35940.patch" -> 14), else 0 ("CVE-2026-291i67", "CVE-46838", "cve-2024-1234").
size_t CveIdPrefixLength(std::string_view s);

/// True when all of `s` is one CVE id: "CVE-2024-1234", not "CVE-2017-17434-1".
bool IsCveId(std::string_view s);

/// "YYYY-MM-DD[ T]H[H]:M[M]:S[S][ ][Z|UTC|+HHMM|-HHMM]" (surrounding space allowed; one-digit
/// month, day and time fields accepted) -> RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ"; "" when
/// malformed or out of range (years 1..9999).
std::string NormalizeDateTimeUtc(std::string_view text);

/// An RFC 3339 timestamp without a zone ("2024-11-20T23:47:27.027") gets "Z"; one with "Z" or a
/// numeric offset after the 'T' is returned as is; "" stays "".
std::string AssumeUtc(std::string timestamp);

}  // namespace hullscan::feed
