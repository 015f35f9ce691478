// Fuzz target for the "lang/dotnet" parsers (*.deps.json, packages.lock.json,
// packages.config), in memory. The first byte picks the format. Invariants: no crash, no
// exception escapes, every package found has a non-empty name and version, no package is
// reported twice, the caps on packages and warnings hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "extract/lang/dotnet/dotnet_parsers.h"

using namespace hullscan::extract::dotnet;

namespace {
void Check(const hullscan::Result<ParseOutput>& out) {
  if (!out) {
    if (out.error().message().empty()) std::abort();
    return;
  }
  if (out->packages.size() > kMaxPackagesPerFile || out->warnings.size() > kMaxWarnings) std::abort();
  std::set<std::pair<std::string, std::string>> seen;
  for (const Found& f : out->packages) {
    if (f.name.empty() || f.version.empty()) std::abort();
    if (!seen.emplace(f.name, f.version).second) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: Check(ParseDepsJson(text)); break;
    case 1: Check(ParsePackagesLock(text)); break;
    default: Check(ParsePackagesConfig(text)); break;
  }
  return 0;
}
