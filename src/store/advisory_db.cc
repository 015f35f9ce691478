#include "store/advisory_db.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <thread>
#include <unordered_map>

#include "base/json.h"
#include "store/row_codec.h"
#include "store/sqlite_util.h"

namespace hullscan::store {

namespace fs = std::filesystem;

namespace {

// One generation of the advisory DB. `affected.match` holds the affected blob of row_codec.h;
// `advisories.severity` a JSON array of [type, vector, score, label, source]. `match_index` is
// what scans read: entries keyed by IndexKey(ecosystem, name) holding every affected-package row
// of a live advisory, each with the advisory's card (row_codec.h) resolved against every feed of
// the generation; Commit() rebuilds it.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE feeds (
  feed_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  source TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  as_of TEXT NOT NULL DEFAULT '',
  records INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE advisories (
  adv_key INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  aliases TEXT NOT NULL,
  summary TEXT NOT NULL,
  details TEXT NOT NULL,
  published TEXT NOT NULL,
  modified TEXT NOT NULL,
  withdrawn TEXT NOT NULL,
  severity TEXT NOT NULL,
  refs TEXT NOT NULL
);
CREATE INDEX advisories_feed ON advisories (feed_id);
CREATE INDEX advisories_id ON advisories (id);
CREATE TABLE aliases (alias TEXT NOT NULL, adv_key INTEGER NOT NULL);
-- Severity statements by every id a vulnerability is known under (the advisory's id and its
-- aliases), for the advisories that carry one and are not withdrawn: enrichment is one index range.
CREATE TABLE severity_by_id (id TEXT NOT NULL, adv_key INTEGER NOT NULL, severity TEXT NOT NULL);
CREATE INDEX severity_by_id_id ON severity_by_id (id);
CREATE INDEX severity_by_id_adv ON severity_by_id (adv_key);
CREATE INDEX aliases_alias ON aliases (alias);
CREATE INDEX aliases_adv ON aliases (adv_key);
CREATE TABLE affected (
  adv_key INTEGER NOT NULL,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  purl TEXT NOT NULL,
  match BLOB NOT NULL
);
CREATE INDEX affected_adv ON affected (adv_key);
CREATE TABLE match_index (key INTEGER PRIMARY KEY, entry BLOB NOT NULL);
CREATE TABLE epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, feed_id INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE kev (
  cve TEXT PRIMARY KEY, date_added TEXT NOT NULL, due_date TEXT NOT NULL, vendor TEXT NOT NULL,
  product TEXT NOT NULL, name TEXT NOT NULL, ransomware INTEGER NOT NULL, feed_id INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

std::string SeverityToJson(const std::vector<model::SeverityScore>& sev) {
  Json a = Json::array();
  for (const auto& s : sev) a.push_back(Json::array({s.type, s.vector, s.score, s.label, s.source}));
  return DumpJsonCompact(a);
}

Result<std::vector<model::SeverityScore>> SeverityFromJson(std::string_view text) {
  HS_ASSIGN_OR_RETURN(Json a, ParseJson(text, "advisory severity"));
  std::vector<model::SeverityScore> out;
  try {
    for (const Json& e : a) {
      model::SeverityScore s;
      s.type = e.at(0).get<std::string>();
      s.vector = e.at(1).get<std::string>();
      s.score = e.at(2).get<double>();
      s.label = e.at(3).get<std::string>();
      s.source = e.at(4).get<std::string>();
      out.push_back(std::move(s));
    }
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kDatabase, std::string("advisory severity row is unreadable: ") + e.what());
  }
  return out;
}

Result<std::vector<std::string>> StringsFromJson(std::string_view text, std::string_view what) {
  HS_ASSIGN_OR_RETURN(Json a, ParseJson(text, what));
  try {
    return a.get<std::vector<std::string>>();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kDatabase, std::string(what) + " is unreadable: " + e.what());
  }
}



bool IsCve(std::string_view id) { return id.rfind("CVE-", 0) == 0; }

// Rebuilds match_index from this generation's affected packages, advisories and enrichment
// tables: each live advisory's card is resolved once here (severity of related records, EPSS,
// KEV) instead of at every scan.
Status BuildMatchIndex(sqlite3* db) {
  HS_RETURN_IF_ERROR(Exec(db, "DELETE FROM match_index", "clear the match index"));
  HS_ASSIGN_OR_RETURN(Stmt rows, Stmt::Prepare(db,
                                               "SELECT x.rowid, x.ecosystem, x.name, x.adv_key, x.match, a.id, "
                                               "a.aliases, a.summary, a.severity, f.format FROM affected x "
                                               "JOIN advisories a ON a.adv_key = x.adv_key "
                                               "JOIN feeds f ON f.feed_id = a.feed_id "
                                               "WHERE a.withdrawn = '' ORDER BY x.ecosystem, x.name, x.adv_key, x.rowid"));
  HS_ASSIGN_OR_RETURN(Stmt related, Stmt::Prepare(db, "SELECT severity FROM severity_by_id WHERE id = ? ORDER BY adv_key"));
  HS_ASSIGN_OR_RETURN(Stmt epss, Stmt::Prepare(db, "SELECT score, percentile FROM epss WHERE cve = ?"));
  HS_ASSIGN_OR_RETURN(Stmt kev, Stmt::Prepare(db, "SELECT date_added FROM kev WHERE cve = ?"));
  // Two names with one hash share the entry (one group each).
  HS_ASSIGN_OR_RETURN(Stmt ins, Stmt::Prepare(db,
                                              "INSERT INTO match_index (key, entry) VALUES (?,?) "
                                              "ON CONFLICT (key) DO UPDATE SET entry = entry || excluded.entry"));
  // The card of an advisory, made once for all its affected packages.
  auto make_card = [&](const Stmt& row) -> Result<std::string> {
    AdvisoryCard c;
    c.feed_format = row.Text(9);
    c.id = row.Text(5);
    HS_ASSIGN_OR_RETURN(c.aliases, StringsFromJson(row.Text(6), "advisory aliases"));
    c.summary = row.Text(7);
    HS_ASSIGN_OR_RETURN(auto own, SeverityFromJson(row.Text(8)));
    if (const auto* best = model::PickSeverity(own)) c.severity = *best;
    std::vector<std::string_view> ids{c.id};
    ids.insert(ids.end(), c.aliases.begin(), c.aliases.end());
    if (!c.severity) {
      std::vector<model::SeverityScore> scores;
      for (std::string_view id : ids) {
        related.Reset();
        related.Bind(1, id);
        for (;;) {
          HS_ASSIGN_OR_RETURN(bool more, related.Step("query severity"));
          if (!more) break;
          HS_ASSIGN_OR_RETURN(auto sev, SeverityFromJson(related.Text(0)));
          for (auto& x : sev) scores.push_back(std::move(x));
        }
      }
      if (const auto* best = model::PickSeverity(scores)) c.related_severity = *best;
    }
    for (std::string_view id : ids) {
      if (!IsCve(id)) continue;
      epss.Reset();
      epss.Bind(1, id);
      HS_ASSIGN_OR_RETURN(bool has_epss, epss.Step("query EPSS"));
      if (has_epss && epss.Double(0) > c.epss_score) {
        c.epss_score = epss.Double(0);
        c.epss_percentile = epss.Double(1);
      }
      kev.Reset();
      kev.Bind(1, id);
      HS_ASSIGN_OR_RETURN(bool has_kev, kev.Step("query KEV"));
      if (has_kev && c.kev_date_added.empty()) c.kev_date_added = kev.Text(0);
    }
    return EncodeCard(c);
  };
  std::unordered_map<int64_t, std::string> cards;
  std::map<std::string, uint64_t> ecosystems;  // what the generation has data for: scans say what it lacks
  std::string ecosystem, name, entry;
  auto flush = [&]() -> Status {
    if (entry.empty()) return OkStatus();
    ins.Bind(1, IndexKey(ecosystem, name)).BindBlob(2, IndexGroup(ecosystem, name, entry));
    entry.clear();
    return ins.Run("build the match index");
  };
  for (;;) {
    HS_ASSIGN_OR_RETURN(bool row, rows.Step("read affected packages"));
    if (!row) break;
    if (rows.Text(1) != ecosystem || rows.Text(2) != name) {
      HS_RETURN_IF_ERROR(flush());
      ecosystem = rows.Text(1);
      name = rows.Text(2);
    }
    ++ecosystems[ecosystem];
    int64_t key = rows.Int(3);
    auto card = cards.find(key);
    if (card == cards.end()) {
      HS_ASSIGN_OR_RETURN(std::string c, make_card(rows));
      card = cards.emplace(key, std::move(c)).first;
    }
    AppendIndexRow(entry, key, rows.Blob(4), card->second);
  }
  HS_RETURN_IF_ERROR(flush());
  Json eco = Json::object();
  for (const auto& [e, n] : ecosystems) eco[e] = n;
  HS_ASSIGN_OR_RETURN(Stmt meta, Stmt::Prepare(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('ecosystems', ?)"));
  meta.Bind(1, DumpJsonCompact(eco));
  return meta.Run("record the ecosystems");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// AdvisoryWriter

struct AdvisoryWriter::Impl {
  std::string db_path;
  std::string tmp_path;
  int lock_fd = -1;
  sqlite3* db = nullptr;
  bool committed = false;
  int64_t feed_id = 0;  // 0: no feed open
  Stmt insert_advisory, insert_alias, insert_affected, insert_epss, insert_kev, insert_severity;

  ~Impl() {
    insert_severity = Stmt();
    insert_advisory = Stmt();
    insert_alias = Stmt();
    insert_affected = Stmt();
    insert_epss = Stmt();
    insert_kev = Stmt();
    if (db) sqlite3_close(db);
    if (!committed && !tmp_path.empty()) {
      std::error_code ec;
      fs::remove(tmp_path, ec);
      fs::remove(tmp_path + "-journal", ec);
    }
    if (lock_fd >= 0) close(lock_fd);  // releases the flock
  }
};

Result<std::unique_ptr<AdvisoryWriter>> AdvisoryWriter::Begin(const std::string& db_path, int64_t lock_timeout_ms) {
  std::unique_ptr<AdvisoryWriter> w(new AdvisoryWriter());
  w->impl_ = std::make_unique<Impl>();
  Impl& im = *w->impl_;
  im.db_path = db_path;
  std::error_code ec;
  fs::path parent = fs::path(db_path).parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) return MakeError(ErrorCode::kIo, "create " + parent.string() + ": " + ec.message());
  }
  // One writer at a time.
  im.lock_fd = open((db_path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (im.lock_fd < 0) return MakeError(ErrorCode::kIo, "open " + db_path + ".lock: " + std::strerror(errno));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(lock_timeout_ms);
  while (flock(im.lock_fd, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return MakeError(ErrorCode::kDatabase, db_path + ": another hullscan is updating this database");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Temp files of writers that were killed: we hold the lock, so none of them is live.
  std::string stem = fs::path(db_path).filename().string() + ".new-";
  for (const auto& e : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec)) {
    if (e.path().filename().string().rfind(stem, 0) == 0) fs::remove(e.path(), ec);
  }
  static int counter = 0;
  im.tmp_path = db_path + ".new-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  if (sqlite3_open_v2(im.tmp_path.c_str(), &im.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    return MakeError(SqliteError(im.db, "create " + im.tmp_path));
  }
  bool copied = false;
  if (fs::exists(db_path, ec)) {
    // Start from the current generation when it has our schema; otherwise start empty.
    sqlite3* old = nullptr;
    std::string uri = "file:" + db_path + "?mode=ro&immutable=1";
    if (sqlite3_open_v2(uri.c_str(), &old, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK) {
      auto v = Stmt::Prepare(old, "SELECT value FROM meta WHERE key = 'schema_version'");
      bool same_schema = false;
      if (v) {
        auto row = v->Step("read schema version");
        same_schema = row && *row && v->Text(0) == std::to_string(kAdvisorySchemaVersion);
      }
      if (same_schema) {
        *v = Stmt();
        sqlite3_backup* b = sqlite3_backup_init(im.db, "main", old, "main");
        if (b) {
          sqlite3_backup_step(b, -1);
          copied = sqlite3_backup_finish(b) == SQLITE_OK;
        }
      }
    }
    sqlite3_close(old);
    if (!copied) {
      // Not our schema (or unreadable): rebuild from nothing in a fresh file.
      sqlite3_close(im.db);
      im.db = nullptr;
      fs::remove(im.tmp_path, ec);
      if (sqlite3_open_v2(im.tmp_path.c_str(), &im.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
          SQLITE_OK) {
        return MakeError(SqliteError(im.db, "create " + im.tmp_path));
      }
    }
  }
  HS_RETURN_IF_ERROR(Exec(im.db, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;",
                          "configure " + im.tmp_path));
  if (!copied) {
    HS_RETURN_IF_ERROR(Exec(im.db, kSchema, "create schema"));
    std::string meta = "INSERT INTO meta (key, value) VALUES ('schema_version', '" +
                       std::to_string(kAdvisorySchemaVersion) + "')";
    HS_RETURN_IF_ERROR(Exec(im.db, meta.c_str(), "write schema version"));
  }
  HS_RETURN_IF_ERROR(Exec(im.db, "BEGIN", "begin"));
  HS_ASSIGN_OR_RETURN(im.insert_advisory,
                      Stmt::Prepare(im.db,
                                    "INSERT INTO advisories (feed_id, id, aliases, summary, details, published, "
                                    "modified, withdrawn, severity, refs) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  HS_ASSIGN_OR_RETURN(im.insert_alias, Stmt::Prepare(im.db, "INSERT INTO aliases (alias, adv_key) VALUES (?,?)"));
  HS_ASSIGN_OR_RETURN(im.insert_severity,
                      Stmt::Prepare(im.db, "INSERT INTO severity_by_id (id, adv_key, severity) VALUES (?,?,?)"));
  HS_ASSIGN_OR_RETURN(im.insert_affected,
                      Stmt::Prepare(im.db,
                                    "INSERT INTO affected (adv_key, ecosystem, name, purl, match) VALUES (?,?,?,?,?)"));
  HS_ASSIGN_OR_RETURN(im.insert_epss,
                      Stmt::Prepare(im.db, "INSERT OR REPLACE INTO epss (cve, score, percentile, feed_id) VALUES (?,?,?,?)"));
  HS_ASSIGN_OR_RETURN(im.insert_kev, Stmt::Prepare(im.db,
                                                   "INSERT OR REPLACE INTO kev (cve, date_added, due_date, vendor, "
                                                   "product, name, ransomware, feed_id) VALUES (?,?,?,?,?,?,?,?)"));
  return w;
}

AdvisoryWriter::~AdvisoryWriter() = default;

std::string AdvisoryWriter::PreviousFingerprint(const std::string& feed_name) const {
  auto st = Stmt::Prepare(impl_->db, "SELECT fingerprint FROM feeds WHERE name = ?");
  if (!st) return "";
  st->Bind(1, feed_name);
  auto row = st->Step("read feed fingerprint");
  return row && *row ? std::string(st->Text(0)) : "";
}

Status AdvisoryWriter::BeginFeed(const FeedImport& feed) {
  Impl& im = *impl_;
  if (im.feed_id != 0) return MakeError(ErrorCode::kInternal, "BeginFeed while feed is open");
  HS_RETURN_IF_ERROR(Exec(im.db, "SAVEPOINT feed", "begin feed"));
  // Drop what this feed had before; its rows come back only if the import succeeds.
  HS_ASSIGN_OR_RETURN(Stmt old, Stmt::Prepare(im.db, "SELECT feed_id FROM feeds WHERE name = ?"));
  old.Bind(1, feed.name);
  HS_ASSIGN_OR_RETURN(bool has_old, old.Step("find feed"));
  if (has_old) {
    int64_t id = old.Int(0);
    for (const char* sql : {"DELETE FROM aliases WHERE adv_key IN (SELECT adv_key FROM advisories WHERE feed_id = ?)",
                            "DELETE FROM severity_by_id WHERE adv_key IN "
                            "(SELECT adv_key FROM advisories WHERE feed_id = ?)",
                            "DELETE FROM affected WHERE adv_key IN (SELECT adv_key FROM advisories WHERE feed_id = ?)",
                            "DELETE FROM advisories WHERE feed_id = ?", "DELETE FROM epss WHERE feed_id = ?",
                            "DELETE FROM kev WHERE feed_id = ?", "DELETE FROM feeds WHERE feed_id = ?"}) {
      HS_ASSIGN_OR_RETURN(Stmt del, Stmt::Prepare(im.db, sql));
      del.Bind(1, id);
      HS_RETURN_IF_ERROR(del.Run("drop previous rows of feed " + feed.name));
    }
  }
  HS_ASSIGN_OR_RETURN(Stmt ins, Stmt::Prepare(im.db, "INSERT INTO feeds (name, format, source, fingerprint) VALUES (?,?,?,?)"));
  ins.Bind(1, feed.name).Bind(2, feed.format).Bind(3, feed.source).Bind(4, feed.fingerprint);
  HS_RETURN_IF_ERROR(ins.Run("record feed " + feed.name));
  im.feed_id = sqlite3_last_insert_rowid(im.db);
  return OkStatus();
}

Status AdvisoryWriter::EndFeed(const std::string& as_of, uint64_t records, uint64_t skipped,
                               const std::string& imported_at) {
  Impl& im = *impl_;
  if (im.feed_id == 0) return MakeError(ErrorCode::kInternal, "EndFeed without BeginFeed");
  HS_ASSIGN_OR_RETURN(Stmt up, Stmt::Prepare(im.db, "UPDATE feeds SET as_of = ?, records = ?, skipped = ?, imported_at = ? "
                                                    "WHERE feed_id = ?"));
  up.Bind(1, as_of).Bind(2, static_cast<int64_t>(records)).Bind(3, static_cast<int64_t>(skipped)).Bind(4, imported_at);
  up.Bind(5, im.feed_id);
  HS_RETURN_IF_ERROR(up.Run("record feed meta"));
  HS_RETURN_IF_ERROR(Exec(im.db, "RELEASE feed", "end feed"));
  im.feed_id = 0;
  return OkStatus();
}

Status AdvisoryWriter::AbortFeed() {
  Impl& im = *impl_;
  if (im.feed_id == 0) return OkStatus();
  im.feed_id = 0;
  HS_RETURN_IF_ERROR(Exec(im.db, "ROLLBACK TO feed; RELEASE feed", "roll back feed"));
  return OkStatus();
}

Status AdvisoryWriter::AddAdvisory(model::Advisory a) {
  Impl& im = *impl_;
  if (im.feed_id == 0) return MakeError(ErrorCode::kInternal, "AddAdvisory outside a feed");
  Json aliases = a.aliases;
  Json refs = a.references;
  im.insert_advisory.Bind(1, im.feed_id).Bind(2, a.id).Bind(3, DumpJsonCompact(aliases)).Bind(4, a.summary).Bind(5, a.details);
  im.insert_advisory.Bind(6, a.published).Bind(7, a.modified).Bind(8, a.withdrawn).Bind(9, SeverityToJson(a.severity));
  im.insert_advisory.Bind(10, DumpJsonCompact(refs));
  HS_RETURN_IF_ERROR(im.insert_advisory.Run("store advisory " + a.id));
  int64_t key = sqlite3_last_insert_rowid(im.db);
  for (const auto& alias : a.aliases) {
    im.insert_alias.Bind(1, alias).Bind(2, key);
    HS_RETURN_IF_ERROR(im.insert_alias.Run("store alias of " + a.id));
  }
  if (!a.severity.empty() && a.withdrawn.empty()) {
    std::string sev = SeverityToJson(a.severity);
    im.insert_severity.Bind(1, a.id).Bind(2, key).Bind(3, sev);
    HS_RETURN_IF_ERROR(im.insert_severity.Run("store severity of " + a.id));
    for (const auto& alias : a.aliases) {
      im.insert_severity.Bind(1, alias).Bind(2, key).Bind(3, sev);
      HS_RETURN_IF_ERROR(im.insert_severity.Run("store severity of " + a.id));
    }
  }
  for (const auto& p : a.affected) {
    im.insert_affected.Bind(1, key).Bind(2, p.ecosystem).Bind(3, model::NormalizePackageName(p.ecosystem, p.name));
    im.insert_affected.Bind(4, p.purl).BindBlob(5, EncodeAffected(p));
    HS_RETURN_IF_ERROR(im.insert_affected.Run("store affected package of " + a.id));
  }
  return OkStatus();
}

Status AdvisoryWriter::AddEpss(const model::EpssScore& s) {
  Impl& im = *impl_;
  if (im.feed_id == 0) return MakeError(ErrorCode::kInternal, "AddEpss outside a feed");
  im.insert_epss.Bind(1, s.cve).BindDouble(2, s.score).BindDouble(3, s.percentile).Bind(4, im.feed_id);
  return im.insert_epss.Run("store EPSS score of " + s.cve);
}

Status AdvisoryWriter::AddKev(const model::KevEntry& k) {
  Impl& im = *impl_;
  if (im.feed_id == 0) return MakeError(ErrorCode::kInternal, "AddKev outside a feed");
  im.insert_kev.Bind(1, k.cve).Bind(2, k.date_added).Bind(3, k.due_date).Bind(4, k.vendor).Bind(5, k.product);
  im.insert_kev.Bind(6, k.name).Bind(7, int64_t{k.known_ransomware}).Bind(8, im.feed_id);
  return im.insert_kev.Run("store KEV entry " + k.cve);
}

Status AdvisoryWriter::Commit() {
  Impl& im = *impl_;
  if (im.feed_id != 0) HS_RETURN_IF_ERROR(AbortFeed());
  HS_RETURN_IF_ERROR(BuildMatchIndex(im.db));
  HS_RETURN_IF_ERROR(Exec(im.db, "COMMIT", "commit"));
  im.insert_severity = Stmt();
  im.insert_advisory = Stmt();
  im.insert_alias = Stmt();
  im.insert_affected = Stmt();
  im.insert_epss = Stmt();
  im.insert_kev = Stmt();
  HS_RETURN_IF_ERROR(Exec(im.db, "ANALYZE", "analyze"));
  if (sqlite3_close(im.db) != SQLITE_OK) return MakeError(SqliteError(im.db, "close " + im.tmp_path));
  im.db = nullptr;
  // Durable before visible: sync the file, rename over the old generation, sync the directory.
  int fd = open(im.tmp_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    if (fd >= 0) close(fd);
    return MakeError(ErrorCode::kIo, "sync " + im.tmp_path + ": " + std::strerror(errno));
  }
  close(fd);
  if (std::rename(im.tmp_path.c_str(), im.db_path.c_str()) != 0) {
    return MakeError(ErrorCode::kIo, "rename " + im.tmp_path + " to " + im.db_path + ": " + std::strerror(errno));
  }
  im.committed = true;
  fs::path parent = fs::path(im.db_path).parent_path();
  int dfd = open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return OkStatus();
}

// ---------------------------------------------------------------------------------------------
// AdvisoryStore

Result<bool> AffectedRow::ListsVersion(std::string_view version) const { return VersionListHas(versions, version); }

Result<std::vector<std::string>> AffectedRow::DecodeVersions() const { return DecodeVersionList(versions); }

Result<AdvisoryCard> AffectedRow::Card() const { return DecodeCard(card); }

struct AdvisoryStore::Statements {
  Stmt find, get, severity, epss, kev;
};

AdvisoryStore::AdvisoryStore(sqlite3* db) : db_(db) {}

Status AdvisoryStore::Prepare() {
  st_ = std::make_unique<Statements>();
  HS_ASSIGN_OR_RETURN(st_->find, Stmt::Prepare(db_,
                                               "SELECT entry FROM match_index WHERE key = ?"));
  HS_ASSIGN_OR_RETURN(st_->get, Stmt::Prepare(db_,
                                              "SELECT id, aliases, summary, details, published, modified, withdrawn, "
                                              "severity, refs FROM advisories WHERE adv_key = ?"));
  HS_ASSIGN_OR_RETURN(st_->severity,
                      Stmt::Prepare(db_, "SELECT severity FROM severity_by_id WHERE id = ? ORDER BY adv_key"));
  HS_ASSIGN_OR_RETURN(st_->epss, Stmt::Prepare(db_, "SELECT score, percentile FROM epss WHERE cve = ?"));
  HS_ASSIGN_OR_RETURN(st_->kev, Stmt::Prepare(db_, "SELECT date_added, due_date, vendor, product, name, ransomware "
                                                   "FROM kev WHERE cve = ?"));
  return OkStatus();
}

Result<std::unique_ptr<AdvisoryStore>> AdvisoryStore::Open(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) {
    return MakeError(ErrorCode::kNotFound, "no advisory database at " + db_path +
                                               " (run `hullscan db import FEED...` or `hullscan db update`)");
  }
  sqlite3* db = nullptr;
  std::string uri = "file:" + db_path + "?mode=ro&immutable=1";
  if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    Error e = SqliteError(db, "open advisory database " + db_path);
    sqlite3_close(db);
    return MakeError(std::move(e));
  }
  std::unique_ptr<AdvisoryStore> s(new AdvisoryStore(db));
  s->size_bytes_ = fs::file_size(db_path, ec);
  // The file never changes once renamed in: map it instead of copying pages through pread.
  HS_RETURN_IF_ERROR(Exec(db, "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;", "configure " + db_path));
  auto v = Stmt::Prepare(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!v) return MakeError(ErrorCode::kDatabase, db_path + " is not a hullscan advisory database");
  auto row = v->Step("read schema version");
  if (!row || !*row) return MakeError(ErrorCode::kDatabase, db_path + " is not a hullscan advisory database");
  if (v->Text(0) != std::to_string(kAdvisorySchemaVersion)) {
    return MakeError(ErrorCode::kDatabase, db_path + " has schema version " + std::string(v->Text(0)) + ", this hullscan reads " +
                                               std::to_string(kAdvisorySchemaVersion) +
                                               " (re-import the feeds to rebuild it)");
  }
  *v = Stmt();
  HS_RETURN_IF_ERROR(s->Prepare());
  return s;
}

AdvisoryStore::~AdvisoryStore() {
  st_.reset();
  sqlite3_close(db_);
}

Result<std::string> AdvisoryStore::FindEntry(const std::string& ecosystem, const std::string& name) {
  int64_t key = IndexKey(ecosystem, model::NormalizePackageName(ecosystem, name));
  std::lock_guard<std::mutex> lock(mu_);
  // The statement is left reset on every path, so it needs no reset before it runs.
  Stmt& st = st_->find;
  st.Bind(1, key);
  auto row = st.Step("query affected packages");
  std::string entry = row && *row ? std::string(st.Blob(0)) : std::string();
  st.Reset();
  if (!row) return MakeError(std::move(row).error());
  return entry;
}

Result<std::vector<std::string_view>> AdvisoryStore::FindEntries(
    std::span<const std::pair<std::string_view, std::string_view>> packages, ByteArena& arena) {
  std::vector<std::pair<int64_t, size_t>> order(packages.size());  // key, index in `packages`
  for (size_t i = 0; i < packages.size(); ++i) {
    const auto& [ecosystem, name] = packages[i];
    order[i] = {IndexKey(ecosystem, model::NormalizePackageName(ecosystem, name)), i};
  }
  std::sort(order.begin(), order.end());
  std::vector<std::string_view> out(packages.size());
  std::lock_guard<std::mutex> lock(mu_);
  // One read transaction for all of them, not one per statement.
  HS_RETURN_IF_ERROR(Exec(db_, "BEGIN", "read the match index"));
  Stmt& st = st_->find;
  for (const auto& [key, i] : order) {
    st.Bind(1, key);
    auto row = st.Step("query affected packages");
    if (row && *row) out[i] = arena.Copy(st.Blob(0));
    st.Reset();
    if (!row) {
      (void)Exec(db_, "ROLLBACK", "read the match index");
      return MakeError(std::move(row).error());
    }
  }
  HS_RETURN_IF_ERROR(Exec(db_, "COMMIT", "read the match index"));
  return out;
}

Result<std::vector<AffectedRow>> AdvisoryStore::Find(const std::string& ecosystem, const std::string& name) {
  HS_ASSIGN_OR_RETURN(std::string blob, FindEntry(ecosystem, name));
  std::string norm = model::NormalizePackageName(ecosystem, name);
  HS_ASSIGN_OR_RETURN(std::vector<IndexRow> entry, DecodeIndexEntry(blob, ecosystem, norm));
  std::vector<AffectedRow> out(entry.size());
  for (size_t i = 0; i < entry.size(); ++i) {
    AffectedRow& r = out[i];
    r.advisory_key = entry[i].advisory_key;
    r.affected.ecosystem = ecosystem;
    r.affected.name = norm;
    HS_ASSIGN_OR_RETURN(std::string_view versions, DecodeAffected(entry[i].affected, r.affected));
    r.versions.assign(versions);
    r.card.assign(entry[i].card);
  }
  return out;
}

Result<model::Advisory> AdvisoryStore::Get(int64_t key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  Stmt& st = st_->get;
  st.Reset();
  st.Bind(1, key);
  HS_ASSIGN_OR_RETURN(bool row, st.Step("read advisory"));
  if (!row) return MakeError(ErrorCode::kNotFound, "advisory " + std::to_string(key) + " is not in the database");
  model::Advisory a;
  a.id = st.Text(0);
  HS_ASSIGN_OR_RETURN(a.aliases, StringsFromJson(st.Text(1), "advisory aliases"));
  a.summary = st.Text(2);
  a.details = st.Text(3);
  a.published = st.Text(4);
  a.modified = st.Text(5);
  a.withdrawn = st.Text(6);
  HS_ASSIGN_OR_RETURN(a.severity, SeverityFromJson(st.Text(7)));
  HS_ASSIGN_OR_RETURN(a.references, StringsFromJson(st.Text(8), "advisory references"));
  st.Reset();
  cache_.emplace(key, a);
  return a;
}

Result<std::vector<model::SeverityScore>> AdvisoryStore::SeverityFor(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt& st = st_->severity;
  st.Reset();
  st.Bind(1, id);
  std::vector<model::SeverityScore> out;
  for (;;) {
    HS_ASSIGN_OR_RETURN(bool row, st.Step("query severity"));
    if (!row) break;
    HS_ASSIGN_OR_RETURN(auto sev, SeverityFromJson(st.Text(0)));
    for (auto& s : sev) out.push_back(std::move(s));
  }
  st.Reset();
  return out;
}

Result<std::optional<model::EpssScore>> AdvisoryStore::Epss(const std::string& cve) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt& st = st_->epss;
  st.Reset();
  st.Bind(1, cve);
  HS_ASSIGN_OR_RETURN(bool row, st.Step("query EPSS"));
  std::optional<model::EpssScore> out;
  if (row) out = model::EpssScore{cve, st.Double(0), st.Double(1)};
  st.Reset();
  return out;
}

Result<std::optional<model::KevEntry>> AdvisoryStore::Kev(const std::string& cve) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt& st = st_->kev;
  st.Reset();
  st.Bind(1, cve);
  HS_ASSIGN_OR_RETURN(bool row, st.Step("query KEV"));
  if (!row) {
    st.Reset();
    return std::optional<model::KevEntry>();
  }
  model::KevEntry k;
  k.cve = cve;
  k.date_added = st.Text(0);
  k.due_date = st.Text(1);
  k.vendor = st.Text(2);
  k.product = st.Text(3);
  k.name = st.Text(4);
  k.known_ransomware = st.Int(5) != 0;
  st.Reset();
  return std::optional<model::KevEntry>(std::move(k));
}

Result<std::optional<std::map<std::string, uint64_t>>> AdvisoryStore::Ecosystems() {
  std::lock_guard<std::mutex> lock(mu_);
  using Map = std::map<std::string, uint64_t>;
  HS_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_, "SELECT value FROM meta WHERE key = 'ecosystems'"));
  HS_ASSIGN_OR_RETURN(bool row, st.Step("read the ecosystems"));
  if (!row) return std::optional<Map>();  // a generation built before they were recorded
  HS_ASSIGN_OR_RETURN(Json j, ParseJson(st.Text(0), "advisory database: meta 'ecosystems'"));
  if (!j.is_object()) return MakeError(ErrorCode::kDatabase, "advisory database: meta 'ecosystems' is not an object");
  Map out;
  for (const auto& [k, v] : j.items()) out[k] = v.is_number_unsigned() ? v.get<uint64_t>() : 0;
  return std::optional<Map>(std::move(out));
}

Result<model::DbInfo> AdvisoryStore::Info() {
  std::lock_guard<std::mutex> lock(mu_);
  model::DbInfo info;
  info.schema_version = kAdvisorySchemaVersion;
  HS_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_, "SELECT name, format, as_of, records, source, fingerprint, imported_at, "
                                                  "skipped FROM feeds ORDER BY name"));
  for (;;) {
    HS_ASSIGN_OR_RETURN(bool row, st.Step("list feeds"));
    if (!row) break;
    model::FeedStatus f;
    f.name = st.Text(0);
    f.format = st.Text(1);
    f.as_of = st.Text(2);
    f.records = static_cast<uint64_t>(st.Int(3));
    f.source = st.Text(4);
    f.fingerprint = st.Text(5);
    f.imported_at = st.Text(6);
    f.skipped = static_cast<uint64_t>(st.Int(7));
    info.feeds.push_back(std::move(f));
  }
  return info;
}

}  // namespace hullscan::store
