// Fuzzes YamlToJson (feed/common/feed_files.h), the YAML reader behind the OSV YAML, Wolfi,
// RubySec and FriendsOfPHP importers: any bytes must give a JSON value or an error, never a
// crash, a hang or an unbounded allocation (alias expansion and nesting are bounded).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/common/feed_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  hullscan::feed::FeedFileLimits limits;
  auto j = hullscan::feed::YamlToJson(text, "fuzz.yaml", limits);
  if (j) (void)j->dump(-1, ' ', false, hullscan::Json::error_handler_t::replace);
  return 0;
}
