#include "apply/language_packages.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace hullscan::apply {

namespace {

bool IsOsPackage(const model::Package& p) {
  return p.type == model::PackageType::kDeb || p.type == model::PackageType::kApk ||
         p.type == model::PackageType::kRpm;
}

constexpr std::string_view kNodeModules = "/node_modules/";

std::string_view Dirname(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return slash == 0 ? std::string_view("/") : path.substr(0, slash);
}

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

enum class NpmRole { kOther, kLockEntry, kInstalled, kProject };

// The project directory of an npm package and what its evidence is.
std::pair<NpmRole, std::string_view> NpmProjectOf(const model::Package& p) {
  if (p.type != model::PackageType::kNpm) return {NpmRole::kOther, {}};
  std::string_view path = p.path;
  if (p.project) return {NpmRole::kProject, Dirname(path)};
  size_t nm = path.find(kNodeModules);
  if (nm != std::string_view::npos) return {NpmRole::kInstalled, path.substr(0, nm == 0 ? 1 : nm)};
  std::string_view base = Basename(path);
  if (base == "package-lock.json" || base == "npm-shrinkwrap.json" || base == "yarn.lock" ||
      base == "pnpm-lock.yaml") {
    return {NpmRole::kLockEntry, Dirname(path)};
  }
  return {NpmRole::kOther, {}};
}

}  // namespace

std::string UsrMergedPath(std::string_view path) {
  static constexpr std::array<std::string_view, 6> kMerged = {"/bin/", "/sbin/", "/lib/",
                                                              "/lib32/", "/lib64/", "/libx32/"};
  for (std::string_view dir : kMerged) {
    if (path.starts_with(dir)) return "/usr" + std::string(path);
  }
  return std::string(path);
}

void AssignOsOwners(std::vector<model::Package>& packages, const std::vector<model::OwnedFile>& owned) {
  if (owned.empty()) return;
  std::unordered_set<std::string> installed;
  for (const model::Package& p : packages) {
    if (IsOsPackage(p)) installed.insert(p.name);
  }
  std::unordered_map<std::string, std::string> owner_of;
  for (const model::OwnedFile& f : owned) owner_of[UsrMergedPath(f.path)] = f.owner;
  for (model::Package& p : packages) {
    if (IsOsPackage(p)) continue;
    // A package inside an archive ("/x.jar!/META-INF/...") belongs to whoever owns the archive.
    std::string_view file = p.path;
    file = file.substr(0, file.find('!'));
    auto it = owner_of.find(UsrMergedPath(file));
    if (it != owner_of.end() && installed.count(it->second) != 0) p.os_owner = it->second;
  }
}

void ResolveNpmProjects(std::vector<model::Package>& packages) {
  struct Project {
    bool has_installed = false;
    bool has_lock = false;
  };
  std::map<std::string, Project, std::less<>> projects;
  // (project dir, name, version) -> index of the first installed copy
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, size_t> installed;
  for (size_t i = 0; i < packages.size(); ++i) {
    auto [role, dir] = NpmProjectOf(packages[i]);
    if (role == NpmRole::kInstalled) {
      projects[std::string(dir)].has_installed = true;
      installed.emplace(std::make_tuple(dir, std::string_view(packages[i].name), std::string_view(packages[i].version)), i);
    } else if (role == NpmRole::kLockEntry) {
      projects[std::string(dir)].has_lock = true;
    }
  }
  std::vector<bool> drop(packages.size(), false);
  std::vector<std::pair<size_t, size_t>> merges;  // (lock entry, installed copy)
  for (size_t i = 0; i < packages.size(); ++i) {
    auto [role, dir] = NpmProjectOf(packages[i]);
    if (role == NpmRole::kProject) {
      auto it = projects.find(dir);
      drop[i] = it == projects.end();
    } else if (role == NpmRole::kLockEntry) {
      if (!projects[std::string(dir)].has_installed) continue;
      auto it = installed.find(std::make_tuple(dir, std::string_view(packages[i].name),
                                               std::string_view(packages[i].version)));
      if (it == installed.end()) {
        packages[i].not_installed = true;
      } else {
        merges.emplace_back(i, it->second);
        drop[i] = true;
      }
    }
  }
  for (auto [lock, inst] : merges) {
    packages[inst].also_at.push_back(model::PackageLocation{packages[lock].path, packages[lock].layer_index});
    packages[inst].dev = packages[inst].dev || packages[lock].dev;
  }
  std::vector<model::Package> kept;
  kept.reserve(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    if (!drop[i]) kept.push_back(std::move(packages[i]));
  }
  for (model::Package& p : kept) {
    std::sort(p.also_at.begin(), p.also_at.end(), [](const auto& a, const auto& b) {
      return std::tie(a.path, a.layer_index) < std::tie(b.path, b.layer_index);
    });
  }
  packages = std::move(kept);
}

}  // namespace hullscan::apply
