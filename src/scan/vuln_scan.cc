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

// Sorts findings by (target, package name, version, path, id) and sets their targets.
void SortFindings(const std::vector<model::Package>& pkgs, std::vector<model::Finding>& findings) {
  // Sorted by (target, package name, version, path, id) through an index (a Finding is large, an
  // index is cheap to move), with each package's place in that order computed once.
  std::vector<std::string> targets(pkgs.size());
  std::vector<uint32_t> by_package(pkgs.size());
  for (uint32_t k = 0; k < pkgs.size(); ++k) {
    targets[k] = FindingTarget(pkgs[k]);
    by_package[k] = k;
  }
  std::sort(by_package.begin(), by_package.end(), [&](uint32_t x, uint32_t y) {
    return std::tie(targets[x], pkgs[x].name, pkgs[x].version, pkgs[x].path) <
           std::tie(targets[y], pkgs[y].name, pkgs[y].version, pkgs[y].path);
  });
  std::vector<uint32_t> rank(pkgs.size());
  for (uint32_t k = 0, r = 0; k < by_package.size(); ++k) {
    // Packages equal in every key share a rank, so that their findings order by id alone.
    if (k > 0) {
      const auto& a = pkgs[by_package[k - 1]];
      const auto& b = pkgs[by_package[k]];
      if (targets[by_package[k - 1]] != targets[by_package[k]] || a.name != b.name || a.version != b.version ||
          a.path != b.path) {
        ++r;
      }
    }
    rank[by_package[k]] = r;
  }
  for (auto& f : findings) f.target = targets[f.package_index];
  std::vector<uint32_t> order(findings.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const model::Finding& a = findings[x];
    const model::Finding& b = findings[y];
    uint32_t ra = rank[a.package_index], rb = rank[b.package_index];
    if (ra != rb) return ra < rb;
    return a.id != b.id ? a.id < b.id : a.package_index < b.package_index;
  });
  // Apply the permutation in place, one cycle at a time: each finding moves once.
  for (uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    model::Finding held = std::move(findings[start]);
    uint32_t at = start;
    while (order[at] != start) {
      uint32_t from = order[at];
      findings[at] = std::move(findings[from]);
      order[at] = at;
      at = from;
    }
    findings[at] = std::move(held);
    order[at] = at;
  }
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
  HS_ASSIGN_OR_RETURN(match::MatchResult m, match::MatchInventory(report.packages, report.distro, store));
  SortFindings(report.packages, m.findings);
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
