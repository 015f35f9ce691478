// Clock: the only source of "now". Reports take the time from here so that tests (and
// SOURCE_DATE_EPOCH) make output byte-identical. Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace hullscan {

class Clock {
 public:
  /// The real clock.
  static Clock System();
  /// A clock frozen at `unix_seconds`.
  static Clock Fixed(int64_t unix_seconds) { return Clock(unix_seconds, true); }
  int64_t NowUnixSeconds() const;

 private:
  Clock(int64_t s, bool fixed) : fixed_seconds_(s), fixed_(fixed) {}
  int64_t fixed_seconds_;
  bool fixed_;
};

/// "2024-06-01T00:00:00Z".
std::string FormatRfc3339(int64_t unix_seconds);
/// Parses RFC 3339 timestamps as found in image configs ("2024-06-01T00:00:00.123456789Z",
/// "+02:00" offsets). Returns false when `s` is not one.
bool ParseRfc3339(const std::string& s, int64_t* unix_seconds);

}  // namespace hullscan
