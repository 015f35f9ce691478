// The hullscan command: flags and environment -> option structs -> library calls -> exit code.
// Only this module reads configuration (DESIGN.md 1.2).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "base/byte_io.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/thread_pool.h"
#include "cli/exit_codes.h"
#include "image/image_source.h"
#include "model/purl.h"
#include "report/reporter.h"
#include "scan/scanner.h"
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
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string DefaultCacheDir() {
  std::string xdg = Env("XDG_CACHE_HOME");
  if (!xdg.empty()) return xdg + "/hullscan";
  std::string home = Env("HOME");
  if (!home.empty()) return home + "/.cache/hullscan";
  return "";
}

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

// Messages may quote bytes from hostile input: print only printable ASCII, the rest as \xNN.
std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

int Fail(const Error& e, int code) {
  std::fprintf(stderr, "hullscan: error: %s\n", Printable(e.message()).c_str());
  return code;
}
int Fail(const Error& e) { return Fail(e, ExitCodeFor(e)); }

void AddCommon(CLI::App* cmd, CommonFlags& f) {
  cmd->add_option("image", f.image,
                  "docker-archive:PATH, oci:PATH[:TAG|@DIGEST], oci-archive:PATH[:TAG], dir:PATH, or a path")
      ->required();
  cmd->add_option("--platform", f.platform, "platform to pick from a multi-platform image (os/arch[/variant])");
  cmd->add_option("--cache-dir", f.cache_dir, "layer cache directory (default $XDG_CACHE_HOME/hullscan)");
  cmd->add_flag("--no-cache", f.no_cache, "do not read or write the layer cache");
  cmd->add_option("-j,--parallel", f.parallelism, "layers read at once (default: number of CPUs)");
}

Result<model::ScanReport> Inventory(const CommonFlags& f, const Clock& clock) {
  HS_ASSIGN_OR_RETURN(image::ImageRef ref, image::ParseImageRef(f.image));
  scan::InventoryOptions opts;
  opts.source.platform = f.platform;
  opts.cache_dir = f.no_cache ? "" : (f.cache_dir.empty() ? DefaultCacheDir() : f.cache_dir);
  opts.parallelism = f.parallelism > 0 ? static_cast<size_t>(f.parallelism) : DefaultParallelism();
  opts.tool_version = HULLSCAN_VERSION;
  opts.now_unix_seconds = clock.NowUnixSeconds();
  return scan::BuildInventory(ref, opts);
}

// Writes to -o FILE (complete or not at all: a temp name renamed into place) or stdout.
Status WriteOutput(const std::string& path, const report::Reporter& reporter, const model::ScanReport& report) {
  if (path.empty() || path == "-") {
    FileSink out(STDOUT_FILENO);
    return reporter.Write(report, out);
  }
  std::string tmp = path + ".hullscan-tmp";
  HS_ASSIGN_OR_RETURN(auto sink, FileSink::Create(tmp));
  Status st = reporter.Write(report, *sink);
  if (st) st = sink->Close();
  if (!st || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    if (st) return MakeError(ErrorCode::kIo, "write " + path + ": cannot rename into place");
    return st;
  }
  return OkStatus();
}

int PrintDiagnostics(const model::ScanReport& report, bool strict) {
  for (const auto& d : report.diagnostics) {
    std::fprintf(stderr, "hullscan: warning: layer %d: %s%s%s\n", d.layer_index, Printable(d.path).c_str(),
                 d.path.empty() ? "" : ": ", Printable(d.message).c_str());
  }
  if (strict && !report.diagnostics.empty()) {
    std::fprintf(stderr, "hullscan: error: %zu diagnostics and --strict is set\n", report.diagnostics.size());
    return kExitInput;
  }
  return kExitClean;
}

// The inventory as a table: one row per package, grouped by target, with its layer.
std::string InventoryTable(const model::ScanReport& r) {
  std::string out;
  const auto& d = r.distro;
  out += "Image: " + r.image.ref + "\n";
  out += "OS:    " + (d.pretty_name.empty() ? (d.id.empty() ? std::string("unknown") : d.id + " " + d.version_id)
                                            : d.pretty_name) +
         "\n";
  out += "Layers: " + std::to_string(r.image.layers.size()) + ", packages: " + std::to_string(r.packages.size()) +
         "\n\n";
  std::map<std::string, std::vector<const model::Package*>> by_target;
  for (const auto& p : r.packages) by_target[p.path].push_back(&p);
  for (const auto& [target, pkgs] : by_target) {
    size_t w_name = 4, w_ver = 7;
    for (const auto* p : pkgs) {
      w_name = std::max(w_name, p->name.size());
      w_ver = std::max(w_ver, p->version.size());
    }
    out += target + " (" + std::string(model::PackageTypeName(pkgs[0]->type)) + ", " +
           std::to_string(pkgs.size()) + " packages)\n";
    char line[1024];
    std::snprintf(line, sizeof line, "  %-*s  %-*s  %-5s  %s\n", static_cast<int>(w_name), "NAME",
                  static_cast<int>(w_ver), "VERSION", "LAYER", "CREATED BY");
    out += line;
    for (const auto* p : pkgs) {
      std::string created_by;
      if (p->layer_index >= 0 && static_cast<size_t>(p->layer_index) < r.image.layers.size()) {
        created_by = r.image.layers[static_cast<size_t>(p->layer_index)].created_by;
      }
      if (created_by.size() > 60) created_by = created_by.substr(0, 59) + "…";
      std::snprintf(line, sizeof line, "  %-*s  %-*s  %-5d  %s\n", static_cast<int>(w_name), p->name.c_str(),
                    static_cast<int>(w_ver), p->version.c_str(), p->layer_index, created_by.c_str());
      out += line;
    }
    out += "\n";
  }
  out += "Vulnerability matching: not part of this build yet; the inventory above is complete.\n";
  return out;
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

  CLI::App* scan_cmd = app.add_subcommand("scan", "scan an image: packages by target, with the layer of each");
  AddCommon(scan_cmd, f);
  scan_cmd->add_option("-f,--format", f.format, "table or json")->default_str("table");
  scan_cmd->add_option("-o,--output", f.output, "write to FILE instead of stdout");
  scan_cmd->add_flag("--strict", f.strict, "exit 3 when the scan has diagnostics");

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

  bool is_scan = scan_cmd->parsed();
  std::string fmt = f.format.empty() ? (is_scan ? "table" : "cyclonedx") : f.format;
  std::unique_ptr<report::Reporter> reporter;
  if (!(is_scan && fmt == "table")) {
    auto r = report::NewSbomReporter(fmt);
    if (!r) return Fail(r.error(), kExitUsage);
    reporter = std::move(*r);
  }
  auto report = Inventory(f, *clock);
  if (!report) return Fail(report.error());
  Status st;
  if (reporter) {
    st = WriteOutput(f.output, *reporter, *report);
  } else {
    StringSink text;
    st = text.Write(InventoryTable(*report));
    if (st) {
      if (f.output.empty() || f.output == "-") {
        FileSink out(STDOUT_FILENO);
        st = out.Write(text.str());
      } else {
        auto sink = FileSink::Create(f.output);
        st = sink ? (*sink)->Write(text.str()) : Status(MakeError(sink.error()));
        if (st && sink) st = (*sink)->Close();
      }
    }
  }
  if (!st) return Fail(st.error());
  return PrintDiagnostics(*report, f.strict);
}

}  // namespace hullscan::cli

int main(int argc, char** argv) { return hullscan::cli::Main(argc, argv); }
