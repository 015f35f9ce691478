// The hullscan command: flags and environment -> option structs -> library calls -> exit code.
// Only this module reads configuration (DESIGN.md 1.2).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "base/atomic_file.h"
#include "base/byte_io.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/thread_pool.h"
#include "cli/cli_util.h"
#include "cli/db_command.h"
#include "cli/exit_codes.h"
#include "cli/policy_flags.h"
#include "cli/registry_command.h"
#include "image/image_source.h"
#include "model/purl.h"
#include "report/reporter.h"
#include "policy/policy.h"
#include "scan/scanner.h"
#include "scan/vuln_scan.h"
#include "store/advisory_db.h"
#include "version/version_scheme.h"

#ifndef HULLSCAN_VERSION
#define HULLSCAN_VERSION "0.0.0"
#endif

namespace hullscan::cli {
namespace {

struct CommonFlags {
  std::string image;
  std::string platform = "linux/amd64";
  std::string cache_dir;
  bool no_cache = false;
  bool strict = false;
  std::string output;
  std::string format;
  int parallelism = 0;
  std::string pkg_types = "os,library";
  RegistryFlags registry;
};

// The report clock: SOURCE_DATE_EPOCH when set (reproducible output), else the system clock.
Result<Clock> ReportClock() {
  std::string sde = Env("SOURCE_DATE_EPOCH");
  if (sde.empty()) return Clock::System();
  char* end = nullptr;
  long long v = std::strtoll(sde.c_str(), &end, 10);
  if (end == sde.c_str() || *end != '\0' || v < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "SOURCE_DATE_EPOCH is not a number of seconds: " + sde);
  }
  return Clock::Fixed(v);
}

void AddCommon(CLI::App* cmd, CommonFlags& f) {
  cmd->add_option("image", f.image,
                  "docker-archive:PATH, oci:PATH[:TAG|@DIGEST], oci-archive:PATH[:TAG], dir:PATH, "
                  "fs:PATH (a project directory or a lock file), a path, or [registry:][HOST[:PORT]/]REPO[:TAG][@DIGEST]")
      ->required();
  cmd->add_option("--pkg-types", f.pkg_types, "packages to look for: os, library or os,library")
      ->default_str("os,library")
      ->check([](const std::string& v) -> std::string {
        for (std::string_view rest = v; !rest.empty();) {
          size_t comma = rest.find(',');
          std::string_view t = rest.substr(0, comma);
          rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
          if (t != "os" && t != "library") return "unknown package type '" + std::string(t) + "' (os, library)";
        }
        return v.empty() ? "name os, library or both" : "";
      });
  cmd->add_option("--platform", f.platform, "platform to pick from a multi-platform image (os/arch[/variant])");
  cmd->add_option("--cache-dir", f.cache_dir, "layer cache directory (default $XDG_CACHE_HOME/hullscan)");
  cmd->add_flag("--no-cache", f.no_cache, "do not read or write the layer cache");
  cmd->add_option("-j,--parallel", f.parallelism, "layers read at once (default: number of CPUs)");
  AddRegistryFlags(cmd, f.registry);
}

Result<model::ScanReport> Inventory(const CommonFlags& f, const Clock& clock) {
  HS_ASSIGN_OR_RETURN(image::ImageRef ref, image::ParseImageRef(f.image));
  scan::InventoryOptions opts;
  opts.source.platform = f.platform;
  opts.cache_dir = f.no_cache ? "" : (f.cache_dir.empty() ? DefaultCacheDir() : f.cache_dir);
  if (ref.kind == image::ImageRef::Kind::kRegistry) {
    HS_ASSIGN_OR_RETURN(opts.source.registry, RegistryClientOptions(f.registry));
    opts.source.registry.cache_dir = opts.cache_dir;  // manifests and configs beside the layer cache
  }
  opts.parallelism = f.parallelism > 0 ? static_cast<size_t>(f.parallelism) : DefaultParallelism();
  opts.tool_version = HULLSCAN_VERSION;
  opts.now_unix_seconds = clock.NowUnixSeconds();
  opts.package_types = extract::PackageTypes{false, false};
  for (std::string_view rest = f.pkg_types; !rest.empty();) {
    size_t comma = rest.find(',');
    std::string_view t = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (t == "os") opts.package_types.os = true;
    if (t == "library") opts.package_types.library = true;  // other words were refused by the flag's check
  }
  return scan::BuildInventory(ref, opts);
}

// Writes to -o FILE (complete or not at all: a temp name renamed into place) or stdout.
Status WriteOutput(const std::string& path, const report::Reporter& reporter, const model::ScanReport& report) {
  if (path.empty() || path == "-") {
    FileSink out(STDOUT_FILENO);
    return reporter.Write(report, out);
  }
  return ReplaceFile(path, [&](ByteSink& sink) { return reporter.Write(report, sink); });
}

int PrintDiagnostics(const model::ScanReport& report, bool strict) {
  for (const auto& d : report.diagnostics) {
    std::string where = d.layer_index >= 0 ? "layer " + std::to_string(d.layer_index) + ": " : std::string();
    std::fprintf(stderr, "hullscan: warning: %s%s%s%s\n", where.c_str(), Printable(d.path).c_str(),
                 d.path.empty() ? "" : ": ", Printable(d.message).c_str());
  }
  if (strict && !report.diagnostics.empty()) {
    std::fprintf(stderr, "hullscan: error: %zu diagnostics and --strict is set\n", report.diagnostics.size());
    return kExitInput;
  }
  return kExitClean;
}

const char* OrderingText(std::strong_ordering o) {
  if (o < 0) return "<";
  if (o > 0) return ">";
  return "=";
}

// `hullscan version compare`: one pair from the arguments, or `--batch` lines
// "scheme<TAB>a<TAB>b" from stdin, one result line each, in order.
int VersionCompare(const std::string& scheme_name, const std::vector<std::string>& args, bool batch) {
  if (batch) {
    int rc = kExitClean;
    std::string line;
    uint64_t line_no = 0;
    while (std::getline(std::cin, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      size_t t1 = line.find('\t');
      size_t t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
      if (t2 == std::string::npos) {
        std::printf("error: line %llu: want scheme<TAB>a<TAB>b\n", static_cast<unsigned long long>(line_no));
        rc = kExitInput;
        continue;
      }
      auto id = version::ParseSchemeName(line.substr(0, t1));
      if (!id) {
        std::printf("error: %s\n", Printable(id.error().message()).c_str());
        rc = kExitInput;
        continue;
      }
      auto r = version::CompareStrings(*id, std::string_view(line).substr(t1 + 1, t2 - t1 - 1),
                                       std::string_view(line).substr(t2 + 1));
      if (!r) {
        std::printf("error: %s\n", Printable(r.error().message()).c_str());
        rc = kExitInput;
      } else {
        std::printf("%s\n", OrderingText(*r));
      }
    }
    return rc;
  }
  if (args.size() != 2 || scheme_name.empty()) {
    std::fprintf(stderr, "hullscan: error: version compare needs --scheme NAME and two versions (or --batch)\n");
    return kExitUsage;
  }
  auto id = version::ParseSchemeName(scheme_name);
  if (!id) return Fail(id.error(), kExitUsage);
  auto r = version::CompareStrings(*id, args[0], args[1]);
  if (!r) return Fail(r.error(), kExitInput);
  std::printf("%s\n", OrderingText(*r));
  return kExitClean;
}

struct ScanFlags {
  std::string db;
  PolicyFlags policy;
  bool explain = false;
};

// --db, else $HULLSCAN_DB, else <cache dir>/db/advisories.db.
std::string DbPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  std::string env = Env("HULLSCAN_DB");
  if (!env.empty()) return env;
  std::string cache = DefaultCacheDir();
  return cache.empty() ? "" : cache + "/db/advisories.db";
}

int Scan(const CommonFlags& f, const ScanFlags& sf, const Clock& clock) {
  std::string fmt = f.format.empty() ? "table" : f.format;
  report::ScanReportOptions ropts;
  ropts.explain = sf.explain;
  auto reporter = report::NewScanReporter(fmt, ropts);
  if (!reporter) return Fail(reporter.error(), kExitUsage);
  auto popts = PolicyOptionsFrom(sf.policy, FormatRfc3339(clock.NowUnixSeconds()).substr(0, 10));
  if (!popts) return Fail(popts.error(), kExitUsage);
  std::string db = DbPath(sf.db);
  if (db.empty()) return Fail(Error(ErrorCode::kInvalidArgument, "no database path: set --db or HULLSCAN_DB"), kExitUsage);
  auto store = store::AdvisoryStore::Open(db);
  if (!store) return Fail(store.error(), kExitDatabase);

  Result<model::ScanReport> report = MakeError(ErrorCode::kInternal, "unset");
  if (f.image.rfind("sbom:", 0) == 0) {
    report = scan::InventoryFromSbom(f.image.substr(5), HULLSCAN_VERSION, clock.NowUnixSeconds());
  } else {
    report = Inventory(f, clock);
  }
  if (!report) return Fail(report.error());
  scan::MatchStats mstats;
  Status matched = scan::MatchReport(*report, **store, &mstats);
  if (!matched) return Fail(matched.error(), kExitDatabase);
  HS_LOG(kInfo, "match done", {{"packages", std::to_string(report->packages.size())},
                               {"queries", std::to_string(mstats.queries)}, {"findings", std::to_string(mstats.findings)},
                               {"ms", std::to_string(mstats.ms)}, {"cpu_ms", std::to_string(mstats.cpu_ms)}});
  policy::PolicyStats pstats = policy::ApplyPolicy(*report, *popts);
  WarnExpiredRules(sf.policy, pstats, "");
  HS_LOG(kInfo, "policy applied", {{"below_severity", std::to_string(pstats.dropped_by_severity)},
                                   {"unfixed", std::to_string(pstats.dropped_unfixed)},
                                   {"ignored", std::to_string(pstats.ignored)}});
  Status st = WriteOutput(f.output, **reporter, *report);
  if (!st) return Fail(st.error());
  int rc = PrintDiagnostics(*report, f.strict);
  if (rc != kExitClean) return rc;
  if (sf.policy.exit_code != 0 && !report->findings.empty()) return sf.policy.exit_code;
  return kExitClean;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"hullscan: container image scanner"};
  app.set_version_flag("--version", std::string("hullscan ") + HULLSCAN_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  bool verbose = false, quiet = false;
  app.add_flag("-v,--verbose", verbose, "log progress to stderr");
  app.add_flag("-q,--quiet", quiet, "log errors only");

  CommonFlags f;
  bool no_trunc = false;
  CLI::App* history = app.add_subcommand("history", "show the layers of an image, like docker image history");
  AddCommon(history, f);
  history->add_flag("--no-trunc", no_trunc, "do not truncate CREATED BY");
  history->add_option("-f,--format", f.format, "table or json")->default_str("table");

  CLI::App* sbom = app.add_subcommand("sbom", "write the image's software bill of materials");
  AddCommon(sbom, f);
  sbom->add_option("-f,--format", f.format, "cyclonedx, spdx or json")->default_str("cyclonedx");
  sbom->add_option("-o,--output", f.output, "write to FILE instead of stdout");
  sbom->add_flag("--strict", f.strict, "exit 3 when the scan has diagnostics");

  CLI::App* scan_cmd = app.add_subcommand("scan", "scan an image (or sbom:FILE) for known vulnerabilities");
  AddCommon(scan_cmd, f);
  ScanFlags sf;
  scan_cmd->add_option("-f,--format", f.format, "table, json, sarif or cyclonedx")->default_str("table");
  scan_cmd->add_option("-o,--output", f.output, "write to FILE instead of stdout");
  scan_cmd->add_flag("--strict", f.strict, "exit 3 when the scan has diagnostics");
  scan_cmd->add_option("--db", sf.db, "advisory database (default $HULLSCAN_DB, else the cache dir)");
  AddPolicyFlags(scan_cmd, sf.policy);
  scan_cmd->add_flag("--explain", sf.explain, "show how each finding matched (table) ");

  CLI::App* db_cmd = app.add_subcommand("db", "the local advisory database");
  db_cmd->require_subcommand(1);
  DbFlags df;
  std::string db_flag;
  CLI::App* db_import = db_cmd->add_subcommand("import", "import feed files (OSV, Alpine secdb, Debian lists, KEV, EPSS, ...)");
  db_import->add_option("paths", df.paths, "feed files or directories")->required();
  db_import->add_option("--name", df.name, "feed name (default: format and path)");
  CLI::App* db_update = db_cmd->add_subcommand("update", "download the feeds (or read them from a mirror) and import the changed ones");
  db_update->add_option("--mirror", df.mirror, "a directory or http(s):// URL laid out like the feeds (default $HULLSCAN_FEED_MIRROR)");
  CLI::App* db_status = db_cmd->add_subcommand("status", "feeds, as-of dates, record counts, schema, size");
  db_status->add_option("-f,--format", df.format, "table or json")->default_str("table");
  for (CLI::App* c : {db_import, db_update, db_status}) {
    c->add_option("--db", db_flag, "advisory database (default $HULLSCAN_DB, else the cache dir)");
  }
  for (CLI::App* c : {db_import, db_update}) c->add_flag("--force", df.force, "import even unchanged feeds");

  CLI::App* registry_cmd = app.add_subcommand("registry", "list and scan what a registry holds");
  registry_cmd->require_subcommand(1);
  RegistryCommandFlags rf;
  std::string reg_db;
  bool reg_no_cache = false;
  CLI::App* registry_ls = registry_cmd->add_subcommand("ls", "list the catalog (REGISTRY) or the tags of REGISTRY/REPO");
  CLI::App* registry_scan = registry_cmd->add_subcommand(
      "scan", "scan every image of REGISTRY[/REPO] (matching --tags), each distinct layer pulled once");
  for (CLI::App* c : {registry_ls, registry_scan}) {
    c->add_option("target", rf.target, "REGISTRY[/REPO], e.g. registry.example:5000/team/app")->required();
    c->add_option("-f,--format", rf.format, "table or json")->default_str("table");
    c->add_option("-o,--output", rf.output, "write to FILE instead of stdout");
    AddRegistryFlags(c, rf.registry);
  }
  registry_scan->add_option("--tags", rf.tags, "glob over tag names, e.g. '1.*' (default: all)")->default_str("*");
  registry_scan->add_option("--jobs", rf.jobs, "images scanned at once (1..64)")->default_str("2");
  registry_scan->add_option("--db", reg_db, "advisory database (default $HULLSCAN_DB, else the cache dir; "
                                            "missing: inventory only)");
  registry_scan->add_option("--platform", rf.platform, "platform to pick from multi-platform images (os/arch[/variant])");
  registry_scan->add_option("--cache-dir", f.cache_dir, "layer cache directory (default $XDG_CACHE_HOME/hullscan)");
  registry_scan->add_flag("--no-cache", reg_no_cache, "use a temporary layer cache for this run only");
  registry_scan->add_option("-j,--parallel", f.parallelism, "layers of one image read at once (default: number of CPUs)");
  AddPolicyFlags(registry_scan, rf.policy);

  CLI::App* version_cmd = app.add_subcommand("version", "version rules of each ecosystem");
  version_cmd->require_subcommand(1);
  CLI::App* compare = version_cmd->add_subcommand("compare", "compare two versions: prints <, = or >");
  std::string scheme_name;
  std::vector<std::string> versions;
  bool batch = false;
  compare->add_option("--scheme", scheme_name, "dpkg rpm apk semver pep440 maven gem go nuget composer cargo");
  compare->add_option("versions", versions, "A B");
  compare->add_flag("--batch", batch, "read scheme<TAB>a<TAB>b lines from stdin");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return e.get_exit_code() == 0 ? kExitClean : (rc == 0 ? kExitClean : kExitUsage);
  }
  SetLogLevel(verbose ? LogLevel::kInfo : (quiet ? LogLevel::kError : LogLevel::kWarn));

