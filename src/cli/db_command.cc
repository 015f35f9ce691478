#include "cli/db_command.h"

#include <cstdio>
#include <filesystem>

#include "base/json.h"
#include "base/temp_dir.h"
#include "cli/cli_util.h"
#include "cli/exit_codes.h"
#include "feed/feed_db.h"
#include "store/advisory_db.h"

namespace hullscan::cli {

namespace {

// One line per file; the exit code: 0, or 3 when any file failed.
int PrintReports(const std::vector<feed::ImportReport>& reports) {
  int rc = kExitClean;
  uint64_t imported = 0, unchanged = 0, records = 0;
  double seconds = 0;
  for (const auto& r : reports) {
    if (r.not_a_feed) continue;
    if (r.error) {
      std::fprintf(stderr, "hullscan: error: %s: %s\n", Printable(r.source).c_str(),
                   Printable(r.error->message()).c_str());
      rc = kExitInput;
    } else if (r.unchanged) {
      ++unchanged;
      std::printf("unchanged  %s\n", Printable(r.name).c_str());
    } else {
      ++imported;
      records += r.meta.records;
      seconds += r.seconds;
      std::printf("imported   %-48s %-20s %9llu records  as of %-24s %6.2f s\n", Printable(r.name).c_str(),
                  r.format.c_str(), static_cast<unsigned long long>(r.meta.records), Printable(r.meta.as_of).c_str(),
                  r.seconds);
      if (r.meta.skipped > 0) {
        // What was left out, and why: the importer's first few notes.
        std::string notes;
        for (const std::string& n : r.meta.notes) notes += (notes.empty() ? "" : "; ") + n;
        std::printf("           skipped %llu entries%s%s\n", static_cast<unsigned long long>(r.meta.skipped),
                    notes.empty() ? "" : ": ", Printable(notes).c_str());
      }
    }
  }
  std::printf("%llu feeds imported (%llu records, %.2f s), %llu unchanged%s\n",
              static_cast<unsigned long long>(imported), static_cast<unsigned long long>(records), seconds,
              static_cast<unsigned long long>(unchanged), rc == kExitClean ? "" : "; some feeds failed (see above)");
  return rc;
}

}  // namespace

int DbImport(const DbFlags& f) {
  if (f.paths.empty()) {
    std::fprintf(stderr, "hullscan: error: db import needs at least one feed file or directory\n");
    return kExitUsage;
  }
  if (!f.name.empty() && f.paths.size() != 1) {
    std::fprintf(stderr, "hullscan: error: --name applies to a single feed path\n");
    return kExitUsage;
  }
  std::vector<feed::ImportItem> items;
  for (const auto& p : f.paths) items.push_back({p, f.name, std::filesystem::absolute(p).string(), ""});
  feed::ImportOptions opts;
  opts.imported_at = f.imported_at;
  opts.force = f.force;
  auto reports = feed::ImportFiles(f.db, items, opts);
  if (!reports) return Fail(reports.error(), kExitDatabase);
  return PrintReports(*reports);
}

int DbUpdate(const DbFlags& f) {
  auto tmp = TempDir::Create();
  if (!tmp) return Fail(tmp.error());
  feed::UpdateOptions opts;
  opts.mirror = f.mirror;
  opts.temp_dir = (*tmp)->path();
  opts.import.imported_at = f.imported_at;
  opts.import.force = f.force;
  auto reports = feed::UpdateFeeds(f.db, opts);
  if (!reports) return Fail(reports.error());
  int rc = PrintReports(*reports);
  if (rc != kExitClean && f.mirror.empty()) {
    bool all_network = true;
    for (const auto& r : *reports) {
      if (r.error && r.error->code() != ErrorCode::kNetwork) all_network = false;
    }
    if (all_network) {
      std::fprintf(stderr,
                   "hullscan: the official feed locations are unreachable from here; use --mirror DIR|URL "
                   "(or HULLSCAN_FEED_MIRROR) to update from a mirror\n");
      return kExitNetwork;
    }
  }
  return rc;
}

int DbStatus(const DbFlags& f) {
  auto store = store::AdvisoryStore::Open(f.db);
  if (!store) return Fail(store.error(), kExitDatabase);
  auto info = (*store)->Info();
  if (!info) return Fail(info.error(), kExitDatabase);
  if (f.format == "json") {
    OrderedJson j;
    j["path"] = f.db;
    j["schema_version"] = info->schema_version;
    j["size_bytes"] = (*store)->size_bytes();
    OrderedJson feeds = OrderedJson::array();
    for (const auto& fs : info->feeds) {
      feeds.push_back(OrderedJson{{"name", fs.name},
                                  {"format", fs.format},
                                  {"as_of", fs.as_of},
                                  {"records", fs.records},
                                  {"skipped", fs.skipped},
                                  {"source", fs.source},
                                  {"fingerprint", fs.fingerprint},
                                  {"imported_at", fs.imported_at}});
    }
    j["feeds"] = std::move(feeds);
    std::fputs(DumpJson(j).c_str(), stdout);
    return kExitClean;
  }
  if (f.format != "table") {
    std::fprintf(stderr, "hullscan: error: db status format must be table or json\n");
    return kExitUsage;
  }
  std::printf("Database: %s\nSchema version: %d\nSize: %.1f MiB\nFeeds: %zu\n\n", Printable(f.db).c_str(),
              info->schema_version, static_cast<double>((*store)->size_bytes()) / (1024.0 * 1024.0),
              info->feeds.size());
  std::printf("%-48s %-20s %10s %8s  %-26s %s\n", "FEED", "FORMAT", "RECORDS", "SKIPPED", "AS OF", "IMPORTED");
  uint64_t total = 0;
  for (const auto& fs : info->feeds) {
    total += fs.records;
    std::printf("%-48s %-20s %10llu %8llu  %-26s %s\n", Printable(fs.name).c_str(), fs.format.c_str(),
                static_cast<unsigned long long>(fs.records), static_cast<unsigned long long>(fs.skipped),
                Printable(fs.as_of).c_str(), fs.imported_at.c_str());
  }
  std::printf("\nTotal records: %llu\n", static_cast<unsigned long long>(total));
  return kExitClean;
}

}  // namespace hullscan::cli
