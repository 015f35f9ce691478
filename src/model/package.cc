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

std::string FormatLocations(const std::vector<PackageLocation>& locations) {
  std::string out;
  for (const PackageLocation& l : locations) {
    if (!out.empty()) out += '\n';
    out += std::to_string(l.layer_index) + ":" + l.path;
  }
  return out;
}

std::vector<PackageLocation> ParseLocations(std::string_view text) {
  std::vector<PackageLocation> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 6 || colon + 1 >= line.size()) continue;
    int layer = 0;
    bool ok = true;
    for (char c : line.substr(0, colon)) {
      if (c < '0' || c > '9') ok = false;
      else layer = layer * 10 + (c - '0');
    }
    if (!ok || line[colon + 1] != '/') continue;
    out.push_back(PackageLocation{std::string(line.substr(colon + 1)), layer});
  }
  return out;
}

bool PackageLess(const Package& a, const Package& b) {
  return std::tie(a.type, a.name, a.version, a.arch, a.path) < std::tie(b.type, b.name, b.version, b.arch, b.path);
}

std::optional<SourceRpm> ParseSourceRpm(std::string_view s) {
  // rpm names source packages NAME-VERSION-RELEASE.src.rpm (NoSource/NoPatch: .nosrc.rpm);
  // VERSION and RELEASE may not contain '-', NAME may.
  constexpr std::string_view kRpm = ".rpm";
  if (!s.ends_with(kRpm)) return std::nullopt;
  s.remove_suffix(kRpm.size());
  if (s.ends_with(".src")) {
    s.remove_suffix(4);
  } else if (s.ends_with(".nosrc")) {
    s.remove_suffix(6);
  } else {
    return std::nullopt;
  }
  const size_t rel = s.rfind('-');
  if (rel == std::string_view::npos || rel + 1 == s.size()) return std::nullopt;
  const size_t ver = s.substr(0, rel).rfind('-');
  if (ver == std::string_view::npos || ver == 0 || ver + 1 == rel) return std::nullopt;
  return SourceRpm{std::string(s.substr(0, ver)), std::string(s.substr(ver + 1))};
}

}  // namespace hullscan::model
