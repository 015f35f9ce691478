// Fuzz target for Java archives (extract/lang/java/jar_reader.h): the bytes are a zip file,
// read in memory with small limits, nested archives included.
// Invariants: no crash, bounded memory; errors are kCorrupt; every package is kMaven with a
// name, and a path that starts with the archive's display path.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/lang/java/jar_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan;
  using namespace hullscan::extract::java;
  JarLimits limits;
  limits.max_entries = 1000;
  limits.max_nested_bytes = 4 * 1024 * 1024;
  limits.max_member_bytes = 64 * 1024;
  limits.max_total_bytes = 16 * 1024 * 1024;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Result<JarContents> c = ReadJarBytes(bytes, "/f.jar", limits);
  if (!c) {
    if (c.error().code() != ErrorCode::kCorrupt) std::abort();
    return 0;
  }
  for (const model::Package& p : c->packages) {
    if (p.type != model::PackageType::kMaven || p.name.empty() || !p.path.starts_with("/f.jar")) std::abort();
  }
  return 0;
}