  if (compare->parsed()) return VersionCompare(scheme_name, versions, batch);

  auto clock = ReportClock();
  if (!clock) return Fail(clock.error(), kExitUsage);

  if (db_cmd->parsed()) {
    df.db = DbPath(db_flag);
    if (df.db.empty()) return Fail(Error(ErrorCode::kInvalidArgument, "no database path: set --db or HULLSCAN_DB"), kExitUsage);
    df.imported_at = FormatRfc3339(clock->NowUnixSeconds());
    if (df.mirror.empty()) df.mirror = Env("HULLSCAN_FEED_MIRROR");
    if (db_import->parsed()) return DbImport(df);
    if (db_update->parsed()) return DbUpdate(df);
    return DbStatus(df);
  }
  if (scan_cmd->parsed()) return Scan(f, sf, *clock);

  if (registry_cmd->parsed()) {
    if (registry_ls->parsed()) return RegistryLs(rf);
    rf.db = DbPath(reg_db);
    rf.cache_dir = reg_no_cache ? "" : (f.cache_dir.empty() ? DefaultCacheDir() : f.cache_dir);
    rf.parallelism = f.parallelism > 0 ? static_cast<size_t>(f.parallelism) : DefaultParallelism();
    rf.tool_version = HULLSCAN_VERSION;
    rf.now_unix_seconds = clock->NowUnixSeconds();
    return RegistryScan(rf);
  }

  if (history->parsed()) {
    std::string fmt = f.format.empty() ? "table" : f.format;
    report::HistoryOptions hopts;
    hopts.no_trunc = no_trunc;
    hopts.now_unix_seconds = clock->NowUnixSeconds();
    auto reporter = report::NewHistoryReporter(fmt, hopts);
    if (!reporter) return Fail(reporter.error(), kExitUsage);
    auto report = Inventory(f, *clock);
    if (!report) return Fail(report.error());
    Status st = WriteOutput("", **reporter, *report);
    if (!st) return Fail(st.error());
    return kExitClean;
  }

  std::string fmt = f.format.empty() ? "cyclonedx" : f.format;
  auto reporter = report::NewSbomReporter(fmt);
  if (!reporter) return Fail(reporter.error(), kExitUsage);
  auto report = Inventory(f, *clock);
  if (!report) return Fail(report.error());
  Status st = WriteOutput(f.output, **reporter, *report);
  if (!st) return Fail(st.error());
  return PrintDiagnostics(*report, f.strict);
}

}  // namespace hullscan::cli

int main(int argc, char** argv) { return hullscan::cli::Main(argc, argv); }
