#include "scan/vuln_scan.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "base/byte_io.h"
#include "match/matcher.h"
#include "sbom/sbom_reader.h"

namespace hullscan::scan {

std::string FindingTarget(const model::Package& p) {
  switch (p.type) {
    case model::PackageType::kDeb:
    case model::PackageType::kApk:
    case model::PackageType::kRpm: return "os-pkgs";
    default: return p.path;
  }
}

namespace {

// The report's order of packages, (target, package name, version, path), as a rank per package
// (packages equal in every key share a rank, so that their findings order by id alone), and each
// package's target. Findings are made in that order (match::MatchInventory): by rank, then id.
std::vector<uint32_t> PackageRanks(const std::vector<model::Package>& pkgs, std::vector<std::string>& targets) {
  struct Key {
    std::string_view target, name, version, path;
    uint32_t package;
    auto Fields() const { return std::tie(target, name, version, path); }
  };
  targets.resize(pkgs.size());
  std::vector<Key> keys(pkgs.size());
  for (uint32_t k = 0; k < pkgs.size(); ++k) {
    targets[k] = FindingTarget(pkgs[k]);
    keys[k] = {targets[k], pkgs[k].name, pkgs[k].version, pkgs[k].path, k};
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return a.Fields() < b.Fields(); });
  std::vector<uint32_t> rank(pkgs.size());
  for (uint32_t k = 0, r = 0; k < keys.size(); ++k) {
    if (k > 0 && keys[k - 1].Fields() != keys[k].Fields()) ++r;
    rank[keys[k].package] = r;
  }
  return rank;
}

// What the matchers could not check: OS packages of a distro no feed covers, and packages of an
// ecosystem the database has no records for. Without these a scan of, say, a Rocky Linux image
// against a DB without Rocky data would read as clean.
Status CoverageDiagnostics(const model::ScanReport& report, store::AdvisoryStore& store,
                           std::vector<model::Diagnostic>& out) {
  const std::string distro_eco = match::DistroEcosystem(report.distro);
  uint64_t os_unknown = 0;
  std::map<std::string, uint64_t> wanted;  // ecosystem -> packages that ask it
  for (const model::Package& p : report.packages) {
    if (p.type == model::PackageType::kDeb || p.type == model::PackageType::kApk ||
        p.type == model::PackageType::kRpm) {
      if (distro_eco.empty()) {
        ++os_unknown;
      } else {
        ++wanted[distro_eco];
      }
    } else if (p.os_owner.empty() && !p.project && !p.not_installed) {
      ++wanted[match::LanguageEcosystem(p.type)];
    }
  }
  auto add = [&](std::string code, std::string message) {
    model::Diagnostic d;
    d.stage = "match";
    d.code = std::move(code);
    d.message = std::move(message);
    out.push_back(std::move(d));
  };
  if (os_unknown > 0) {
    std::string name = report.distro.id.empty() ? "an unidentified distribution"
                                                : report.distro.id + " " + report.distro.version_id;
    add("unsupported", std::to_string(os_unknown) + " OS packages of " + name +
                           " were not checked: hullscan reads no vulnerability data for this distribution");
  }
  HS_ASSIGN_OR_RETURN(auto have, store.Ecosystems());
  if (!have) return OkStatus();  // a DB generation that does not record them
  for (const auto& [eco, n] : wanted) {
    if (eco.empty() || have->count(eco)) continue;
    add("no_data", std::to_string(n) + " packages of ecosystem " + eco +
                       " were not checked: the advisory database has no records for it (import its feed; "
                       "`hullscan db status` lists what is imported)");
  }
  return OkStatus();
}

}  // namespace

Status MatchReport(model::ScanReport& report, store::AdvisoryStore& store, MatchStats* stats) {
  auto start = std::chrono::steady_clock::now();
  timespec cpu_start{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
  // Sorted by (target, package name, version, path, id) as they are made.
  std::vector<std::string> targets;
  std::vector<uint32_t> rank = PackageRanks(report.packages, targets);
  HS_ASSIGN_OR_RETURN(match::MatchResult m, match::MatchInventory(report.packages, report.distro, store, rank));
  for (auto& f : m.findings) f.target = targets[f.package_index];
  if (stats) {
    stats->queries = m.queries;
    stats->findings = m.findings.size();
    stats->ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    timespec cpu_end{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_end);
    stats->cpu_ms = (cpu_end.tv_sec - cpu_start.tv_sec) * 1e3 + (cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e6;
  }
  report.findings = std::move(m.findings);
  for (auto& d : m.diagnostics) report.diagnostics.push_back(std::move(d));
  HS_RETURN_IF_ERROR(CoverageDiagnostics(report, store, report.diagnostics));
  HS_ASSIGN_OR_RETURN(report.db, store.Info());
  report.vulnerability_scan = true;
  return OkStatus();
}

Result<model::ScanReport> InventoryFromSbom(const std::string& path, const std::string& tool_version,
                                            int64_t now_unix_seconds) {
  HS_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path, sbom::kMaxSbomBytes));
  HS_ASSIGN_OR_RETURN(sbom::SbomInventory inv, sbom::ReadSbom(bytes, path));
  model::ScanReport r;
  r.tool_version = tool_version;
  r.timestamp = now_unix_seconds;
  r.image.ref = "sbom:" + path;
  r.image.source_kind = "sbom";
  r.distro = inv.distro;
  r.packages = std::move(inv.packages);
  std::sort(r.packages.begin(), r.packages.end(), model::PackageLess);
  r.diagnostics = std::move(inv.diagnostics);
  return r;
}

}  // namespace hullscan::scan
