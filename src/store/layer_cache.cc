#include "store/layer_cache.h"

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
  return j.dump();
}

Result<model::LayerResult> LayerResultFromJson(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json j, ParseJson(text, "layer cache row"));
  try {
    if (j.at("format").get<int>() != kLayerResultFormat) {
      return MakeError(ErrorCode::kDatabase, "layer cache row has another format");
    }
    model::LayerResult r;
    r.diff_id = j.at("diff_id").get<std::string>();
    r.cache_key = j.at("cache_key").get<std::string>();
    for (const Json& p : j.at("packages")) {
      model::Package pkg;
      auto type = model::ParsePackageType(p.at("type").get<std::string>());
      if (!type) return MakeError(ErrorCode::kDatabase, "layer cache row: unknown package type");
      pkg.type = *type;
      pkg.name = p.at("name").get<std::string>();
      pkg.version = p.at("version").get<std::string>();
      pkg.arch = p.at("arch").get<std::string>();
      pkg.source_name = p.at("source_name").get<std::string>();
      pkg.source_version = p.at("source_version").get<std::string>();
      pkg.license = p.at("license").get<std::string>();
      pkg.vendor = p.at("vendor").get<std::string>();
      pkg.maintainer = p.at("maintainer").get<std::string>();
      pkg.modularity_label = p.at("modularity_label").get<std::string>();
      pkg.epoch = p.at("epoch").get<std::string>();
      pkg.release = p.at("release").get<std::string>();
      pkg.source_rpm = p.at("source_rpm").get<std::string>();
      pkg.path = p.at("path").get<std::string>();
      pkg.extractor = p.at("extractor").get<std::string>();
      pkg.dev = p.at("dev").get<bool>();
      pkg.project = p.at("project").get<bool>();
      r.packages.push_back(std::move(pkg));
    }
    r.evidence_paths = j.at("evidence_paths").get<std::vector<std::string>>();
    for (const Json& f : j.at("distro_facts")) {
      model::DistroFact fact;
      fact.path = f.at("path").get<std::string>();
      fact.distro.id = f.at("id").get<std::string>();
      fact.distro.version_id = f.at("version_id").get<std::string>();
      fact.distro.codename = f.at("codename").get<std::string>();
      fact.distro.name = f.at("name").get<std::string>();
      fact.distro.pretty_name = f.at("pretty_name").get<std::string>();
      fact.distro.id_like = f.at("id_like").get<std::string>();
      r.distro_facts.push_back(std::move(fact));
    }
    for (const Json& f : j.at("owned_files")) {
      r.owned_files.push_back(model::OwnedFile{f.at(0).get<std::string>(), f.at(1).get<std::string>()});
    }
    r.deleted_paths = j.at("deleted_paths").get<std::vector<std::string>>();
    r.opaque_dirs = j.at("opaque_dirs").get<std::vector<std::string>>();
    r.entry_count = j.at("entry_count").get<uint64_t>();
    r.file_count = j.at("file_count").get<uint64_t>();
    r.content_bytes = j.at("content_bytes").get<uint64_t>();
    r.tar_bytes = j.at("tar_bytes").get<uint64_t>();
    for (const Json& d : j.at("diagnostics")) {
      model::Diagnostic diag;
      diag.stage = d.at("stage").get<std::string>();
      diag.layer_index = d.at("layer_index").get<int>();
      diag.path = d.at("path").get<std::string>();
      diag.extractor = d.at("extractor").get<std::string>();
      diag.code = d.at("code").get<std::string>();
      diag.message = d.at("message").get<std::string>();
      r.diagnostics.push_back(std::move(diag));
    }
    return r;
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kDatabase, std::string("layer cache row is unreadable: ") + e.what());
  }
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
