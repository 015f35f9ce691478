// Fuzzes the OSV record mapping (feed/osv): one input is one record file; the first byte picks
// JSON or YAML. In memory only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/osv/osv_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view name = (data[0] & 1) ? "record.yaml" : "record.json";
  std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  hullscan::feed::FeedMeta meta;
  auto adv = hullscan::feed::ParseOsvRecord(name, content, "fuzz", meta);
  (void)adv;
  return 0;
}
