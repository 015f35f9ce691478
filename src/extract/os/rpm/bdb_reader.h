// Read-only reader for the Berkeley DB hash database that rpm < 4.16 keeps as
// /var/lib/rpm/Packages (CentOS/RHEL <= 8, Amazon Linux 2, SLES < 15 SP3, ...).
//
// Only what rpm's Packages file uses is supported: a DB_HASH database (hash version 8-10, no
// encryption, no page checksums) whose keys are 4-byte instance numbers (key 0 holds the next
// free instance and is skipped) and whose values are header blobs, on the page (H_KEYDATA) or
// on a chain of overflow pages (H_OFFPAGE). Either byte order is read. The walk is rpm's own,
// lib/backend/bdb_ro.c (https://github.com/rpm-software-management/rpm/blob/master/lib/backend/bdb_ro.c):
// bucket 0..max_bucket, each bucket's page found through the meta page's `spares`, then that
// page's next_pgno chain. Layouts: Berkeley DB's dbinc/db_page.h (DBMETA/HMETA, PAGE, HOFFPAGE).
//
// Work is bounded by the file size: every page may be used at most once (by one bucket chain
// or one overflow chain), so loops and shared pages are reported instead of followed.
// Thread-safety: a pure function over caller-owned bytes.
#pragma once

#include "base/status.h"
#include "extract/os/rpm/byte_view.h"
#include "extract/os/rpm/db_record.h"

namespace hullscan::extract::rpm {

/// True when `head` (the first bytes of a file, at least 16) carries a Berkeley DB hash or
/// B-tree magic in either byte order (B-trees are then refused by ReadBdb as kUnsupported).
bool IsBdb(ByteView head);

/// Walks the database in `db`, calling `on_record` for every package record and `on_problem`
/// for each record that had to be skipped (a broken overflow chain). Errors: kCorrupt (bad
/// meta page, truncated file, broken bucket chain or hash page), kUnsupported (a B-tree
/// database, an unknown hash version, encryption or page checksums).
Status ReadBdb(ByteView db, const RecordFn& on_record, const ProblemFn& on_problem);

}  // namespace hullscan::extract::rpm
