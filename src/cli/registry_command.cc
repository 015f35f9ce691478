#include "cli/registry_command.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "base/atomic_file.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/temp_dir.h"
#include "base/thread_pool.h"
#include "cli/cli_util.h"
#include "cli/exit_codes.h"
#include "image/image_source.h"
#include "policy/policy.h"
#include "registry/reference.h"
#include "scan/scanner.h"
#include "scan/vuln_scan.h"
#include "store/advisory_db.h"

namespace hullscan::cli {

void AddRegistryFlags(CLI::App* cmd, RegistryFlags& f) {
  cmd->add_option("--username", f.username, "registry user name (default $HULLSCAN_REGISTRY_USERNAME, else ~/.docker/config.json)");
  cmd->add_option("--password", f.password,
                  "registry password or token (visible to other users in ps: prefer --password-stdin or "
                  "$HULLSCAN_REGISTRY_PASSWORD)");
  cmd->add_flag("--password-stdin", f.password_stdin, "read the registry password from stdin (one line)");
  cmd->add_option("--ca-cert", f.ca_cert, "PEM file of CA certificates trusted for registries, besides the system's")
      ->check(CLI::ExistingFile);
  cmd->add_option("--insecure-registry", f.insecure_registries,
                  "HOST[:PORT] to reach over plain HTTP or TLS without verification (repeatable; only the named hosts)");
}

Result<registry::ClientOptions> RegistryClientOptions(const RegistryFlags& f) {
  registry::ClientOptions o;
  o.credentials.username = f.username.empty() ? Env("HULLSCAN_REGISTRY_USERNAME") : f.username;
  if (f.password_stdin) {
    if (!f.password.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "--password and --password-stdin are mutually exclusive");
    }
    std::string line;
    char c;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
      if (line.size() > 64 * 1024) return MakeError(ErrorCode::kInvalidArgument, "--password-stdin: longer than 64 KiB");
      line += c;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    o.credentials.password = line;
  } else {
    o.credentials.password = f.password.empty() ? Env("HULLSCAN_REGISTRY_PASSWORD") : f.password;
  }
  if (o.credentials.username.empty() != o.credentials.password.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "registry credentials need both a user name and a password (--username, --password[-stdin] "
                     "or HULLSCAN_REGISTRY_USERNAME/PASSWORD)");
  }
  std::string docker_config = Env("DOCKER_CONFIG");
  if (!docker_config.empty()) {
    o.docker_config_path = docker_config + "/config.json";
  } else if (std::string home = Env("HOME"); !home.empty()) {
    o.docker_config_path = home + "/.docker/config.json";
  }
  o.ca_cert_path = f.ca_cert;
  o.insecure_registries = f.insecure_registries;
  return o;
}

namespace {

constexpr const char* kListPageSize = "?n=1000";

struct Target {
  std::string registry;
  std::string repository;  ///< "" = the whole catalog
};

// REGISTRY[/REPO]: the registry is everything before the first '/'.
Result<Target> ParseTarget(const std::string& text) {
  Target t;
  size_t slash = text.find('/');
  t.registry = text.substr(0, slash);
  std::string repo = slash == std::string::npos ? "" : text.substr(slash + 1);
  while (!repo.empty() && repo.back() == '/') repo.pop_back();
  if (t.registry.empty()) return MakeError(ErrorCode::kInvalidArgument, "registry: want REGISTRY[/REPO], got '" + text + "'");
  if (repo.find_first_of(":@") != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "registry: '" + text + "': name a repository, not a tag or digest "
                                                  "(use --tags to select tags)");
  }
  // Normalise through the reference grammar (lower case, docker.io/library/...).
  HS_ASSIGN_OR_RETURN(registry::Reference r, registry::ParseReference(t.registry + "/" + (repo.empty() ? "x" : repo)));
  if (r.registry != t.registry && !(t.registry == "docker.io" || t.registry == "index.docker.io")) {
    return MakeError(ErrorCode::kInvalidArgument, "registry: '" + t.registry + "' is not a registry host "
                                                  "(want HOST[:PORT], e.g. registry.example:5000)");
  }
  t.registry = r.registry;
  if (!repo.empty()) t.repository = r.repository;
  return t;
}

std::string OneLine(const std::string& s) { return Printable(s); }

Status WriteText(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return OkStatus();
  }
  return ReplaceFile(path, std::string_view(text));
}

Result<std::vector<std::string>> ListTags(const registry::ClientOptions& o, const Target& t, const std::string& repo) {
  registry::Reference ref;
  ref.registry = t.registry;
  ref.repository = repo;
  ref.tag = "latest";
  HS_ASSIGN_OR_RETURN(auto client, registry::Client::Create(ref, o));
  return client->List("/v2/" + repo + "/tags/list" + kListPageSize, "tags", "tag list");
}

