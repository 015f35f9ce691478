#include "store/sqlite_util.h"

namespace hullscan::store {

Error SqliteError(sqlite3* db, std::string_view what) {
  return Error(ErrorCode::kDatabase, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Status Exec(sqlite3* db, const char* sql, std::string_view what) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return MakeError(ErrorCode::kDatabase, std::string(what) + ": " + msg);
  }
  return OkStatus();
}

Result<Stmt> Stmt::Prepare(sqlite3* db, std::string_view sql) {
  Stmt s;
  s.db_ = db;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s.st_, nullptr) != SQLITE_OK) {
    return MakeError(SqliteError(db, "prepare '" + std::string(sql.substr(0, 60)) + "'"));
  }
  return s;
}

Result<bool> Stmt::Step(std::string_view what) {
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return MakeError(SqliteError(db_, what));
}

Status Stmt::Run(std::string_view what) {
  int rc = sqlite3_step(st_);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    Error e = SqliteError(db_, what);
    Reset();
    return MakeError(std::move(e));
  }
  Reset();
  return OkStatus();
}

}  // namespace hullscan::store
