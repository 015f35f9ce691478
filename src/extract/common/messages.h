// Message helpers shared by the extractors: how a piece of hostile input is quoted in an error,
// and the "line N: ..." form of parse errors (DESIGN.md 1.4). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::extract::common {

/// `s` quoted for a message: at most 64 bytes, control bytes replaced by '?'.
std::string Quote(std::string_view s);

/// kCorrupt "line N: what".
Error LineError(uint64_t line, std::string what);

}  // namespace hullscan::extract::common
