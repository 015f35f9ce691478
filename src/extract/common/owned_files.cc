#include "extract/common/owned_files.h"

#include <array>

namespace hullscan::extract::common {

namespace {

constexpr std::array<std::string_view, 18> kNames = {
    "METADATA",         "PKG-INFO",          "package.json",   "package-lock.json", "npm-shrinkwrap.json",
    "yarn.lock",        "pnpm-lock.yaml",    "poetry.lock",    "Pipfile.lock",      "uv.lock",
    "Cargo.lock",       "Gemfile.lock",      "composer.lock",  "installed.json",    "packages.lock.json",
    "go.mod",           "go.sum",            "packages.config",
};

constexpr std::array<std::string_view, 8> kSuffixes = {
    ".jar", ".war", ".ear", ".par", ".egg", ".egg-info", ".gemspec", ".deps.json",
};

constexpr std::array<std::string_view, 3> kExecutableDirs = {"/bin/", "/sbin/", "/libexec/"};

}  // namespace

bool MayHoldLanguagePackage(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view n : kNames) {
    if (base == n) return true;
  }
  for (std::string_view s : kSuffixes) {
    if (base.size() > s.size() && base.ends_with(s)) return true;
  }
  if (base.starts_with("requirements") && base.ends_with(".txt")) return true;
  for (std::string_view d : kExecutableDirs) {
    if (path.find(d) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace hullscan::extract::common
