// Fuzzes the KEV catalogue parser and the EPSS line parser (feed/kev, feed/epss): the first byte
// picks the parser; the rest is one KEV document or EPSS CSV text split into lines. In memory only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/epss/epss_importer.h"
#include "feed/kev/kev_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  hullscan::store::RecordingAdvisorySink sink;
  hullscan::feed::FeedMeta meta;
  if (data[0] & 1) {
    (void)hullscan::feed::ParseKevDocument(text, "fuzz", sink, meta);
    return 0;
  }
  hullscan::feed::EpssParser parser("fuzz", sink, meta);
  uint64_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!parser.Line(line, ++line_no)) return 0;
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  (void)parser.Finish();
  return 0;
}
