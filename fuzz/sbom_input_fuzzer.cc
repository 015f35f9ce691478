// Fuzzes sbom::ReadSbom (CycloneDX / SPDX JSON from untrusted users) with arbitrary bytes.
// Invariants: no crash, no unbounded allocation (the reader's limits hold), deterministic
// result, and every package it returns has a name.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "sbom/sbom_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto a = hullscan::sbom::ReadSbom(bytes, "fuzz.json");
  auto b = hullscan::sbom::ReadSbom(bytes, "fuzz.json");
  if (a.has_value() != b.has_value()) std::abort();
  if (!a) {
    if (a.error().message() != b.error().message()) std::abort();
    return 0;
  }
  if (a->packages != b->packages || a->distro != b->distro) std::abort();
  for (const auto& p : a->packages) {
    if (p.name.empty()) {
      std::fprintf(stderr, "package without a name\n");
      std::abort();
    }
  }
  return 0;
}
