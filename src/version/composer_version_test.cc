// Table test for Composer versions (testdata/composer.txt), normalisation examples, and a
// differential test against composer/semver itself (Debian php-cli and php-composer-semver).
#include "version/composer_version.h"

#include <filesystem>
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

constexpr char kSemverAutoload[] = "/usr/share/php/Composer/Semver/autoload.php";

TEST(ComposerVersionTest, Table) {
  auto lines = ReadTable(::hullscan::testing::SourceDir() + "/src/version/testdata/composer.txt");
  EXPECT_EQ(CheckTable(ComposerScheme(), lines), 98u);
}

std::string Normalized(std::string_view text) {
  auto n = ComposerNormalize(text);
  return n ? *n : "error: " + n.error().message();
}

// Expected values from composer/semver 3.3.2's VersionParserTest::successfulNormalizedVersions and
// checked with php (VersionParser::normalize).
TEST(ComposerVersionTest, NormalizeAsComposerDoes) {
  EXPECT_EQ(Normalized("1.0.0"), "1.0.0.0");
  EXPECT_EQ(Normalized("1.2.3.4"), "1.2.3.4");
  EXPECT_EQ(Normalized("v1.0.0"), "1.0.0.0");
  EXPECT_EQ(Normalized("1.0.0RC1dev"), "1.0.0.0-RC1-dev");
  EXPECT_EQ(Normalized("1.0.0-rC15-dev"), "1.0.0.0-RC15-dev");
  EXPECT_EQ(Normalized("1.0.0.RC.15-dev"), "1.0.0.0-RC15-dev");
  EXPECT_EQ(Normalized("1.0.0-rc1"), "1.0.0.0-RC1");
  EXPECT_EQ(Normalized("1.0.0.pl3-dev"), "1.0.0.0-patch3-dev");
  EXPECT_EQ(Normalized("1.0-dev"), "1.0.0.0-dev");
  EXPECT_EQ(Normalized("0"), "0.0.0.0");
  EXPECT_EQ(Normalized("99999"), "99999.0.0.0");
  EXPECT_EQ(Normalized("10.4.13-beta"), "10.4.13.0-beta");
  EXPECT_EQ(Normalized("10.4.13beta2"), "10.4.13.0-beta2");
  EXPECT_EQ(Normalized("10.4.13beta.2"), "10.4.13.0-beta2");
  EXPECT_EQ(Normalized("v1.13.11-beta.0"), "1.13.11.0-beta0");
  EXPECT_EQ(Normalized("1.13.11.0-beta0"), "1.13.11.0-beta0");
  EXPECT_EQ(Normalized("10.4.13-b"), "10.4.13.0-beta");
  EXPECT_EQ(Normalized("10.4.13-b5"), "10.4.13.0-beta5");
  EXPECT_EQ(Normalized("v1.0.0-alpha3"), "1.0.0.0-alpha3");
  EXPECT_EQ(Normalized("1.0.0-p1"), "1.0.0.0-patch1");
  EXPECT_EQ(Normalized("1.0.0-stable"), "1.0.0.0");
  EXPECT_EQ(Normalized("1.0.0-stable-dev"), "1.0.0.0");
  EXPECT_EQ(Normalized("2010.01"), "2010.01.0.0");
  EXPECT_EQ(Normalized("2010.01.02"), "2010.01.02.0");
  EXPECT_EQ(Normalized("2010-01-02"), "2010.01.02");
  EXPECT_EQ(Normalized("2010-01-02.5"), "2010.01.02.5");
  EXPECT_EQ(Normalized("20100102-203040"), "20100102.203040");
  EXPECT_EQ(Normalized("20100102203040-10"), "20100102203040.10");
  EXPECT_EQ(Normalized("20100102-203040-p1"), "20100102.203040-patch1");
  EXPECT_EQ(Normalized("1.0.0+foo"), "1.0.0.0");
  EXPECT_EQ(Normalized("1.0.0-alpha.3.1+foo"), "1.0.0.0-alpha3.1");
  EXPECT_EQ(Normalized("1.0.0@dev"), "1.0.0.0");
  EXPECT_EQ(Normalized("1.0.0 as 1.0.x-dev"), "1.0.0.0");
  EXPECT_EQ(Normalized("1.x-dev"), "1.9999999.9999999.9999999-dev");
  EXPECT_EQ(Normalized("v2.4.X-dev"), "2.4.9999999.9999999-dev");
  EXPECT_EQ(Normalized(" 1.0.0\n"), "1.0.0.0");
  EXPECT_EQ(Normalized("dev-master"), "error: composer version 'dev-master': a dev branch, which composer does not order");
  EXPECT_EQ(Normalized("master"), "error: composer version 'master': a dev branch, which composer does not order");
  EXPECT_EQ(Normalized("foo-dev"),
            "error: composer version 'foo-dev': invalid version string (only numeric branches such as 1.x-dev are "
            "versions)");
  EXPECT_EQ(Normalized("1.0.0-meh"),
            "error: composer version '1.0.0-meh': invalid version string (composer/semver VersionParser::normalize)");
  EXPECT_EQ(Normalized(""), "error: composer version '': empty");
  EXPECT_EQ(Normalized("1.0\x01"), "error: composer version '1.0\\x01': contains a control character");
  EXPECT_EQ(Normalized(std::string(1025, '1')).substr(0, 24), "error: composer version ");
}

