// Fuzz target for the Berkeley DB rpm Packages reader (extract/os/rpm/bdb_reader.h): the bytes
// are a whole database file, walked in memory, and every record is parsed as a header.
// Invariants: no crash or hang; records have a non-zero instance and a non-empty blob; the
// problems of a database are capped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "extract/os/rpm/bdb_reader.h"
#include "extract/os/rpm/rpm_extractor.h"
#include "extract/os/rpm/rpm_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  using namespace hullscan::extract::rpm;
  const ByteView bytes(data, size);
  Status st = ReadBdb(
      bytes,
      [](const HeaderRecord& r) {
        if (r.instance == 0 || r.blob.empty()) std::abort();
        (void)PackageFromHeader(r.blob);
      },
      [](Error) {});
  (void)st;
  // The same bytes through format detection and the package collector.
  Result<PackageDb> db = ReadPackageDbBytes(bytes);
  if (db && db->problems.size() > kMaxProblems + 1) std::abort();
  return 0;
}
