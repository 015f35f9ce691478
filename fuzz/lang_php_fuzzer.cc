// Fuzz target for the "lang/php" parsers (composer.lock, vendor/composer/installed.json), in
// memory. The first byte picks the format. Invariants: no crash, no exception escapes, every
// package found has a non-empty name and version, and the caps on packages and warnings hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/lang/php/php_parsers.h"

using namespace hullscan::extract::php;

namespace {
void Check(const ParseOutput& out) {
  for (const Found& f : out.packages) {
    if (f.name.empty() || f.version.empty()) std::abort();
  }
  if (out.packages.size() > kMaxPackagesPerFile || out.warnings.size() > kMaxWarningsPerFile) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto out = data[0] % 2 == 0 ? ParseComposerLock(text) : ParseInstalledJson(text);
  if (out) Check(*out);
  return 0;
}
