// Fuzz target for the Alpine secdb importer (src/feed/alpine_secdb/): the input is one secdb JSON
// document, imported into an in-memory sink. Any input must end in OK or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/alpine_secdb/alpine_secdb_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  hullscan::store::RecordingAdvisorySink sink;
  hullscan::feed::FeedMeta meta;
  (void)hullscan::feed::ImportAlpineSecdbDocument(in, "fuzz", sink, meta);
  (void)hullscan::feed::ExtractSecfixIds(in.substr(0, 4096));
  return 0;
}
