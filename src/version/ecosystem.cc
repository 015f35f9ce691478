#include "version/ecosystem.h"

namespace hullscan::version {

std::optional<SchemeId> SchemeForEcosystem(std::string_view ecosystem) {
  std::string_view base = model::EcosystemBase(ecosystem);
  if (base == "Debian" || base == "Ubuntu") return SchemeId::kDpkg;
  if (base == "Alpine" || base == "Wolfi" || base == "Chainguard") return SchemeId::kApk;
  if (base == "AlmaLinux" || base == "Rocky Linux" || base == "Red Hat" || base == "openSUSE" || base == "SUSE" ||
      base == "Mageia" || base == "openEuler" || base == "Azure Linux" || base == "Photon OS") {
    return SchemeId::kRpm;
  }
  if (base == "PyPI") return SchemeId::kPep440;
  if (base == "npm" || base == "Bitnami") return SchemeId::kSemver;
  if (base == "Go") return SchemeId::kGo;
  if (base == "crates.io") return SchemeId::kCargo;
  if (base == "Maven") return SchemeId::kMaven;
  if (base == "RubyGems") return SchemeId::kGem;
  if (base == "Packagist") return SchemeId::kComposer;
  if (base == "NuGet") return SchemeId::kNuget;
  return std::nullopt;
}

std::optional<SchemeId> SchemeForRange(std::optional<SchemeId> ecosystem_scheme, model::AffectedRange::Type type) {
  // OSV SEMVER ranges carry bare semver ("1.2.3", no "v" even for Go); the matcher strips
  // Go's "v" / "go" prefix from the installed version before comparing.
  if (type == model::AffectedRange::Type::kSemver) return SchemeId::kSemver;
  return ecosystem_scheme;
}

std::optional<SchemeId> SchemeForRange(std::string_view ecosystem, model::AffectedRange::Type type) {
  if (type == model::AffectedRange::Type::kSemver) return SchemeId::kSemver;
  return SchemeForRange(SchemeForEcosystem(ecosystem), type);
}

}  // namespace hullscan::version
