// Fuzz target for the Debian security-tracker importers (src/feed/debian/): inputs starting with
// '{' go to the tracker-JSON reader, everything else to the DSA/DLA list reader, both into an
// in-memory sink. Any input must end in OK or an error, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/debian/debian_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  hullscan::store::RecordingAdvisorySink sink;
  hullscan::feed::FeedMeta meta;
  if (!in.empty() && in[0] == '{') {
    (void)hullscan::feed::ImportDebianTrackerJsonText(in, "fuzz", sink, meta);
  } else {
    (void)hullscan::feed::ImportDebianListText(in, "fuzz", sink, meta);
  }
  return 0;
}
