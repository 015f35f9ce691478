// Package URL parsing for SBOM input (https://github.com/package-url/purl-spec, PURL-SPECIFICATION.rst
// "How to parse a purl string in its components"): the inverse of model::Purl, tolerant of what
// other tools write (unencoded '@' in npm scopes, "pkg://"). Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::sbom {

/// The components of a purl, every one percent-decoded.
struct ParsedPurl {
  std::string type;       ///< lowercased: "deb", "npm", ...
  std::string namespace_;  ///< segments joined by '/'; "" when none
  std::string name;
  std::string version;
  std::map<std::string, std::string> qualifiers;  ///< keys lowercased; empty values dropped
  std::string subpath;
  bool operator==(const ParsedPurl&) const = default;
};

/// Longest purl accepted (longer input is kLimitExceeded).
inline constexpr size_t kMaxPurlBytes = 8192;

/// Parses `purl`. kCorrupt "purl 'X': why" when it is not "pkg:TYPE/.../NAME[@VERSION][?Q][#S]",
/// has an invalid type, an empty name or a bad percent escape.
Result<ParsedPurl> ParsePurl(std::string_view purl);

/// Decodes %XX escapes. kCorrupt on a '%' not followed by two hex digits.
Result<std::string> PercentDecode(std::string_view s);

}  // namespace hullscan::sbom
