#include "feed/feed_db.h"

#include <chrono>
#include <filesystem>
#include <map>

#include "base/digest.h"
#include "base/log.h"
#include "feed/http_fetch.h"
#include "store/advisory_db.h"

namespace hullscan::feed {

namespace fs = std::filesystem;

namespace {

Result<std::string> FileSha256(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return MakeError(ErrorCode::kIo, "open " + path + ": " + std::strerror(errno));
  Hasher h("sha256");
  std::vector<char> buf(1 << 16);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) h.Update(buf.data(), n);
  bool bad = std::ferror(f);
  std::fclose(f);
  if (bad) return MakeError(ErrorCode::kIo, "read " + path);
  return h.Finish();
}

// Lines of `sha256sum` output: "<64 hex>  <relative path>" (a '*' before the path for binary mode).
std::vector<std::pair<std::string, std::string>> ParseManifest(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.size() < 67 || line[64] != ' ') continue;
    std::string_view hex = line.substr(0, 64);
    if (hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) continue;
    std::string_view rel = line.substr(65);
    if (!rel.empty() && (rel[0] == ' ' || rel[0] == '*')) rel.remove_prefix(1);
    if (rel.rfind("./", 0) == 0) rel.remove_prefix(2);
    // Never leave the mirror: no absolute paths, no "..".
    if (rel.empty() || rel[0] == '/' || rel.find("..") != std::string_view::npos) continue;
    out.emplace_back("sha256:" + std::string(hex), std::string(rel));
  }
  return out;
}

// Mirror files that are documentation, not data.
bool IgnoredMirrorFile(const std::string& rel) {
  std::string_view base = BaseName(rel);
  return base == "MANIFEST.sha256" || base == "README.md" || base.ends_with(".meta") ||
         base.ends_with(".properties") || base.ends_with(".tsv") || base.ends_with("_schema.json") ||
         base.ends_with(".csv") || base.ends_with(".xml.zst");
}

bool IsUrl(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

}  // namespace

std::string DefaultFeedName(std::string_view format, const std::string& path) {
  if (format == "kev" || format == "epss" || format == "nvd") return std::string(format);
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  fs::path fp(p);
  std::string last = fp.filename().string();
  std::string parent = fp.parent_path().filename().string();
  return std::string(format) + ":" + (parent.empty() ? last : parent + "/" + last);
}

Result<std::vector<ImportReport>> ImportFiles(const std::string& db_path, const std::vector<ImportItem>& items,
                                              const ImportOptions& options) {
  auto importers = DefaultImporters();
  HS_ASSIGN_OR_RETURN(auto writer, store::AdvisoryWriter::Begin(db_path));
  std::vector<ImportReport> reports;
  for (const ImportItem& item : items) {
    ImportReport rep;
    rep.source = item.source.empty() ? item.path : item.source;
    auto start = std::chrono::steady_clock::now();
    auto importer = DetectImporter(importers, item.path);
    if (!importer) {
      rep.name = item.name.empty() ? item.path : item.name;
      if (options.skip_unknown && importer.error().code() == ErrorCode::kInvalidArgument) {
        rep.not_a_feed = true;
      } else {
        rep.error = importer.error();
      }
      reports.push_back(std::move(rep));
      continue;
    }
    rep.format = std::string((*importer)->format());
    rep.name = item.name.empty() ? DefaultFeedName(rep.format, item.path) : item.name;
    std::string fingerprint = item.fingerprint;
    std::error_code ec;
    if (fingerprint.empty() && fs::is_regular_file(item.path, ec)) {
      auto sum = FileSha256(item.path);
      if (!sum) {
        rep.error = sum.error();
        reports.push_back(std::move(rep));
        continue;
      }
      fingerprint = *sum;
    }
    if (!options.force && !fingerprint.empty() && writer->PreviousFingerprint(rep.name) == fingerprint) {
      rep.unchanged = true;
      reports.push_back(std::move(rep));
      continue;
    }
    HS_RETURN_IF_ERROR(writer->BeginFeed({rep.name, rep.format, rep.source, fingerprint}));
    Status st = (*importer)->Import(item.path, *writer, rep.meta);
    if (!st) {
      HS_RETURN_IF_ERROR(writer->AbortFeed());
      rep.error = st.error();
    } else {
      std::string as_of = rep.meta.as_of;
      if (as_of.empty()) {
        // The feed states no date (Alpine secdb): the file's modification time stands in.
        auto mtime = fs::last_write_time(item.path, ec);
        if (!ec) {
          auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                          .count();
          time_t t = static_cast<time_t>(secs);
          char buf[32];
          struct tm tmv;
          gmtime_r(&t, &tmv);
          std::strftime(buf, sizeof buf, "%Y-%m-%d", &tmv);
          as_of = std::string(buf) + " (file time)";
        }
      }
      HS_RETURN_IF_ERROR(writer->EndFeed(as_of, rep.meta.records, rep.meta.skipped, options.imported_at));
      rep.meta.as_of = as_of;
    }
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    HS_LOG(kInfo, "feed imported", {{"feed", rep.name}, {"records", std::to_string(rep.meta.records)},
                                    {"seconds", std::to_string(rep.seconds)}, {"failed", rep.error ? "1" : "0"}});
    reports.push_back(std::move(rep));
  }
  HS_RETURN_IF_ERROR(writer->Commit());
  return reports;
}

