// Fuzz target for rpm header blobs (extract/os/rpm/rpm_header.h): the bytes are one header as
// an rpm database stores it (il, dl, index, data), parsed in memory.
// Invariants: no crash; a parsed package has the rpm type, a name, and a version that is
// "[epoch:]" + VERSION + "-" + release; parsing is deterministic; every owned file from the
// header's file list is an absolute path.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "extract/os/rpm/rpm_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  const extract::rpm::ByteView blob(data, size);
  Result<model::Package> p = extract::rpm::PackageFromHeader(blob);
  if (!p) {
    if (p.error().code() != ErrorCode::kCorrupt) std::abort();
    return 0;
  }
  if (p->type != model::PackageType::kRpm) std::abort();
  if (!p->version.ends_with("-" + p->release)) std::abort();
  if (!p->epoch.empty() && !p->version.starts_with(p->epoch + ":")) std::abort();
  std::vector<std::string> files;
  Result<model::Package> again = extract::rpm::PackageFromHeader(blob, &files);
  if (!again || !(*again == *p)) std::abort();
  for (const std::string& f : files) {
    if (f.empty()) std::abort();
  }
  return 0;
}
