#include "extract/os/rpm/sqlite_reader.h"

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <string>

#include "extract/os/rpm/rpm_header.h"

namespace hullscan::extract::rpm {
namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

// Percent-encodes a path for a file: URI (https://www.sqlite.org/uri.html): everything but
// unreserved characters and '/' is escaped, so '?', '#' and '%' in a name stay literal.
std::string FileUri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (unreserved || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri + "?mode=ro&immutable=1";
}

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  ErrorCode code = ErrorCode::kCorrupt;
  switch (rc & 0xff) {
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
    case SQLITE_PERM:
      code = ErrorCode::kIo;
      break;
    case SQLITE_INTERRUPT:
    case SQLITE_TOOBIG:
      code = ErrorCode::kLimitExceeded;
      break;
    default:
      break;
  }
  const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error(code, "sqlite: " + std::string(what) + ": " + msg);
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Result<StmtPtr> Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  StmtPtr owned(stmt);
  if (rc != SQLITE_OK) return MakeError(SqliteError(db, rc, sql));
  return owned;
}

// Progress handler: SQLite calls it every kProgressOps VM steps; non-zero interrupts.
constexpr int kProgressOps = 1000;
struct WorkBudget {
  uint64_t calls_left;
};
int OnProgress(void* arg) {
  auto* budget = static_cast<WorkBudget*>(arg);
  if (budget->calls_left == 0) return 1;
  --budget->calls_left;
  return 0;
}

}  // namespace

bool IsSqlite(ByteView head) {
  return head.size() >= kSqliteMagic.size() && std::memcmp(head.data(), kSqliteMagic.data(), kSqliteMagic.size()) == 0;
}

Status ReadSqlite(const std::string& path, uint64_t size_bytes, const RecordFn& on_record,
                  const ProblemFn& on_problem) {
  sqlite3* raw = nullptr;
  const int open_rc = sqlite3_open_v2(FileUri(path).c_str(), &raw,
                                      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (open_rc != SQLITE_OK) return MakeError(SqliteError(raw, open_rc, "open"));

  // Hardening for an untrusted file (https://www.sqlite.org/security.html).
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, static_cast<int>(kMaxHeaderBytes));
  // A table scan takes a few dozen VM steps per row and rows take bytes, so this is far
  // beyond any real database while still finite for a hostile one.
  WorkBudget budget{1000 + size_bytes / 16};
  sqlite3_progress_handler(db.get(), kProgressOps, &OnProgress, &budget);

  // Only a real table: a view could run any query the file's author wrote.
  HS_ASSIGN_OR_RETURN(StmtPtr schema,
                      Prepare(db.get(), "SELECT type FROM sqlite_master WHERE name = 'Packages' COLLATE NOCASE"));
  int rc = sqlite3_step(schema.get());
  if (rc == SQLITE_DONE) return OkStatus();  // no Packages table: an empty database
  if (rc != SQLITE_ROW) return MakeError(SqliteError(db.get(), rc, "read schema"));
  const unsigned char* type = sqlite3_column_text(schema.get(), 0);
  if (type == nullptr || std::strcmp(reinterpret_cast<const char*>(type), "table") != 0) {
    return MakeError(ErrorCode::kUnsupported, "sqlite: Packages is not a table");
  }
  schema.reset();

  HS_ASSIGN_OR_RETURN(StmtPtr rows, Prepare(db.get(), "SELECT hnum, blob FROM Packages"));
  uint64_t row = 0;
  while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
    ++row;
    const sqlite3_int64 hnum = sqlite3_column_int64(rows.get(), 0);
    const std::string where = "sqlite: row " + std::to_string(row) + " (hnum " + std::to_string(hnum) + ")";
    if (hnum <= 0 || hnum > 0xffffffffll) {
      on_problem(Error(ErrorCode::kCorrupt, where + ": instance number out of range"));
      continue;
    }
    // column_blob before column_bytes, as sqlite3.h recommends.
    const void* data = sqlite3_column_blob(rows.get(), 1);
    const int size = sqlite3_column_bytes(rows.get(), 1);
    if (data == nullptr || size <= 0) {
      on_problem(Error(ErrorCode::kCorrupt, where + ": empty blob"));
      continue;
    }
    on_record(HeaderRecord{static_cast<uint32_t>(hnum),
                           ByteView(static_cast<const uint8_t*>(data), static_cast<size_t>(size))});
  }
  if (rc != SQLITE_DONE) return MakeError(SqliteError(db.get(), rc, "read Packages"));
  return OkStatus();
}

}  // namespace hullscan::extract::rpm
