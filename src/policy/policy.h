// Policy: what of the findings the user wants to see and gate on (DESIGN.md 0, after Trivy's
// --severity / --ignore-unfixed / .trivyignore and grype's ignore rules). Pure functions over a
// ScanReport; the CLI reads the flags and the ignore file and passes them in as options.
//
// Ignore files come in two forms, told apart by content:
//   text (one rule per line):   ID|PURL [PURL...] [exp:YYYY-MM-DD] [# reason]
//   YAML:  vulnerabilities: [{id, purls: [...], paths: [...], expired_at: YYYY-MM-DD, statement}]
// A rule's id matches a finding's id or any alias; a purl without "@version" matches every
// version of that package (qualifiers are ignored); a path matches the package's evidence path or
// a directory above it. A rule past its expiry date no longer applies (and is reported).
// Thread-safety: pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/image_info.h"

namespace hullscan::policy {

struct IgnoreRule {
  std::string id;                  ///< "" when the rule is by purl/path only
  std::vector<std::string> purls;  ///< rule applies only to these packages (empty: any)
  std::vector<std::string> paths;  ///< ... or packages under these paths (empty: any)
  std::string expires;             ///< YYYY-MM-DD, "" for never
  std::string reason;
  uint64_t line = 0;               ///< where it came from (1-based), for messages
};

/// Parses an ignore file (text or YAML). kInvalidArgument "WHAT: line N: why" for a bad line or
/// date, an unknown YAML key, or a rule with neither id nor purl nor path.
Result<std::vector<IgnoreRule>> ParseIgnoreFile(std::string_view text, std::string_view what);

struct PolicyOptions {
  /// Severities to keep ("CRITICAL", "HIGH", ...); empty keeps all.
  std::vector<std::string> severities;
  bool ignore_unfixed = false;
  std::vector<IgnoreRule> ignore;
  std::string today;  ///< YYYY-MM-DD, from the report's clock: rules expiring before it are off
};

struct PolicyStats {
  uint64_t dropped_by_severity = 0;
  uint64_t dropped_unfixed = 0;
  uint64_t ignored = 0;
  std::vector<const IgnoreRule*> expired;  ///< rules that would have applied but have expired
};

/// Parses "CRITICAL,HIGH" (case-insensitive; also "MODERATE" as MEDIUM). kInvalidArgument for others.
Result<std::vector<std::string>> ParseSeverities(std::string_view list);

/// Drops the findings the options filter out; keeps the order of the rest.
PolicyStats ApplyPolicy(model::ScanReport& report, const PolicyOptions& options);

}  // namespace hullscan::policy
