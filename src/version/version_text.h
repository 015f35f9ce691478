// Text helpers shared by the version schemes: digit strings compared by numeric value at any
// length (version_scheme.h: "numbers of any length compare correctly"), ASCII classification, and
// the one error wording "SCHEME version 'TEXT': why". Pure functions: thread-safe.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::version {

/// Longest version text any scheme here parses; longer input is kInvalidArgument, not a guess.
inline constexpr size_t kMaxVersionTextBytes = 1024;

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// `s` without leading and trailing ASCII whitespace.
std::string_view TrimAsciiSpace(std::string_view s);

/// True when `s` is non-empty and every byte is '0'..'9'.
bool IsDigits(std::string_view s);

/// `s` without its leading zeros ("007" -> "7", "000" -> "0"). REQUIRES: IsDigits(s).
std::string_view StripLeadingZeros(std::string_view s);

/// Numeric comparison of two digit strings of any length ("010" == "10", "9" < "10").
/// REQUIRES: IsDigits(a) && IsDigits(b).
std::strong_ordering CompareDigits(std::string_view a, std::string_view b);

/// Byte-wise comparison as a strong_ordering.
std::strong_ordering CompareBytes(std::string_view a, std::string_view b);

/// kInvalidArgument "SCHEME version 'TEXT': why", the text escaped and cut to 128 bytes.
tl::unexpected<Error> VersionError(std::string_view scheme, std::string_view text, std::string_view why);

}  // namespace hullscan::version
