// What the rpm database readers (bdb_reader, ndb_reader, sqlite_reader) hand back: one header
// blob per installed package, streamed through a callback so that no reader has to hold a whole
// database's blobs at once.
//
// Error split shared by all readers:
//   - the reader returns an error (kCorrupt, kUnsupported, kDatabase) when the database as a
//     whole cannot be walked: bad magic, a broken page chain, a truncated slot table;
//   - it calls the ProblemFn and goes on when one record is unusable inside a database that is
//     otherwise fine (an overflow chain that loops, an NDB blob with a bad checksum); rpm itself
//     skips such records with "rpmdb: damaged header #N retrieved -- skipping".
// Thread-safety: plain types; the callbacks run on the reader's thread.
#pragma once

#include <cstdint>
#include <functional>

#include "base/status.h"
#include "extract/os/rpm/byte_view.h"

namespace hullscan::extract::rpm {

/// One package record: rpm's instance number (header number) and the header blob.
struct HeaderRecord {
  uint32_t instance = 0;
  ByteView blob;  ///< valid only during the RecordFn call
};

using RecordFn = std::function<void(const HeaderRecord&)>;
using ProblemFn = std::function<void(Error)>;

}  // namespace hullscan::extract::rpm
