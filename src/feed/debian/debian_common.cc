#include <utility>

#include "feed/debian/debian_importer.h"
#include "feed/debian/debian_internal.h"

namespace hullscan::feed {

namespace debian_internal {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string FirstLine(std::string_view s) {
  s = Trim(s);
  return std::string(Trim(s.substr(0, s.find('\n'))));
}

std::string TruncateUtf8(std::string_view s, uint64_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

void AddNote(FeedMeta& meta, std::string note) {
  if (meta.notes.size() < kMaxNotes) meta.notes.push_back(std::move(note));
}

}  // namespace debian_internal

// Debian release numbers by codename: https://www.debian.org/releases/ and the feed brief.
std::optional<std::string> DebianEcosystem(std::string_view codename) {
  static constexpr std::pair<std::string_view, std::string_view> kReleases[] = {
      {"buzz", "1.1"},  {"rex", "1.2"},     {"bo", "1.3"},       {"hamm", "2.0"},      {"slink", "2.1"},
      {"potato", "2.2"}, {"woody", "3.0"},  {"sarge", "3.1"},    {"etch", "4"},        {"lenny", "5"},
      {"squeeze", "6"}, {"wheezy", "7"},    {"jessie", "8"},     {"stretch", "9"},     {"buster", "10"},
      {"bullseye", "11"}, {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},      {"sid", "unstable"},
  };
  for (const auto& [name, number] : kReleases) {
    if (name == codename) return "Debian:" + std::string(number);
  }
  return std::nullopt;
}

}  // namespace hullscan::feed
