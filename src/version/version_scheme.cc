#include "version/version_scheme.h"

#include <string>

#include "version/apk_version.h"
#include "version/composer_version.h"
#include "version/dpkg_version.h"
#include "version/gem_version.h"
#include "version/maven_version.h"
#include "version/pep440_version.h"
#include "version/rpm_version.h"
#include "version/semver_version.h"

namespace hullscan::version {

namespace {

constexpr SchemeId kAllSchemes[] = {
    SchemeId::kDpkg, SchemeId::kRpm, SchemeId::kApk,   SchemeId::kSemver,   SchemeId::kPep440, SchemeId::kMaven,
    SchemeId::kGem,  SchemeId::kGo,  SchemeId::kNuget, SchemeId::kComposer, SchemeId::kCargo,
};

}  // namespace

std::string_view SchemeName(SchemeId id) {
  switch (id) {
    case SchemeId::kDpkg: return "dpkg";
    case SchemeId::kRpm: return "rpm";
    case SchemeId::kApk: return "apk";
    case SchemeId::kSemver: return "semver";
    case SchemeId::kPep440: return "pep440";
    case SchemeId::kMaven: return "maven";
    case SchemeId::kGem: return "gem";
    case SchemeId::kGo: return "go";
    case SchemeId::kNuget: return "nuget";
    case SchemeId::kComposer: return "composer";
    case SchemeId::kCargo: return "cargo";
  }
  HS_CHECK(false && "unknown SchemeId");
  return "";
}

Result<SchemeId> ParseSchemeName(std::string_view name) {
  for (SchemeId id : kAllSchemes) {
    if (SchemeName(id) == name) return id;
  }
  std::string known;
  for (SchemeId id : kAllSchemes) {
    if (!known.empty()) known += ", ";
    known += SchemeName(id);
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "version scheme '" + std::string(name) + "': unknown (known: " + known + ")");
}

const VersionScheme& SchemeFor(SchemeId id) {
  switch (id) {
    case SchemeId::kDpkg: return DpkgScheme();
    case SchemeId::kRpm: return RpmScheme();
    case SchemeId::kApk: return ApkScheme();
    case SchemeId::kSemver: return SemverScheme();
    case SchemeId::kPep440: return Pep440Scheme();
    case SchemeId::kGo: return GoScheme();
    case SchemeId::kNuget: return NugetScheme();
    case SchemeId::kCargo: return CargoScheme();
    case SchemeId::kMaven: return MavenScheme();
    case SchemeId::kGem: return GemScheme();
    case SchemeId::kComposer: return ComposerScheme();
  }
  HS_CHECK(false && "unknown SchemeId");
  return DpkgScheme();
}

// Every scheme is written now; kept for callers written before maven, gem and composer were.
bool SchemeImplemented(SchemeId) { return true; }

Result<std::strong_ordering> CompareStrings(SchemeId id, std::string_view a, std::string_view b) {
  if (!SchemeImplemented(id)) {
    return MakeError(ErrorCode::kUnsupported,
                     "version scheme '" + std::string(SchemeName(id)) + "' is not implemented yet");
  }
  const VersionScheme& scheme = SchemeFor(id);
  auto va = scheme.Parse(a);
  if (!va) return MakeError(std::move(va).error().WithContext("left side"));
  auto vb = scheme.Parse(b);
  if (!vb) return MakeError(std::move(vb).error().WithContext("right side"));
  return scheme.Compare(**va, **vb);
}

}  // namespace hullscan::version
