#include "store/layer_cache.h"

#include <simdjson.h>
#include <sqlite3.h>

#include <filesystem>

#include "base/json.h"

namespace hullscan::store {

namespace {

Error DbError(sqlite3* db, std::string_view what) {
  return Error(ErrorCode::kDatabase, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS layer_results (
  cache_key TEXT PRIMARY KEY,
  diff_id TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  result TEXT NOT NULL
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', 'layer-cache-1');
)sql";

// Package fields in a fixed order; strings only, so the row format is stable.
OrderedJson PackageJson(const model::Package& p) {
  return OrderedJson{{"type", std::string(model::PackageTypeName(p.type))},
                     {"name", p.name},
                     {"version", p.version},
                     {"arch", p.arch},
                     {"source_name", p.source_name},
                     {"source_version", p.source_version},
                     {"license", p.license},
                     {"vendor", p.vendor},
                     {"maintainer", p.maintainer},
                     {"modularity_label", p.modularity_label},
                     {"epoch", p.epoch},
                     {"release", p.release},
                     {"source_rpm", p.source_rpm},
                     {"path", p.path},
                     {"extractor", p.extractor},
                     {"dev", p.dev},
                     {"project", p.project}};
}

}  // namespace

std::string LayerResultToJson(const model::LayerResult& r) {
  OrderedJson j;
  j["format"] = kLayerResultFormat;
  j["diff_id"] = r.diff_id;
  j["cache_key"] = r.cache_key;
  OrderedJson pkgs = OrderedJson::array();
  for (const auto& p : r.packages) pkgs.push_back(PackageJson(p));
  j["packages"] = std::move(pkgs);
  j["evidence_paths"] = r.evidence_paths;
  OrderedJson facts = OrderedJson::array();
  for (const auto& f : r.distro_facts) {
    facts.push_back(OrderedJson{{"path", f.path},
                                {"id", f.distro.id},
                                {"version_id", f.distro.version_id},
                                {"codename", f.distro.codename},
                                {"name", f.distro.name},
                                {"pretty_name", f.distro.pretty_name},
                                {"id_like", f.distro.id_like}});
  }
  j["distro_facts"] = std::move(facts);
  OrderedJson owned = OrderedJson::array();
  for (const auto& f : r.owned_files) owned.push_back(OrderedJson::array({f.path, f.owner}));
  j["owned_files"] = std::move(owned);
  j["deleted_paths"] = r.deleted_paths;
  j["opaque_dirs"] = r.opaque_dirs;
  j["entry_count"] = r.entry_count;
  j["file_count"] = r.file_count;
  j["content_bytes"] = r.content_bytes;
  j["tar_bytes"] = r.tar_bytes;
  OrderedJson diags = OrderedJson::array();
  for (const auto& d : r.diagnostics) {
    diags.push_back(OrderedJson{{"stage", d.stage},
                                {"layer_index", d.layer_index},
                                {"path", d.path},
                                {"extractor", d.extractor},
                                {"code", d.code},
                                {"message", d.message}});
  }
  j["diagnostics"] = std::move(diags);
  return DumpJsonCompact(j);
}

namespace {

// Typed reads from a simdjson DOM element; the first failure sticks in `error`, so a row is
// read straight through and checked once. Rows are our own output, but a damaged cache file
// must give a clean kDatabase error, never a crash.
struct RowReader {
  simdjson::error_code error = simdjson::SUCCESS;

  simdjson::dom::element At(simdjson::dom::element e, std::string_view key) {
    simdjson::dom::element out;
    if (error == simdjson::SUCCESS) error = e[key].get(out);
    return out;
  }
  std::string Str(simdjson::dom::element e, std::string_view key) {
    std::string_view v;
    if (error == simdjson::SUCCESS) error = e[key].get(v);
    return std::string(v);
  }
  std::string Str(simdjson::dom::element e) {
    std::string_view v;
    if (error == simdjson::SUCCESS) error = e.get(v);
    return std::string(v);
  }
  bool Bool(simdjson::dom::element e, std::string_view key) {
    bool v = false;
    if (error == simdjson::SUCCESS) error = e[key].get(v);
    return v;
  }
  int64_t Int(simdjson::dom::element e, std::string_view key) {
    int64_t v = 0;
    if (error == simdjson::SUCCESS) error = e[key].get(v);
    return v;
  }
  uint64_t Uint(simdjson::dom::element e, std::string_view key) {
    uint64_t v = 0;
    if (error == simdjson::SUCCESS) error = e[key].get(v);
    return v;
  }
  simdjson::dom::array Array(simdjson::dom::element e, std::string_view key) {
    simdjson::dom::array a;
    if (error == simdjson::SUCCESS) error = e[key].get(a);
    return a;
  }
  /// Calls fn for each element of the array at `key`; nothing once an error is recorded.
  template <typename Fn>
  void Each(simdjson::dom::element e, std::string_view key, Fn fn) {
    simdjson::dom::array a = Array(e, key);
    if (error != simdjson::SUCCESS) return;
    for (simdjson::dom::element x : a) {
      if (error != simdjson::SUCCESS) return;
      fn(x);
    }
  }
  std::vector<std::string> Strings(simdjson::dom::element e, std::string_view key) {
    std::vector<std::string> out;
    Each(e, key, [&](simdjson::dom::element x) { out.push_back(Str(x)); });
    return out;
  }
};

}  // namespace

Result<model::LayerResult> LayerResultFromJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element j;
  if (auto err = parser.parse(text.data(), text.size()).get(j); err != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kDatabase, std::string("layer cache row is not JSON: ") + simdjson::error_message(err));
  }
  RowReader rd;
  if (rd.Int(j, "format") != kLayerResultFormat || rd.error != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kDatabase, "layer cache row has another format");
  }
  model::LayerResult r;
  r.diff_id = rd.Str(j, "diff_id");
  r.cache_key = rd.Str(j, "cache_key");
  bool bad_type = false;
  rd.Each(j, "packages", [&](simdjson::dom::element p) {
    model::Package pkg;
    auto type = model::ParsePackageType(rd.Str(p, "type"));
    if (!type) bad_type = true;
    pkg.type = type.value_or(model::PackageType::kDeb);
    pkg.name = rd.Str(p, "name");
    pkg.version = rd.Str(p, "version");
    pkg.arch = rd.Str(p, "arch");
    pkg.source_name = rd.Str(p, "source_name");
    pkg.source_version = rd.Str(p, "source_version");
    pkg.license = rd.Str(p, "license");
    pkg.vendor = rd.Str(p, "vendor");
    pkg.maintainer = rd.Str(p, "maintainer");
    pkg.modularity_label = rd.Str(p, "modularity_label");
    pkg.epoch = rd.Str(p, "epoch");
    pkg.release = rd.Str(p, "release");
    pkg.source_rpm = rd.Str(p, "source_rpm");
    pkg.path = rd.Str(p, "path");
    pkg.extractor = rd.Str(p, "extractor");
    pkg.dev = rd.Bool(p, "dev");
    pkg.project = rd.Bool(p, "project");
    r.packages.push_back(std::move(pkg));
  });
  if (bad_type) return MakeError(ErrorCode::kDatabase, "layer cache row: unknown package type");
  r.evidence_paths = rd.Strings(j, "evidence_paths");
  rd.Each(j, "distro_facts", [&](simdjson::dom::element f) {
    model::DistroFact fact;
    fact.path = rd.Str(f, "path");
    fact.distro.id = rd.Str(f, "id");
    fact.distro.version_id = rd.Str(f, "version_id");
    fact.distro.codename = rd.Str(f, "codename");
    fact.distro.name = rd.Str(f, "name");
    fact.distro.pretty_name = rd.Str(f, "pretty_name");
    fact.distro.id_like = rd.Str(f, "id_like");
    r.distro_facts.push_back(std::move(fact));
  });
  rd.Each(j, "owned_files", [&](simdjson::dom::element f) {
    simdjson::dom::element path, owner;
    if (rd.error == simdjson::SUCCESS) rd.error = f.at(0).get(path);
    if (rd.error == simdjson::SUCCESS) rd.error = f.at(1).get(owner);
    if (rd.error == simdjson::SUCCESS) r.owned_files.push_back(model::OwnedFile{rd.Str(path), rd.Str(owner)});
  });
  r.deleted_paths = rd.Strings(j, "deleted_paths");
  r.opaque_dirs = rd.Strings(j, "opaque_dirs");
  r.entry_count = rd.Uint(j, "entry_count");
  r.file_count = rd.Uint(j, "file_count");
  r.content_bytes = rd.Uint(j, "content_bytes");
  r.tar_bytes = rd.Uint(j, "tar_bytes");
  rd.Each(j, "diagnostics", [&](simdjson::dom::element d) {
    model::Diagnostic diag;
    diag.stage = rd.Str(d, "stage");
    diag.layer_index = static_cast<int>(rd.Int(d, "layer_index"));
    diag.path = rd.Str(d, "path");
    diag.extractor = rd.Str(d, "extractor");
    diag.code = rd.Str(d, "code");
    diag.message = rd.Str(d, "message");
    r.diagnostics.push_back(std::move(diag));
  });
  if (rd.error != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kDatabase, std::string("layer cache row is unreadable: ") + simdjson::error_message(rd.error));
  }
  return r;
}

