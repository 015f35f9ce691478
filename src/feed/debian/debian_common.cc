#include <utility>

#include "feed/debian/debian_importer.h"
#include "feed/common/record_text.h"
#include "feed/debian/debian_internal.h"

namespace hullscan::feed {

namespace debian_internal {

void AddNote(FeedMeta& meta, std::string note) {
  AppendNote(meta.notes, std::move(note), kMaxNotes);
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
