// Fuzz target for the "lang/gomod" parsers (extract/lang/golang/gomod_parser.h), in memory: the
// bytes are parsed as a go.mod and as a go.sum, and resolved together; two halves of the input
// are compared as versions. Invariants: no crash; errors are kCorrupt or kLimitExceeded; every
// module found has a path and a "v" version; version comparison is antisymmetric.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/lang/golang/gomod_parser.h"

using namespace hullscan;
using namespace hullscan::extract::golang;

namespace {

void CheckError(const Error& e) {
  if (e.code() != ErrorCode::kCorrupt && e.code() != ErrorCode::kLimitExceeded) std::abort();
}

int Sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<GoModParse> mod = ParseGoMod(text);
  Result<GoSumParse> sum = ParseGoSum(text);
  if (!mod) CheckError(mod.error());
  if (!sum) CheckError(sum.error());
  if (mod) {
    for (const GoModuleFound& m : ResolveGoModules(mod->file, sum ? &*sum : nullptr)) {
      if (m.path.empty() || m.version.empty() || m.version[0] != 'v') std::abort();
    }
  }
  const std::string_view a = text.substr(0, size / 2);
  const std::string_view b = text.substr(size / 2);
  if (Sign(CompareGoVersions(a, b)) != -Sign(CompareGoVersions(b, a))) std::abort();
  if (CompareGoVersions(a, a) != 0) std::abort();
  (void)GoVersionBefore117(a);
  return 0;
}
