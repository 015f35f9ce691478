// The finding filters shared by `scan` and `registry scan`: --severity, --ignore-unfixed,
// --ignorefile and --exit-code, turned into policy::PolicyOptions (policy/policy.h).
// Thread-safety: call from main.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "policy/policy.h"

namespace hullscan::cli {

struct PolicyFlags {
  std::string severity;
  bool ignore_unfixed = false;
  int exit_code = 0;
  std::string ignorefile;
};

void AddPolicyFlags(CLI::App* cmd, PolicyFlags& f);

/// Parses the severities and reads the ignore file. `today` is YYYY-MM-DD (rules expiring before
/// it are off). kInvalidArgument (a usage error) for a bad list or rule; the file's read error.
Result<policy::PolicyOptions> PolicyOptionsFrom(const PolicyFlags& f, const std::string& today);

/// Warns on stderr about each ignore rule that would have applied but has expired. `context`
/// (an image reference, or "") prefixes the line.
void WarnExpiredRules(const PolicyFlags& f, const policy::PolicyStats& stats, const std::string& context);

}  // namespace hullscan::cli
