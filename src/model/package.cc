#include "model/package.h"

#include <tuple>

namespace hullscan::model {

std::string_view PackageTypeName(PackageType t) {
  switch (t) {
    case PackageType::kDeb: return "deb";
    case PackageType::kApk: return "apk";
    case PackageType::kRpm: return "rpm";
    case PackageType::kNpm: return "npm";
    case PackageType::kPypi: return "pypi";
    case PackageType::kMaven: return "maven";
    case PackageType::kGolang: return "golang";
    case PackageType::kCargo: return "cargo";
    case PackageType::kGem: return "gem";
    case PackageType::kComposer: return "composer";
    case PackageType::kNuget: return "nuget";
  }
  return "unknown";
}

std::optional<PackageType> ParsePackageType(std::string_view s) {
  for (PackageType t : {PackageType::kDeb, PackageType::kApk, PackageType::kRpm, PackageType::kNpm,
                        PackageType::kPypi, PackageType::kMaven, PackageType::kGolang, PackageType::kCargo,
                        PackageType::kGem, PackageType::kComposer, PackageType::kNuget}) {
    if (PackageTypeName(t) == s) return t;
  }
  return std::nullopt;
}

bool PackageLess(const Package& a, const Package& b) {
  return std::tie(a.type, a.name, a.version, a.arch, a.path) < std::tie(b.type, b.name, b.version, b.arch, b.path);
}

}  // namespace hullscan::model
