// Table test for RubyGems versions (testdata/gem.txt) and a differential test against Ruby's own
// Gem::Version (Debian ruby).
#include "version/gem_version.h"

#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/testing.h"
#include "version/version_table.h"

namespace hullscan::version {
namespace {

using ::hullscan::version::testing::CheckTable;
using ::hullscan::version::testing::CommandSucceeds;
using ::hullscan::version::testing::OrderingName;
using ::hullscan::version::testing::ReadTable;
using ::hullscan::version::testing::Rng;
using ::hullscan::version::testing::RunShellScript;

TEST(GemVersionTest, Table) {
  auto lines = ReadTable(::hullscan::testing::SourceDir() + "/src/version/testdata/gem.txt");
  EXPECT_EQ(CheckTable(GemScheme(), lines), 84u);
}

TEST(GemVersionTest, WhitespaceErrorsAndText) {
  auto a = GemScheme().Parse(" \t1.0.pre.1\n");
  auto b = GemScheme().Parse("1-1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(GemScheme().Compare(**a, **b), std::strong_ordering::equal);
  EXPECT_EQ((*a)->text(), " \t1.0.pre.1\n");
  EXPECT_EQ((*a)->scheme(), SchemeId::kGem);
  auto bad = GemScheme().Parse("1..2");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(),
            "gem version '1..2': malformed version number string (Gem::Version::ANCHORED_VERSION_PATTERN)");
  // Rubygems reads a blank version as "0"; an absent version is not version 0 here.
  EXPECT_EQ(GemScheme().Parse("  ").error().message(), "gem version '  ': empty");
  EXPECT_FALSE(GemScheme().Parse(std::string("1\0", 2)));
  EXPECT_FALSE(GemScheme().Parse("1." + std::string(1030, '1')));
}

// Generated gem texts: releases from a small set so that suffixes meet on equal prefixes, then
// dot and dash segments of digits, letters (any case) and mixtures, and near misses.
std::string GenerateGemVersion(Rng& rng, const std::vector<std::string>& releases) {
  static const char* const kSegments[] = {"0", "1", "2", "10", "00", "01", "18446744073709551616", "a", "b",
                                          "pre", "rc", "beta", "A", "Z", "a1", "1a", "0a", "rc1", "alpha2"};
  static const char* const kPre[] = {"1", "a", "pre", "rc1", "0", "b-2", "x-", "-1", "A"};
  static const char* const kJunk[] = {".", "..", "-", "_", "+1", " ", "\v", ". 1", "é"};
  std::string v = releases[rng.Below(releases.size())];
  uint64_t n = rng.Below(4);
  for (uint64_t i = 0; i < n; ++i) v += std::string(".") + kSegments[rng.Below(std::size(kSegments))];
  if (rng.Below(4) == 0) {
    v += std::string("-") + kPre[rng.Below(std::size(kPre))];
    if (rng.Below(3) == 0) v += std::string(".") + kSegments[rng.Below(std::size(kSegments))];
  }
  if (rng.Below(15) == 0) v += kJunk[rng.Below(std::size(kJunk))];
  if (rng.Below(15) == 0) v = std::string(rng.Below(2) == 0 ? " " : "v") + v;
  if (rng.Below(15) == 0) v += " ";
  return v;
}

// GemScheme() against Gem::Version: validity (Gem::Version.correct?) and order of 2000 generated
// pairs, one ruby run.
TEST(GemVersionTest, DifferentialAgainstGemVersion) {
  if (!CommandSucceeds("ruby -e 'Gem::Version.new(\"1.0\")'")) {
    GTEST_SKIP() << "SKIPPED: ruby with rubygems is not installed (apt-get install ruby)";
  }
  Rng rng(0x9e3);
  std::vector<std::string> releases = {"1", "1.0", "1.0.0", "0", "2", "1.1", "0.0.1", "01", "1.0a", "10"};
  std::vector<std::string> pool;
  for (int i = 0; i < 500; ++i) pool.push_back(GenerateGemVersion(rng, releases));
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string data;
  for (int i = 0; i < 2000; ++i) {
    const std::string& a = pool[rng.Below(pool.size())];
    const std::string& b = pool[rng.Below(pool.size())];
    pairs.emplace_back(a, b);
    data += a + "\t" + b + "\n";
  }
  std::string script =
      "ruby -e '\n"
      "def parse(s)\n"
      "  Gem::Version.correct?(s) ? Gem::Version.new(s) : nil\n"
      "end\n"
      "STDIN.each_line do |line|\n"
      "  a, b = line.chomp(\"\\n\").split(\"\\t\", -1)\n"
      "  va, vb = parse(a), parse(b)\n"
      "  r = \"-\"\n"
      "  if va && vb\n"
      "    c = va <=> vb\n"
      "    r = c < 0 ? \"<\" : c > 0 ? \">\" : \"=\"\n"
      "  end\n"
      "  puts \"#{va ? 1 : 0} #{vb ? 1 : 0} #{r}\"\n"
      "end\n"
      "' <<'HS_PAIRS'\n" +
      data + "HS_PAIRS\n";
  std::vector<std::string> got = RunShellScript(script);
  ASSERT_EQ(got.size(), pairs.size());
  size_t matched = 0, mismatches = 0, compared = 0, rejected = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto a = GemScheme().Parse(pairs[i].first);
    auto b = GemScheme().Parse(pairs[i].second);
    std::string ours = std::string(a ? "1" : "0") + " " + (b ? "1" : "0") + " " +
                       (a && b ? OrderingName(GemScheme().Compare(**a, **b)) : "-");
    compared += a && b;
    rejected += !a;
    if (ours == got[i]) {
      ++matched;
    } else if (++mismatches <= 20) {
      ADD_FAILURE() << "'" << pairs[i].first << "' vs '" << pairs[i].second << "': Gem::Version " << got[i]
                    << ", hullscan " << ours;
    }
  }
  EXPECT_EQ(matched, pairs.size());
  EXPECT_GT(compared, 1000u);
  EXPECT_GT(rejected, 50u);
  std::cout << "[          ] gem differential: " << matched << "/" << pairs.size() << " pairs matched Gem::Version ("
            << compared << " compared, the rest rejected on one side)\n";
}

}  // namespace
}  // namespace hullscan::version
