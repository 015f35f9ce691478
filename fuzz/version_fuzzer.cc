// Fuzz target for the version schemes (src/version/): the input is split at the first '\n' into
// two version texts; every scheme (SchemeFor) parses both and, when both parse, compares them.
// Checks the ordering laws any caller relies on: a == a, and compare(a, b) is the reverse of
// compare(b, a).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/version_scheme.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan::version;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view a = in.substr(0, nl);
  std::string_view b = nl == std::string_view::npos ? in : in.substr(nl + 1);
  for (SchemeId id : {SchemeId::kDpkg, SchemeId::kRpm, SchemeId::kApk, SchemeId::kSemver, SchemeId::kPep440,
                      SchemeId::kMaven, SchemeId::kGem, SchemeId::kGo, SchemeId::kNuget, SchemeId::kComposer,
                      SchemeId::kCargo}) {
    const VersionScheme* scheme = &SchemeFor(id);
    auto va = scheme->Parse(a);
    auto vb = scheme->Parse(b);
    if (va && scheme->Compare(**va, **va) != 0) std::abort();
    if (va && vb) {
      auto ab = scheme->Compare(**va, **vb);
      auto ba = scheme->Compare(**vb, **va);
      if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0)) std::abort();
    }
  }
  return 0;
}
