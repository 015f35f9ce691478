// Fuzz target for the YAML advisory importers (src/feed/wolfi, src/feed/rubysec,
// src/feed/friendsofphp): the first byte picks the importer, the rest is one advisory file,
// imported into an in-memory sink. Any input must end in OK or an error, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/common/record_text.h"
#include "feed/friendsofphp/friendsofphp_importer.h"
#include "feed/rubysec/rubysec_importer.h"
#include "feed/wolfi/wolfi_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  hullscan::store::RecordingAdvisorySink sink;
  hullscan::feed::FeedMeta meta;
  switch (data[0] % 3) {
    case 0:
      (void)hullscan::feed::ImportWolfiDocument(in, "fuzz.advisories.yaml", "fuzz", sink, meta);
      break;
    case 1:
      (void)hullscan::feed::ImportRubysecDocument(in, "gems/fuzz/CVE-2020-0001.yml", "fuzz", sink, meta);
      (void)hullscan::feed::ParseGemRequirement(in.substr(0, 256));
      break;
    default:
      (void)hullscan::feed::ImportFriendsOfPhpDocument(in, "security-advisories/a/b/fuzz.yaml", "fuzz", sink, meta);
      (void)hullscan::feed::NormalizeDateTimeUtc(in.substr(0, 64));
      break;
  }
  return 0;
}
