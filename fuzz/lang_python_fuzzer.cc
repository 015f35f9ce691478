// Fuzz target for the "lang/python" parsers (core metadata, poetry.lock / uv.lock,
// Pipfile.lock, requirements.txt), in memory. The first byte picks the format. Invariants: no
// crash, no exception escapes, every package found has a non-empty name and version.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/lang/python/python_parsers.h"

using namespace hullscan::extract::python;

namespace {
void Check(const ParseOutput& out) {
  for (const Found& f : out.packages) {
    if (f.name.empty() || f.version.empty()) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto m = ParseMetadata(text);
      if (m && (m->name.empty() || m->version.empty())) std::abort();
      break;
    }
    case 1: {
      auto out = ParseTomlLock(text, "poetry.lock");
      if (out) Check(*out);
      break;
    }
    case 2: {
      auto out = ParsePipfileLock(text);
      if (out) Check(*out);
      break;
    }
    default: Check(ParseRequirements(text)); break;
  }
  return 0;
}
