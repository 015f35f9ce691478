// Fuzz target for the "lang/ruby" parsers (installed gemspecs, Gemfile.lock), in memory. The
// first byte picks the format. Invariants: no crash, no exception escapes, every package found
// has a non-empty name and version with no space or control byte, and a gemspec yields at most
// one package.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/lang/ruby/ruby_parsers.h"

using namespace hullscan::extract::ruby;

namespace {
void Check(const ParseOutput& out) {
  for (const Found& f : out.packages) {
    if (f.name.empty() || f.version.empty()) std::abort();
    for (char c : f.version) {
      if (static_cast<unsigned char>(c) <= 0x20) std::abort();
    }
  }
  if (out.packages.size() > kMaxPackagesPerFile || out.warnings.size() > kMaxWarningsPerFile) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto out = ParseGemspec(text);
    if (out) {
      Check(*out);
      if (out->packages.size() > 1) std::abort();
    }
  } else {
    auto out = ParseGemfileLock(text);
    if (out) Check(*out);
  }
  return 0;
}
