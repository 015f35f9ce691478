// Helpers shared by the Debian list and tracker-JSON importers (this directory only): text
// trimming and the record-size rules of the feed brief. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_importer.h"

namespace hullscan::feed::debian_internal {

inline constexpr uint64_t kMaxDetailsBytes = 4096;
inline constexpr size_t kMaxNotes = 5;

/// Without leading/trailing spaces, tabs, CR and LF.
std::string_view Trim(std::string_view s);
/// The first line of `s`, trimmed.
std::string FirstLine(std::string_view s);
/// At most `max` bytes, cut on a UTF-8 character boundary.
std::string TruncateUtf8(std::string_view s, uint64_t max);
/// Appends a note while fewer than kMaxNotes are kept.
void AddNote(FeedMeta& meta, std::string note);

}  // namespace hullscan::feed::debian_internal