Result<std::vector<std::string>> ListCatalog(const registry::ClientOptions& o, const Target& t) {
  HS_ASSIGN_OR_RETURN(auto client, registry::Client::CreateForRegistry(t.registry, o));
  return client->List(std::string("/v2/_catalog") + kListPageSize, "repositories", "catalog");
}

// One image of `registry scan`.
struct ImageJob {
  std::string repository;
  std::string tag;
  std::string ref;                    ///< registry/repository:tag
  std::vector<std::string> diff_ids;  ///< from the first open; empty when it failed
  std::optional<Error> error;
  std::string manifest_digest;
  uint64_t packages = 0;
  std::map<std::string, uint64_t> severities;
  uint64_t findings = 0;   ///< after the filters
  uint64_t filtered = 0;   ///< dropped by --severity, --ignore-unfixed or --ignorefile
  int layers = 0;
  int pulled = 0;
  int reused = 0;
  bool done = false;
};

const char* const kSeverities[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE", "UNKNOWN"};

}  // namespace

int RegistryLs(const RegistryCommandFlags& f) {
  if (f.format != "table" && f.format != "json") {
    return Fail(Error(ErrorCode::kInvalidArgument, "registry ls: unknown format '" + f.format + "' (table, json)"), kExitUsage);
  }
  auto t = ParseTarget(f.target);
  if (!t) return Fail(t.error(), kExitUsage);
  auto o = RegistryClientOptions(f.registry);
  if (!o) return Fail(o.error(), kExitUsage);
  auto names = t->repository.empty() ? ListCatalog(*o, *t) : ListTags(*o, *t, t->repository);
  if (!names) return Fail(names.error());
  std::sort(names->begin(), names->end());  // registries answer in their own order
  std::string text;
  if (f.format == "json") {
    OrderedJson j;
    j["registry"] = t->registry;
    if (t->repository.empty()) {
      j["repositories"] = *names;
    } else {
      j["repository"] = t->repository;
      j["tags"] = *names;
    }
    text = DumpJson(j);
  } else {
    for (const std::string& n : *names) text += OneLine(n) + "\n";
  }
  Status st = WriteText(f.output, text);
  if (!st) return Fail(st.error());
  return kExitClean;
}

