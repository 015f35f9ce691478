// Logging: constant messages with key=value fields, to stderr (DESIGN.md 1.6).
//   HS_LOG(kInfo, "layer scan done", {{"layer", "2"}, {"ms", "41"}});
// The level is set once by the CLI (the one global besides nothing). Thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace hullscan {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
void Log(LogLevel level, std::string_view message,
         std::initializer_list<std::pair<std::string_view, std::string>> fields = {});

}  // namespace hullscan

#define HS_LOG(level, ...)                                               \
  do {                                                                   \
    if (::hullscan::LogLevel::level >= ::hullscan::GetLogLevel())        \
      ::hullscan::Log(::hullscan::LogLevel::level, __VA_ARGS__);         \
  } while (0)