TEST(ComposerVersionTest, PhpVersionCompare) {
  // php -r 'echo version_compare(A, B);'
  EXPECT_EQ(PhpVersionCompare("1.0.0.0", "1.0.0.0-dev"), 1);
  EXPECT_EQ(PhpVersionCompare("1.0.0.0-patch1", "1.0.0.0"), 1);
  EXPECT_EQ(PhpVersionCompare("1.0", "1.0.0"), -1);
  EXPECT_EQ(PhpVersionCompare("1.0.0.0-stable", "1.0.0.0-dev"), -1);
  EXPECT_EQ(PhpVersionCompare("1.0rc1", "1.0RC1"), 0);
  EXPECT_EQ(PhpVersionCompare("", "1"), -1);
  EXPECT_EQ(PhpVersionCompare("1.", "1"), -1);
}

// Generated composer texts: classical and date versions with every modifier spelling, build and
// stability-flag suffixes, numeric branches, named branches and near misses.
std::string GenerateComposerVersion(Rng& rng) {
  static const char* const kNumbers[] = {"0", "1", "2", "10", "01", "99999", "100000", "123456789012345678"};
  static const char* const kDates[] = {"2023-01-01", "20230101", "2023.01.01", "20230101120000", "2023-01-01.5",
                                       "202301", "2023-1-1", "20230101-1200"};
  static const char* const kSeps[] = {"", ".", "-", "_"};
  static const char* const kStabilities[] = {"stable", "STABLE", "beta", "b", "RC", "rc", "Rc", "alpha",
                                             "a", "patch", "pl", "p", "Beta", "dev", "foo", "c"};
  static const char* const kStabilityNumbers[] = {"", "", "1", "2", ".1", "-1", "10", "1.2", "0"};
  static const char* const kDev[] = {"", "", "", "-dev", ".dev", "dev", "-DEV", "_dev"};
  static const char* const kTails[] = {"@dev", "@stable", "+build.1", "+", " as 1.0.x-dev", ".", "-", ".x",
                                       " ", "@beta", "+a b"};
  static const char* const kOther[] = {"1.x-dev", "1.2.x-dev", "2.*-dev", "v3.X-dev", "dev-master", "master",
                                       "dev-1.0", "foo-dev", "dev", "1.0.0.0.0", "x", "1,0", "", "v", "1..0"};
  if (rng.Below(12) == 0) return kOther[rng.Below(std::size(kOther))];
  std::string v;
  uint64_t prefix = rng.Below(10);
  if (prefix == 0) v += "v";
  if (prefix == 1) v += "V";
  if (rng.Below(8) == 0) {
    v += kDates[rng.Below(std::size(kDates))];
  } else {
    uint64_t parts = 1 + rng.Below(4);
    for (uint64_t i = 0; i < parts; ++i) {
      // Mostly short numbers so that versions meet on equal prefixes.
      v += (i > 0 ? "." : "") + std::string(kNumbers[rng.Below(rng.Below(4) == 0 ? std::size(kNumbers) : 3)]);
    }
  }
  if (rng.Below(3) == 0) {
    v += kSeps[rng.Below(std::size(kSeps))];
    v += kStabilities[rng.Below(std::size(kStabilities))];
    v += kStabilityNumbers[rng.Below(std::size(kStabilityNumbers))];
  }
  v += kDev[rng.Below(std::size(kDev))];
  if (rng.Below(10) == 0) v += kTails[rng.Below(std::size(kTails))];
  if (rng.Below(20) == 0) v = " " + v;
  return v;
}