int RegistryScan(const RegistryCommandFlags& f) {
  if (f.format != "table" && f.format != "json") {
    return Fail(Error(ErrorCode::kInvalidArgument, "registry scan: unknown format '" + f.format + "' (table, json)"),
                kExitUsage);
  }
  if (f.jobs < 1 || f.jobs > 64) {
    return Fail(Error(ErrorCode::kInvalidArgument, "registry scan: --jobs must be 1..64"), kExitUsage);
  }
  auto t = ParseTarget(f.target);
  if (!t) return Fail(t.error(), kExitUsage);
  auto o = RegistryClientOptions(f.registry);
  if (!o) return Fail(o.error(), kExitUsage);
  auto popts = PolicyOptionsFrom(f.policy, FormatRfc3339(f.now_unix_seconds).substr(0, 10));
  if (!popts) return Fail(popts.error(), kExitUsage);

  // The advisory database: without one the run is an inventory (say so). One connection per
  // worker, so that images are matched in parallel.
  std::vector<std::unique_ptr<store::AdvisoryStore>> dbs;
  if (f.db.empty() || !std::filesystem::exists(f.db)) {
    std::fprintf(stderr, "hullscan: note: no advisory database%s%s: inventory only, no findings (pass --db or run "
                 "`hullscan db update`)\n", f.db.empty() ? "" : " at ", Printable(f.db).c_str());
  } else {
    for (int w = 0; w < f.jobs; ++w) {
      auto s = store::AdvisoryStore::Open(f.db);
      if (!s) return Fail(s.error(), kExitDatabase);
      dbs.push_back(std::move(*s));
    }
  }
  const bool db = !dbs.empty();

  // The layer cache is what makes "each distinct layer once" work: a temp one with --no-cache.
  std::unique_ptr<TempDir> temp_cache;
  std::string cache_dir = f.cache_dir;
  if (cache_dir.empty()) {
    auto td = TempDir::Create();
    if (!td) return Fail(td.error());
    temp_cache = std::move(*td);
    cache_dir = temp_cache->path();
  }
  registry::ClientOptions copts = *o;
  copts.cache_dir = cache_dir;

  // Repositories x tags.
  std::vector<std::string> repos;
  if (t->repository.empty()) {
    auto c = ListCatalog(copts, *t);
    if (!c) return Fail(c.error());
    repos = std::move(*c);
  } else {
    repos.push_back(t->repository);
  }
  std::vector<ImageJob> jobs;
  std::optional<Error> first_error;
  for (const std::string& repo : repos) {
    auto tags = ListTags(copts, *t, repo);
    if (!tags) {
      std::fprintf(stderr, "hullscan: error: %s\n", Printable(tags.error().message()).c_str());
      if (!first_error) first_error = tags.error();
      continue;
    }
    std::sort(tags->begin(), tags->end());
    for (const std::string& tag : *tags) {
      if (::fnmatch(f.tags.c_str(), tag.c_str(), 0) != 0) continue;
      ImageJob j;
      j.repository = repo;
      j.tag = tag;
      j.ref = t->registry + "/" + repo + ":" + tag;
      jobs.push_back(std::move(j));
    }
  }
  if (jobs.empty() && !first_error) {
    std::fprintf(stderr, "hullscan: warning: no image matches %s%s\n", Printable(f.target).c_str(),
                 f.tags == "*" ? "" : (" --tags " + Printable(f.tags)).c_str());
  }

  image::SourceOptions sopts;
  sopts.platform = f.platform;
  sopts.registry = copts;
  scan::InventoryOptions iopts;
  iopts.source = sopts;
  iopts.cache_dir = cache_dir;
  iopts.parallelism = std::max<size_t>(1, f.parallelism);
  iopts.tool_version = f.tool_version;
  iopts.now_unix_seconds = f.now_unix_seconds;

  // Phase 1: manifests and configs (cached for phase 2) give each image's diffIDs.
  ParallelFor(jobs.size(), static_cast<size_t>(f.jobs), [&](size_t i) {
    ImageJob& j = jobs[i];
    auto ref = image::ParseImageRef("registry:" + j.ref);
    if (!ref) {
      j.error = ref.error();
      return;
    }
    auto src = image::ImageSource::Open(*ref, sopts);
    if (!src) {
      j.error = src.error();
      return;
    }
    for (const auto& l : (*src)->info().layers) j.diff_ids.push_back(l.diff_id);
  });

  // Phase 2: at most --jobs images at once, never two that share a layer not yet analysed: the
  // second waits and then finds the layer in the cache (each distinct layer pulled once).
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::string> done_layers, busy_layers;
  std::vector<char> taken(jobs.size(), 0);
  for (size_t i = 0; i < jobs.size(); ++i) taken[i] = jobs[i].error ? 1 : 0;
  auto next_job = [&]() -> std::optional<size_t> {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      bool any_left = false;
      for (size_t i = 0; i < jobs.size(); ++i) {
        if (taken[i]) continue;
        any_left = true;
        bool clash = false;
        for (const std::string& d : jobs[i].diff_ids) clash = clash || busy_layers.count(d) > 0;
        if (clash) continue;
        taken[i] = 1;
        for (const std::string& d : jobs[i].diff_ids) {
          if (!done_layers.count(d)) busy_layers.insert(d);
        }
        return i;
      }
      if (!any_left) return std::nullopt;
      cv.wait(lock);
    }
  };
  auto finish = [&](size_t i) {
    std::lock_guard<std::mutex> lock(mu);
    for (const std::string& d : jobs[i].diff_ids) {
      busy_layers.erase(d);
      done_layers.insert(d);
    }
    cv.notify_all();
  };
  std::mutex warn_mu;
  auto work = [&](size_t i, store::AdvisoryStore* store) {
    ImageJob& j = jobs[i];
    auto ref = image::ParseImageRef("registry:" + j.ref);
    scan::InventoryStats stats;
    auto report = ref ? scan::BuildInventory(*ref, iopts, &stats) : Result<model::ScanReport>(MakeError(ref.error()));
    if (!report) {
      j.error = report.error();
      return;
    }
    if (store != nullptr) {
      Status st = scan::MatchReport(*report, *store);
      if (!st) {
        j.error = st.error();
        return;
      }
      policy::PolicyStats ps = policy::ApplyPolicy(*report, *popts);
      j.filtered = ps.dropped_by_severity + ps.dropped_unfixed + ps.ignored;
      if (!ps.expired.empty()) {
        std::lock_guard<std::mutex> lock(warn_mu);
        WarnExpiredRules(f.policy, ps, j.ref);
      }
    }
    j.manifest_digest = report->image.manifest_digest;
    j.packages = report->packages.size();
    j.findings = report->findings.size();
    for (const auto& fd : report->findings) ++j.severities[fd.severity];
    j.layers = stats.layers_total;
    j.reused = stats.layers_from_cache;
    j.pulled = stats.layers_total - stats.layers_from_cache;
    j.done = true;
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < f.jobs; ++w) {
    store::AdvisoryStore* store = db ? dbs[static_cast<size_t>(w)].get() : nullptr;
    workers.emplace_back([&, store] {
      while (auto i = next_job()) {
        work(*i, store);
        finish(*i);
      }
    });
  }
  for (auto& w : workers) w.join();

  // Summary lines and the report.
  std::set<std::string> distinct;
  uint64_t pulled = 0, reused = 0, failed = 0, with_findings = 0;
  bool database_error = false;
  for (const ImageJob& j : jobs) {
    for (const std::string& d : j.diff_ids) distinct.insert(d);
    pulled += j.pulled;
    reused += j.reused;
    with_findings += j.findings > 0 ? 1 : 0;
    if (j.error) {
      ++failed;
      if (!first_error) first_error = *j.error;
      database_error = database_error || j.error->code() == ErrorCode::kDatabase;
    }
  }
  std::string text;
  if (f.format == "json") {
    OrderedJson r;
    r["registry"] = t->registry;
    r["repository"] = t->repository.empty() ? OrderedJson() : OrderedJson(t->repository);
    r["tags"] = f.tags;
    r["database"] = db ? OrderedJson(f.db) : OrderedJson();
    OrderedJson images = OrderedJson::array();
    for (const ImageJob& j : jobs) {
      OrderedJson e;
      e["ref"] = j.ref;
      e["repository"] = j.repository;
      e["tag"] = j.tag;
      if (j.error) {
        e["error"] = j.error->message();
        e["exit_code"] = ExitCodeFor(*j.error);
      } else {
        e["manifest_digest"] = j.manifest_digest;
        e["packages"] = j.packages;
        OrderedJson sev = OrderedJson::object();
        for (const char* s : kSeverities) sev[s] = j.severities.count(s) ? j.severities.at(s) : 0;
        e["findings"] = db ? OrderedJson(j.findings) : OrderedJson();
        e["findings_by_severity"] = db ? sev : OrderedJson();
        e["findings_filtered"] = db ? OrderedJson(j.filtered) : OrderedJson();
        e["layers"] = j.layers;
        e["layers_pulled"] = j.pulled;
        e["layers_reused"] = j.reused;
      }
      images.push_back(std::move(e));
    }
    r["images"] = std::move(images);
    OrderedJson sum;
    sum["images"] = jobs.size();
    sum["failed"] = failed;
    sum["distinct_layers"] = distinct.size();
    sum["layers_pulled"] = pulled;
    sum["layers_reused"] = reused;
    sum["images_with_findings"] = db ? OrderedJson(with_findings) : OrderedJson();
    r["summary"] = std::move(sum);
    text = DumpJson(r);
  } else {
    for (const ImageJob& j : jobs) {
      if (j.error) {
        text += OneLine(j.ref) + "  error: " + OneLine(j.error->message()) + "\n";
        continue;
      }
      std::string sev;
      if (db) {
        sev = "findings=" + std::to_string(j.findings) + " (";
        const char* abbrev[] = {"C", "H", "M", "L", "N", "U"};
        for (size_t k = 0; k < 6; ++k) {
          auto it = j.severities.find(kSeverities[k]);
          sev += std::string(k ? " " : "") + abbrev[k] + ":" + std::to_string(it == j.severities.end() ? 0 : it->second);
        }
        sev += ")";
        if (j.filtered > 0) sev += " filtered=" + std::to_string(j.filtered);
      } else {
        sev = "findings=n/a (no database)";
      }
      text += OneLine(j.ref) + "  " + j.manifest_digest.substr(0, 19) + "  packages=" + std::to_string(j.packages) + "  " +
              sev + "  layers=" + std::to_string(j.layers) + " pulled=" + std::to_string(j.pulled) +
              " reused=" + std::to_string(j.reused) + "\n";
    }
    text += "total: images=" + std::to_string(jobs.size()) + " failed=" + std::to_string(failed) +
            " distinct_layers=" + std::to_string(distinct.size()) + " layers_pulled=" + std::to_string(pulled) +
            " layers_reused=" + std::to_string(reused) + "\n";
  }
  Status st = WriteText(f.output, text);
  if (!st) return Fail(st.error());
  if (!f.output.empty() && f.output != "-" && f.format == "json") {
    std::fprintf(stderr, "hullscan: %zu images, %llu failed, %zu distinct layers, %llu pulled, %llu reused\n", jobs.size(),
                 static_cast<unsigned long long>(failed), distinct.size(), static_cast<unsigned long long>(pulled),
                 static_cast<unsigned long long>(reused));
  }
  if (first_error) {
    for (const ImageJob& j : jobs) {
      if (j.error) std::fprintf(stderr, "hullscan: error: %s\n", Printable(j.error->message()).c_str());
    }
    return database_error ? kExitDatabase : ExitCodeFor(*first_error);
  }
  if (f.policy.exit_code != 0 && with_findings > 0) return f.policy.exit_code;
  return kExitClean;
}

}  // namespace hullscan::cli
