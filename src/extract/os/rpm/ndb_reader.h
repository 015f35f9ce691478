// Read-only reader for rpm's own "ndb" package database, Packages.db (SUSE: SLES 15 SP3+,
// openSUSE; /usr/lib/sysimage/rpm/Packages.db).
//
// Format, from rpm's lib/backend/ndb/rpmpkg.c
// (https://github.com/rpm-software-management/rpm/blob/master/lib/backend/ndb/rpmpkg.c),
// all integers little-endian:
//   - a 32-byte file header: "RpmP", version 0, generation, slot page count, next instance;
//   - slot pages (4096 bytes each, the first starting after the file header) of 16-byte slots
//     {"Slot", instance, block offset, block count}; block offset 0 marks a free slot;
//   - blobs at block offset * 16: head {"BlbS", instance, generation, length}, the header blob,
//     zero padding to a 16-byte block, tail {adler32, length, "BlbE"}.
// Slot table problems make the whole database unreadable (rpm's rpmpkgReadSlots fails too);
// a bad blob is a problem for that record only. rpm verifies the adler32 only in
// `rpmdb --verifydb`; we check it and report a mismatch as a problem, but still return the
// record, as `rpm -qa` would list it.
// Work is bounded by the file size: slots whose blobs overlap an earlier blob are skipped.
// Thread-safety: a pure function over caller-owned bytes.
#pragma once

#include "base/status.h"
#include "extract/os/rpm/byte_view.h"
#include "extract/os/rpm/db_record.h"

namespace hullscan::extract::rpm {

/// True when `head` starts with the NDB package database magic "RpmP".
bool IsNdb(ByteView head);

/// Walks the slots of the database in `db` in blob order, calling `on_record` for each package
/// and `on_problem` for each record with a bad blob. Errors: kCorrupt (bad file header, slot
/// table or size), kUnsupported (a format version other than 0).
Status ReadNdb(ByteView db, const RecordFn& on_record, const ProblemFn& on_problem);

}  // namespace hullscan::extract::rpm
