// Exit codes of the hullscan command: pinned values, documented in the README (DESIGN.md 1.4).
// Never renumber; add new codes at unused values.
#pragma once

#include "base/status.h"

namespace hullscan::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;   ///< findings at or above the gate (--exit-code N changes it)
inline constexpr int kExitUsage = 2;      ///< bad flags or arguments
inline constexpr int kExitInput = 3;      ///< image or SBOM missing, corrupt, unsupported; --strict diagnostics
inline constexpr int kExitDatabase = 4;   ///< vulnerability DB missing, corrupt, wrong schema
inline constexpr int kExitNetwork = 5;    ///< network, registry or auth error
inline constexpr int kExitInternal = 70;  ///< a bug
inline constexpr int kExitInterrupted = 130;

/// The exit code for an error that stopped a command.
inline int ExitCodeFor(const Error& e) {
  switch (e.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kCorrupt:
    case ErrorCode::kUnsupported:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kIo:
      return kExitInput;
    case ErrorCode::kDatabase: return kExitDatabase;
    case ErrorCode::kNetwork:
    case ErrorCode::kAuth:
      return kExitNetwork;
    case ErrorCode::kCancelled: return kExitInterrupted;
    case ErrorCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace hullscan::cli
