// Table test for PEP 440 (testdata/pep440.txt) and a differential test against pypa/packaging,
// the reference implementation pip uses (Debian python3-packaging).
#include "version/pep440_version.h"

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

TEST(Pep440VersionTest, Table) {
  auto lines = ReadTable(::hullscan::testing::SourceDir() + "/src/version/testdata/pep440.txt");
  EXPECT_EQ(CheckTable(Pep440Scheme(), lines), 86u);
}

TEST(Pep440VersionTest, WhitespaceAndErrors) {
  auto a = Pep440Scheme().Parse(" \t1.0.post1\n");
  auto b = Pep440Scheme().Parse("1.0-1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(Pep440Scheme().Compare(**a, **b), std::strong_ordering::equal);
  EXPECT_EQ((*a)->text(), " \t1.0.post1\n");
  EXPECT_EQ((*a)->scheme(), SchemeId::kPep440);
  auto bad = Pep440Scheme().Parse("1.0-foo");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(), "pep440 version '1.0-foo': unexpected text after the version");
  EXPECT_FALSE(Pep440Scheme().Parse("").has_value());
  EXPECT_FALSE(Pep440Scheme().Parse("1.0 1").has_value());
  EXPECT_FALSE(Pep440Scheme().Parse(std::string("1.0\0", 4)).has_value());
  EXPECT_FALSE(Pep440Scheme().Parse("1." + std::string(2000, '1')).has_value());
}

// Generated PEP 440 texts: a public release from a small set (so that suffixes meet on equal
// releases), then every suffix spelling the normalisation rules allow, and near misses.
std::string GeneratePep440Release(Rng& rng) {
  static const char* const kNumbers[] = {"0", "1", "2", "10", "00", "01", "18446744073709551616"};
  std::string v;
  if (rng.Below(15) == 0) v += rng.Below(2) == 0 ? "v" : "V";
  if (rng.Below(8) == 0) v += std::string(kNumbers[rng.Below(std::size(kNumbers))]) + "!";
  uint64_t parts = 1 + rng.Below(4);
  for (uint64_t i = 0; i < parts; ++i) v += (i > 0 ? "." : "") + std::string(kNumbers[rng.Below(std::size(kNumbers))]);
  return v;
}

std::string GeneratePep440Suffix(Rng& rng) {
  static const char* const kNumbers[] = {"0", "1", "2", "10", "01", "18446744073709551616"};
  static const char* const kSeps[] = {"", ".", "-", "_"};
  static const char* const kPre[] = {"a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "A", "RC", "Beta"};
  static const char* const kPost[] = {"post", "rev", "r", "POST"};
  static const char* const kLocal[] = {"ubuntu", "1", "2", "10", "01", "abc", "ABC", "a1", "0"};
  static const char* const kJunk[] = {".", "x", "+", "..", "-", "a1a", ".dev1.post1", "!"};
  auto number = [&] { return std::string(kNumbers[rng.Below(std::size(kNumbers))]); };
  auto sep = [&] { return std::string(kSeps[rng.Below(std::size(kSeps))]); };
  auto maybe_number = [&] { return rng.Below(3) == 0 ? std::string() : sep() + number(); };
  std::string v;
  if (rng.Below(3) == 0) v += sep() + kPre[rng.Below(std::size(kPre))] + maybe_number();
  if (rng.Below(4) == 0) {
    v += rng.Below(3) == 0 ? "-" + number() : sep() + kPost[rng.Below(std::size(kPost))] + maybe_number();
  }
  if (rng.Below(4) == 0) v += sep() + (rng.Below(2) == 0 ? "dev" : "DEV") + maybe_number();
  if (rng.Below(3) == 0) {
    v += "+";
    uint64_t n = 1 + rng.Below(3);
    for (uint64_t i = 0; i < n; ++i) {
      if (i > 0) v += kSeps[1 + rng.Below(3)];
      v += kLocal[rng.Below(std::size(kLocal))];
    }
  }
  if (rng.Below(20) == 0) v += kJunk[rng.Below(std::size(kJunk))];
  return v;
}

// Pep440Scheme() against packaging.version.Version: validity and order of 2000 generated pairs,
// one batched python3 call. Needs /usr/bin/python3 with python3-packaging (Debian).
TEST(Pep440VersionTest, DifferentialAgainstPypaPackaging) {
  if (!CommandSucceeds("/usr/bin/python3 -c 'import packaging.version'")) {
    GTEST_SKIP() << "SKIPPED: /usr/bin/python3 with packaging.version is not installed (apt-get install python3-packaging)";
  }
  Rng rng(0x440);
  std::vector<std::string> releases;
  for (int i = 0; i < 40; ++i) releases.push_back(GeneratePep440Release(rng));
  std::vector<std::string> pool;
  for (int i = 0; i < 400; ++i) pool.push_back(releases[rng.Below(releases.size())] + GeneratePep440Suffix(rng));
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string data;
  for (int i = 0; i < 2000; ++i) {
    const std::string& a = pool[rng.Below(pool.size())];
    const std::string& b = pool[rng.Below(pool.size())];
    pairs.emplace_back(a, b);
    data += a + "\t" + b + "\n";
  }
  std::string script =
      "/usr/bin/python3 -c '\n"
      "import sys\n"
      "from packaging.version import Version, InvalidVersion\n"
      "def parse(s):\n"
      "    try:\n"
      "        return Version(s)\n"
      "    except InvalidVersion:\n"
      "        return None\n"
      "for line in sys.stdin.read().splitlines():\n"
      "    a, b = line.split(\"\\t\")\n"
      "    va, vb = parse(a), parse(b)\n"
      "    r = \"-\"\n"
      "    if va is not None and vb is not None:\n"
      "        r = \"<\" if va < vb else \">\" if va > vb else \"=\"\n"
      "    print((\"0\" if va is None else \"1\") + \" \" + (\"0\" if vb is None else \"1\") + \" \" + r)\n"
      "' <<'HS_PAIRS'\n" +
      data + "HS_PAIRS\n";
  std::vector<std::string> got = RunShellScript(script);
  ASSERT_EQ(got.size(), pairs.size());
  size_t mismatches = 0, compared = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto a = Pep440Scheme().Parse(pairs[i].first);
    auto b = Pep440Scheme().Parse(pairs[i].second);
    std::string ours = std::string(a ? "1" : "0") + " " + (b ? "1" : "0") + " " +
                       (a && b ? OrderingName(Pep440Scheme().Compare(**a, **b)) : "-");
    if (a && b) ++compared;
    if (ours != got[i] && ++mismatches <= 20) {
      ADD_FAILURE() << "'" << pairs[i].first << "' vs '" << pairs[i].second << "': packaging " << got[i]
                    << ", hullscan " << ours;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(compared, 500u);
}

}  // namespace
}  // namespace hullscan::version
