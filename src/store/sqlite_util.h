// Thin RAII over the SQLite C API for the store module: a statement that binds by position and
// reads columns, and Exec() for scripts. Errors become kDatabase with SQLite's message. Internal to
// store/; not thread-safe (one connection per thread or a caller-held mutex).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::store {

Error SqliteError(sqlite3* db, std::string_view what);

/// Runs a script of statements.
Status Exec(sqlite3* db, const char* sql, std::string_view what);

class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    std::swap(db_, o.db_);
    std::swap(st_, o.st_);
    return *this;
  }
  ~Stmt() { sqlite3_finalize(st_); }

  static Result<Stmt> Prepare(sqlite3* db, std::string_view sql);

  Stmt& Bind(int i, std::string_view s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(int i, std::string_view b) {
    sqlite3_bind_blob(st_, i, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& BindDouble(int i, double v) {
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  /// SQLITE_ROW -> true, SQLITE_DONE -> false (and resets bindings for reuse on the next Reset()).
  Result<bool> Step(std::string_view what);
  /// Steps a statement that returns no rows, then resets it for reuse.
  Status Run(std::string_view what);
  void Reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

  std::string_view Text(int col) const {
    const unsigned char* p = sqlite3_column_text(st_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col)))
             : std::string_view();
  }
  std::string_view Blob(int col) const {
    const void* p = sqlite3_column_blob(st_, col);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col)))
             : std::string_view();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(st_, col); }
  double Double(int col) const { return sqlite3_column_double(st_, col); }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace hullscan::store
