// VersionScheme: each ecosystem's real version ordering (DESIGN.md 1.3), after grype's
// version.Format and scalibr's semantic package. One file per scheme; SchemeFor() is one switch.
//
// A Version is parsed once and compared many times. Parse() of a string the scheme cannot read
// is an error (kInvalidArgument with the scheme and the text), never a guess. Numbers of any
// length compare correctly (no 64-bit overflow). Schemes are stateless singletons: thread-safe.
#pragma once

#include <compare>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::version {

enum class SchemeId { kDpkg, kRpm, kApk, kSemver, kPep440, kMaven, kGem, kGo, kNuget, kComposer, kCargo };
/// The number of schemes, for tables indexed by SchemeId (kCargo stays last).
inline constexpr size_t kSchemeCount = static_cast<size_t>(SchemeId::kCargo) + 1;

/// Stable names, as used by `hullscan version compare --scheme NAME`: dpkg rpm apk semver pep440
/// maven gem go nuget composer cargo.
std::string_view SchemeName(SchemeId id);
Result<SchemeId> ParseSchemeName(std::string_view name);

/// A parsed version. Opaque: only its scheme reads it.
class Version {
 public:
  virtual ~Version() = default;
  virtual SchemeId scheme() const = 0;
  /// The text it was parsed from.
  virtual const std::string& text() const = 0;
};

class VersionScheme {
 public:
  virtual ~VersionScheme() = default;
  virtual SchemeId id() const = 0;
  /// kInvalidArgument "SCHEME version 'TEXT': why" when the text is not a version of the scheme.
  virtual Result<std::unique_ptr<Version>> Parse(std::string_view text) const = 0;
  /// REQUIRES: both versions were parsed by this scheme.
  virtual std::strong_ordering Compare(const Version& a, const Version& b) const = 0;
};

/// True for every scheme today; kept so that a scheme added to SchemeId before its rules are
/// written is refused (CompareStrings() returns kUnsupported) instead of guessed.
bool SchemeImplemented(SchemeId id);

/// The scheme for an id (a switch with no default: the compiler flags a missing case).
const VersionScheme& SchemeFor(SchemeId id);

/// Parses both and compares; the error names which side failed.
Result<std::strong_ordering> CompareStrings(SchemeId id, std::string_view a, std::string_view b);

}  // namespace hullscan::version
