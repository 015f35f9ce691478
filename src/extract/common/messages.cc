#include "extract/common/messages.h"

namespace hullscan::extract::common {

std::string Quote(std::string_view s) {
  constexpr size_t kMax = 64;
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : s[i]);
  }
  if (s.size() > kMax) out += "...";
  return out + "'";
}

Error LineError(uint64_t line, std::string what) {
  return Error(ErrorCode::kCorrupt, "line " + std::to_string(line) + ": " + std::move(what));
}

}  // namespace hullscan::extract::common
