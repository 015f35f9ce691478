// Helpers shared by the Debian list and tracker-JSON importers (this directory only): the note
// limit. Text helpers common to every importer are in feed/common/record_text.h. Pure functions:
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_importer.h"

namespace hullscan::feed::debian_internal {

inline constexpr size_t kMaxNotes = 5;

/// Appends a note while fewer than kMaxNotes are kept.
void AddNote(FeedMeta& meta, std::string note);

}  // namespace hullscan::feed::debian_internal
