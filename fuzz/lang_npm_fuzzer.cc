// Fuzz target for the "lang/npm" parsers (package-lock.json, yarn.lock, pnpm-lock.yaml,
// installed package.json), in memory. The first byte picks the format. Invariants: no crash,
// no exception escapes, every package found has a non-empty name and version.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/lang/npm/npm_lockfiles.h"

using namespace hullscan::extract::npm;

namespace {
void Check(const hullscan::Result<ParseOutput>& out) {
  if (!out) return;
  for (const Found& f : out->packages) {
    if (f.name.empty() || f.version.empty()) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: Check(ParsePackageLock(text)); break;
    case 1: Check(ParseYarnLock(text)); break;
    case 2: Check(ParsePnpmLock(text)); break;
    default: (void)ParseInstalledPackageJson(text); break;
  }
  return 0;
}
