#include "apply/apply_layers.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "apply/language_packages.h"

namespace hullscan::apply {

namespace {

// A package inside an archive has the path "/x.jar!/META-INF/..." and goes with the archive.
bool UnderOrAt(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          (path[root.size()] == '/' || path[root.size()] == '!'));
}

bool Under(const std::string& path, const std::string& dir) {
  if (dir == "/") return path != "/";
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

// Removes every key at or under a deleted path (or strictly under an opaque dir).
template <typename Map>
void EraseWhere(Map& m, const std::string& root, bool opaque) {
  for (auto it = m.begin(); it != m.end();) {
    bool hit = opaque ? Under(it->first, root) : UnderOrAt(it->first, root);
    it = hit ? m.erase(it) : std::next(it);
  }
}

using Identity = std::tuple<model::PackageType, std::string, std::string, std::string>;  // type name arch path
using Exact = std::tuple<model::PackageType, std::string, std::string, std::string, std::string>;  // + version

Exact ExactKey(const model::Package& p) { return {p.type, p.name, p.arch, p.path, p.version}; }

}  // namespace

model::Inventory ApplyLayers(std::span<const model::LayerResult> layers) {
  std::map<std::string, std::vector<model::Package>> by_path;  // evidence path -> packages
  std::map<std::string, model::DistroFact> facts;              // fact path -> fact
  std::vector<std::set<Exact>> visible_after(layers.size());
  model::Inventory inv;

  std::vector<model::OwnedFile> owned;
  std::map<Identity, std::string> prev_versions;
  for (size_t i = 0; i < layers.size(); ++i) {
    const model::LayerResult& lr = layers[i];
    for (const std::string& p : lr.deleted_paths) {
      EraseWhere(by_path, p, false);
      EraseWhere(facts, p, false);
    }
    for (const std::string& d : lr.opaque_dirs) {
      EraseWhere(by_path, d, true);
      EraseWhere(facts, d, true);
    }
    for (const std::string& p : lr.evidence_paths) by_path[p].clear();
    for (const model::Package& pkg : lr.packages) by_path[pkg.path].push_back(pkg);
    for (const model::DistroFact& f : lr.distro_facts) facts[f.path] = f;
    owned.insert(owned.end(), lr.owned_files.begin(), lr.owned_files.end());

    std::map<Identity, std::string> versions;
    for (const auto& [path, pkgs] : by_path) {
      for (const model::Package& pkg : pkgs) {
        visible_after[i].insert(ExactKey(pkg));
        versions[{pkg.type, pkg.name, pkg.arch, pkg.path}] = pkg.version;
      }
    }
    model::LayerChange change;
    change.layer_index = static_cast<int>(i);
    for (const auto& [id, version] : versions) {
      auto it = prev_versions.find(id);
      if (it == prev_versions.end()) ++change.added;
      else if (it->second != version) ++change.changed;
    }
    for (const auto& [id, version] : prev_versions) {
      if (!versions.count(id)) ++change.removed;
    }
    inv.layer_changes.push_back(change);
    prev_versions = std::move(versions);
  }

  for (auto& [path, pkgs] : by_path) {
    for (model::Package& pkg : pkgs) {
      Exact key = ExactKey(pkg);
      int first = static_cast<int>(layers.size()) - 1;
      while (first > 0 && visible_after[static_cast<size_t>(first - 1)].count(key)) --first;
      pkg.layer_index = first;
      inv.packages.push_back(std::move(pkg));
    }
  }
  AssignOsOwners(inv.packages, owned);
  ResolveNpmProjects(inv.packages);
  std::sort(inv.packages.begin(), inv.packages.end(), model::PackageLess);
  for (auto& [path, fact] : facts) inv.distro_facts.push_back(std::move(fact));
  return inv;
}

}  // namespace hullscan::apply
