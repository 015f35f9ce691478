#include "scan/vuln_scan.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "base/byte_io.h"
#include "match/enrich.h"
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

Status MatchReport(model::ScanReport& report, store::AdvisoryStore& store, MatchStats* stats) {
  auto start = std::chrono::steady_clock::now();
  HS_ASSIGN_OR_RETURN(match::MatchResult m, match::MatchInventory(report.packages, report.distro, store));
  HS_RETURN_IF_ERROR(match::Enrich(m.findings, store));
  for (auto& f : m.findings) f.target = FindingTarget(report.packages[f.package_index]);
  const auto& pkgs = report.packages;
  std::sort(m.findings.begin(), m.findings.end(), [&](const model::Finding& a, const model::Finding& b) {
    const model::Package& pa = pkgs[a.package_index];
    const model::Package& pb = pkgs[b.package_index];
    return std::tie(a.target, pa.name, pa.version, pa.path, a.id) < std::tie(b.target, pb.name, pb.version, pb.path, b.id);
  });
  if (stats) {
    stats->queries = m.queries;
    stats->findings = m.findings.size();
    stats->ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  report.findings = std::move(m.findings);
  for (auto& d : m.diagnostics) report.diagnostics.push_back(std::move(d));
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
