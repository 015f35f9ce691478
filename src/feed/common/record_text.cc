#include "feed/common/record_text.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace hullscan::feed {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads min_digits..max_digits digits at `pos`; false when fewer, or when more digits follow.
bool ReadNumber(std::string_view s, size_t& pos, size_t min_digits, size_t max_digits, int64_t& out) {
  size_t start = pos;
  out = 0;
  while (pos < s.size() && IsDigit(s[pos]) && pos - start < max_digits) out = out * 10 + (s[pos++] - '0');
  return pos - start >= min_digits && (pos >= s.size() || !IsDigit(s[pos]));
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", https://howardhinnant.github.io/date_algorithms.html).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = yoe + era * 400 + (m <= 2);
}

std::string Pad(int64_t v, size_t width) {
  std::string t = std::to_string(v);
  return std::string(t.size() < width ? width - t.size() : 0, '0') + t;
}

}  // namespace

std::string_view TrimSpace(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string TruncateUtf8(std::string_view s, uint64_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = static_cast<size_t>(max);
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

std::string FirstLine(std::string_view s, uint64_t max) {
  s = TrimSpace(s);
  return TruncateUtf8(TrimSpace(s.substr(0, s.find('\n'))), max);
}

void AppendNote(std::vector<std::string>& notes, std::string note, size_t max_notes) {
  if (notes.size() < max_notes) notes.push_back(std::move(note));
}

bool IsAsciiDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

size_t CveIdPrefixLength(std::string_view s) {
  if (s.size() < 13 || s.substr(0, 4) != "CVE-" || !IsAsciiDigits(s.substr(4, 4)) || s[8] != '-') return 0;
  size_t i = 9;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i - 9 < 4) return 0;
  if (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])) != 0) return 0;
  return i;
}

bool IsCveId(std::string_view s) { return !s.empty() && CveIdPrefixLength(s) == s.size(); }

std::string NormalizeDateTimeUtc(std::string_view text) {
  std::string_view s = TrimSpace(text);
  size_t pos = 0;
  int64_t y, mo, d, h, mi, se;
  if (!ReadNumber(s, pos, 4, 4, y) || !Expect(s, pos, '-') || !ReadNumber(s, pos, 1, 2, mo) ||
      !Expect(s, pos, '-') || !ReadNumber(s, pos, 1, 2, d) || !(Expect(s, pos, ' ') || Expect(s, pos, 'T')) ||
      !ReadNumber(s, pos, 1, 2, h) || !Expect(s, pos, ':') || !ReadNumber(s, pos, 1, 2, mi) ||
      !Expect(s, pos, ':') || !ReadNumber(s, pos, 1, 2, se)) {
    return {};
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return {};
  int64_t offset_min = 0;
  std::string_view rest = TrimSpace(s.substr(pos));
  if (!rest.empty() && rest != "Z" && rest != "UTC") {
    if (rest.size() != 5 || (rest[0] != '+' && rest[0] != '-') || !IsAsciiDigits(rest.substr(1))) return {};
    offset_min = ((rest[1] - '0') * 10 + (rest[2] - '0')) * 60 + (rest[3] - '0') * 10 + (rest[4] - '0');
    if (rest[0] == '-') offset_min = -offset_min;
  }
  int64_t t = ((DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offset_min) * 60 + se;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  CivilFromDays(days, y, mo, d);
  if (y < 1 || y > 9999) return {};
  return Pad(y, 4) + "-" + Pad(mo, 2) + "-" + Pad(d, 2) + "T" + Pad(secs / 3600, 2) + ":" + Pad(secs / 60 % 60, 2) +
         ":" + Pad(secs % 60, 2) + "Z";
}

std::string AssumeUtc(std::string timestamp) {
  if (timestamp.empty()) return timestamp;
  size_t tpos = timestamp.find('T');
  bool zoned = timestamp.back() == 'Z' ||
               (tpos != std::string::npos && timestamp.find_first_of("+-", tpos) != std::string::npos);
  if (!zoned) timestamp += 'Z';
  return timestamp;
}

}  // namespace hullscan::feed
