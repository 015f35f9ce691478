// Reader for the SQLite package database of rpm >= 4.16, rpmdb.sqlite (Fedora 33+, RHEL 9,
// Amazon Linux 2023, CBL-Mariner/Azure Linux; /usr/lib/sysimage/rpm or /var/lib/rpm).
//
// rpm's lib/backend/sqlite.c keeps one row per package in
// `CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)`, hnum
// being the instance number and blob the header. We run rpm's own query, `SELECT hnum, blob
// FROM Packages`. A database without a Packages table lists no packages, as `rpm -qa` does.
//
// The file is untrusted and may sit in a read-only or shared place: it is opened through a
// `file:` URI with `immutable=1` (https://www.sqlite.org/uri.html#uriimmutable), so SQLite
// takes no locks and never creates -wal/-shm/-journal files beside it. rpm leaves its
// databases in WAL mode; with immutable=1 a -wal file is ignored, which is what we want since
// an extractor sees one file at a time. Defensive mode is on, the schema is untrusted (no
// functions from views or triggers), blobs are capped at the header size limit, and a progress
// handler bounds the VM steps by the file size, so a hostile schema cannot loop.
// Thread-safety: each call opens its own connection.
#pragma once

#include <string>

#include "base/status.h"
#include "extract/os/rpm/db_record.h"

namespace hullscan::extract::rpm {

/// True when `head` starts with the SQLite 3 file magic "SQLite format 3\0".
bool IsSqlite(ByteView head);

/// Reads the Packages table of the SQLite database at `path` (`size_bytes` is its size, used to
/// bound the work). Calls `on_record` per row and `on_problem` for a row without a usable blob
/// or instance number. Errors: kCorrupt (not a database, corrupt pages), kUnsupported
/// (Packages is not a table), kLimitExceeded (too much work or an oversize blob), kIo.
Status ReadSqlite(const std::string& path, uint64_t size_bytes, const RecordFn& on_record,
                  const ProblemFn& on_problem);

}  // namespace hullscan::extract::rpm