std::vector<OfficialFeed> OfficialFeeds() {
  std::vector<OfficialFeed> out;
  for (const char* eco : {"Alpine", "AlmaLinux", "Debian", "Go", "Maven", "npm", "NuGet", "Packagist", "PyPI",
                          "RubyGems", "crates.io", "Wolfi"}) {
    out.push_back({std::string("osv:") + eco + "/all.zip",
                   std::string("https://osv-vulnerabilities.storage.googleapis.com/") + eco + "/all.zip"});
  }
  for (const char* rel : {"v3.16", "v3.17", "v3.18", "v3.19", "v3.20", "v3.21", "v3.22", "edge"}) {
    for (const char* repo : {"main", "community"}) {
      out.push_back({std::string("alpine-secdb:") + rel + "/" + repo + ".json",
                     std::string("https://secdb.alpinelinux.org/") + rel + "/" + repo + ".json"});
    }
  }
  out.push_back({"debian-tracker-json:data/json", "https://security-tracker.debian.org/tracker/data/json"});
  out.push_back({"kev", "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"});
  out.push_back({"epss", "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"});
  return out;
}

Result<std::vector<ImportReport>> UpdateFeeds(const std::string& db_path, const UpdateOptions& options) {
  std::vector<ImportItem> items;
  ImportOptions import = options.import;
  std::vector<ImportReport> early;  // files skipped before import (download unchanged / failed)
  std::string dl_dir = options.temp_dir + "/download";
  std::error_code ec;
  fs::create_directories(dl_dir, ec);
  if (ec) return MakeError(ErrorCode::kIo, "create " + dl_dir + ": " + ec.message());

  // The fingerprints the current DB holds, to skip unchanged files before downloading them.
  std::map<std::string, std::string> previous, previous_by_source;
  if (auto store = store::AdvisoryStore::Open(db_path)) {
    if (auto info = (*store)->Info()) {
      for (const auto& f : info->feeds) {
        previous[f.name] = f.fingerprint;
        previous_by_source[f.source] = f.fingerprint;
      }
    }
  }

  if (!options.mirror.empty() && !IsUrl(options.mirror)) {
    // A mirror directory.
    std::string root = options.mirror;
    if (!fs::is_directory(root, ec)) return MakeError(ErrorCode::kNotFound, "mirror " + root + " is not a directory");
    std::vector<std::pair<std::string, std::string>> files;  // fingerprint, rel
    std::string manifest = root + "/MANIFEST.sha256";
    if (fs::exists(manifest, ec)) {
      HS_ASSIGN_OR_RETURN(std::string text, ReadFile(manifest, 16 << 20));
      files = ParseManifest(text);
    } else {
      for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && !it->is_symlink(ec)) {
          files.emplace_back("", fs::relative(it->path(), root, ec).generic_string());
        }
      }
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [fp, rel] : files) {
      if (IgnoredMirrorFile(rel)) continue;
      items.push_back({root + "/" + rel, "", rel, fp});
    }
    import.skip_unknown = true;
  } else if (!options.mirror.empty()) {
    // A mirror over HTTP(S): its manifest, then only the files whose digest changed.
    std::string base = options.mirror;
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::string manifest_path = dl_dir + "/MANIFEST.sha256";
    HS_ASSIGN_OR_RETURN(auto got, HttpGetToFile(base + "/MANIFEST.sha256", manifest_path, ""));
    (void)got;
    HS_ASSIGN_OR_RETURN(std::string text, ReadFile(manifest_path, 16 << 20));
    auto files = ParseManifest(text);
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    int n = 0;
    for (const auto& [fp, rel] : files) {
      if (IgnoredMirrorFile(rel)) continue;
      // Same source and same digest as the DB's copy: nothing to download.
      auto prev = previous_by_source.find(base + "/" + rel);
      bool unchanged = prev != previous_by_source.end() && !fp.empty() && prev->second == fp;
      if (unchanged && !import.force) {
        ImportReport rep;
        rep.source = base + "/" + rel;
        rep.name = rel;
        rep.unchanged = true;
        early.push_back(std::move(rep));
        continue;
      }
      // Keep the mirror's relative layout so that DefaultFeedName gives the same names.
      std::string dest = dl_dir + "/f" + std::to_string(++n) + "/" + rel;
      fs::create_directories(fs::path(dest).parent_path(), ec);
      auto r = HttpGetToFile(base + "/" + rel, dest, "");
      if (!r) {
        ImportReport rep;
        rep.source = base + "/" + rel;
        rep.name = rel;
        rep.error = r.error();
        early.push_back(std::move(rep));
        continue;
      }
      items.push_back({dest, "", base + "/" + rel, fp});
    }
    import.skip_unknown = true;
  } else {
    // The official locations, with conditional GETs on the ETag recorded last time.
    int n = 0;
    for (const OfficialFeed& f : OfficialFeeds()) {
      std::string prev = previous.count(f.name) ? previous[f.name] : "";
      std::string etag = prev.rfind("etag:", 0) == 0 ? prev.substr(5) : "";
      std::string dest = dl_dir + "/o" + std::to_string(++n) + "/" + std::string(BaseName(f.url));
      fs::create_directories(fs::path(dest).parent_path(), ec);
      auto r = HttpGetToFile(f.url, dest, import.force ? "" : etag);
      ImportReport rep;
      rep.name = f.name;
      rep.source = f.url;
      if (!r) {
        rep.error = r.error();
        early.push_back(std::move(rep));
        continue;
      }
      if (r->not_modified) {
        rep.unchanged = true;
        early.push_back(std::move(rep));
        continue;
      }
      items.push_back({dest, f.name, f.url, r->etag.empty() ? "" : "etag:" + r->etag});
    }
  }
  // Several files for one feed name (two KEV catalogues): the last in path order wins.
  HS_ASSIGN_OR_RETURN(auto reports, ImportFiles(db_path, items, import));
  fs::remove_all(dl_dir, ec);
  early.insert(early.end(), reports.begin(), reports.end());
  return early;
}

}  // namespace hullscan::feed