Result<std::unique_ptr<LayerCache>> LayerCache::Open(const std::string& cache_dir) {
  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) return MakeError(ErrorCode::kIo, "create cache dir " + cache_dir + ": " + ec.message());
  std::string path = cache_dir + "/layers.db";
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    Error e = DbError(db, "open layer cache " + path);
    sqlite3_close(db);
    return MakeError(e);
  }
  std::unique_ptr<LayerCache> cache(new LayerCache(db));
  sqlite3_busy_timeout(db, 10000);
  char* err = nullptr;
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, &err) != SQLITE_OK ||
      sqlite3_exec(db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return MakeError(ErrorCode::kDatabase, "layer cache " + path + ": " + msg);
  }
  return cache;
}

LayerCache::~LayerCache() { sqlite3_close(db_); }

Result<std::optional<model::LayerResult>> LayerCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT result FROM layer_results WHERE cache_key = ?", -1, &st, nullptr) != SQLITE_OK) {
    return MakeError(DbError(db_, "layer cache lookup"));
  }
  sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  std::optional<model::LayerResult> out;
  if (rc == SQLITE_ROW) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    int n = sqlite3_column_bytes(st, 0);
    auto r = LayerResultFromJson(std::string_view(text ? text : "", static_cast<size_t>(n)));
    sqlite3_finalize(st);
    if (!r) return MakeError(r.error());
    out = std::move(*r);
    return out;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return MakeError(DbError(db_, "layer cache lookup"));
  return out;
}

Status LayerCache::Put(const std::string& key, const model::LayerResult& result) {
  std::string text = LayerResultToJson(result);
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "INSERT OR REPLACE INTO layer_results (cache_key, diff_id, stored_at, result) "
                         "VALUES (?, ?, strftime('%s','now'), ?)",
                         -1, &st, nullptr) != SQLITE_OK) {
    return MakeError(DbError(db_, "layer cache store"));
  }
  sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, result.diff_id.data(), static_cast<int>(result.diff_id.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return MakeError(DbError(db_, "layer cache store"));
  return OkStatus();
}

}  // namespace hullscan::store
