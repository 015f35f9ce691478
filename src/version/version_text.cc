#include "version/version_text.h"

#include <cstdio>

namespace hullscan::version {

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

std::string_view StripLeadingZeros(std::string_view s) {
  size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0') ++i;
  return s.substr(i);
}

std::strong_ordering CompareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

std::strong_ordering CompareDigits(std::string_view a, std::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  // Without leading zeros, the longer digit string is the larger number.
  if (a.size() != b.size()) return a.size() <=> b.size();
  return CompareBytes(a, b);
}

tl::unexpected<Error> VersionError(std::string_view scheme, std::string_view text, std::string_view why) {
  constexpr size_t kShown = 128;
  std::string quoted;
  for (size_t i = 0; i < text.size() && i < kShown; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      quoted += buf;
    } else {
      quoted += static_cast<char>(c);
    }
  }
  if (text.size() > kShown) quoted += "...";
  std::string message(scheme);
  message += " version '";
  message += quoted;
  message += "': ";
  message += why;
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace hullscan::version