// ComposerScheme() against composer/semver: normalize() (valid or not, and the normalised text),
// then Comparator::lessThan/greaterThan on the normalised texts, for 2000 generated pairs in one
// php run. composer normalises named branches ("dev-master") without ordering them: the script
// counts them as rejected, as Parse() does.
TEST(ComposerVersionTest, DifferentialAgainstComposerSemver) {
  if (!CommandSucceeds("php -r 'exit(0);'") || !std::filesystem::exists(kSemverAutoload)) {
    GTEST_SKIP() << "SKIPPED: php or " << kSemverAutoload << " is missing (apt-get install php-cli composer)";
  }
  Rng rng(0xc0d5e7);
  std::vector<std::string> pool;
  for (int i = 0; i < 600; ++i) pool.push_back(GenerateComposerVersion(rng));
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string data;
  for (int i = 0; i < 2000; ++i) {
    const std::string& a = pool[rng.Below(pool.size())];
    const std::string& b = pool[rng.Below(pool.size())];
    pairs.emplace_back(a, b);
    data += a + "\t" + b + "\n";
  }
  std::string script = std::string(
                           "php -r '\n"
                           "require \"") +
                       kSemverAutoload +
                       "\";\n"
                       "$p = new Composer\\Semver\\VersionParser();\n"
                       "function norm($p, $s) {\n"
                       "  try { $n = $p->normalize($s); } catch (\\Exception $e) { return null; }\n"
                       "  return strpos($n, \"dev-\") === 0 ? null : $n;\n"
                       "}\n"
                       "while (($line = fgets(STDIN)) !== false) {\n"
                       "  [$a, $b] = explode(\"\\t\", rtrim($line, \"\\n\"), 2);\n"
                       "  $na = norm($p, $a); $nb = norm($p, $b); $r = \"-\";\n"
                       "  if ($na !== null && $nb !== null) {\n"
                       "    $r = Composer\\Semver\\Comparator::lessThan($na, $nb) ? \"<\" :\n"
                       "        (Composer\\Semver\\Comparator::greaterThan($na, $nb) ? \">\" : \"=\");\n"
                       "  }\n"
                       "  echo ($na === null ? \"0\" : \"1\"), \" \", ($nb === null ? \"0\" : \"1\"), \" \", $r, \" \",\n"
                       "      $na ?? \"-\", \" \", $nb ?? \"-\", \"\\n\";\n"
                       "}\n"
                       "' <<'HS_PAIRS'\n" +
                       data + "HS_PAIRS\n";
  std::vector<std::string> got = RunShellScript(script);
  ASSERT_EQ(got.size(), pairs.size());
  size_t matched = 0, mismatches = 0, compared = 0, rejected = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto na = ComposerNormalize(pairs[i].first);
    auto nb = ComposerNormalize(pairs[i].second);
    std::string order = "-";
    if (na && nb) {
      auto a = ComposerScheme().Parse(pairs[i].first);
      auto b = ComposerScheme().Parse(pairs[i].second);
      ASSERT_TRUE(a && b);
      order = OrderingName(ComposerScheme().Compare(**a, **b));
    }
    std::string ours = std::string(na ? "1" : "0") + " " + (nb ? "1" : "0") + " " + order + " " +
                       (na ? *na : "-") + " " + (nb ? *nb : "-");
    compared += na && nb;
    rejected += !na;
    if (ours == got[i]) {
      ++matched;
    } else if (++mismatches <= 20) {
      ADD_FAILURE() << "'" << pairs[i].first << "' vs '" << pairs[i].second << "': composer/semver " << got[i]
                    << ", hullscan " << ours;
    }
  }
  EXPECT_EQ(matched, pairs.size());
  EXPECT_GT(compared, 1000u);
  EXPECT_GT(rejected, 50u);
  std::cout << "[          ] composer differential: " << matched << "/" << pairs.size()
            << " pairs matched composer/semver (" << compared << " compared, the rest rejected on one side)\n";
}

}  // namespace
}  // namespace hullscan::version
