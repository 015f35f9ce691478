// Table tests for the SemVer family (testdata/{semver,cargo,go,nuget}.txt) and a differential
// test of SemverScheme() against node-semver, the npm reference implementation.
#include "version/semver_version.h"

#include <cstdlib>
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

std::string TablePath(const std::string& scheme) {
  return ::hullscan::testing::SourceDir() + "/src/version/testdata/" + scheme + ".txt";
}

TEST(SemverVersionTest, NpmTable) {
  auto lines = ReadTable(TablePath("semver"));
  EXPECT_EQ(CheckTable(SemverScheme(), lines), 47u);
}

TEST(SemverVersionTest, CargoTable) {
  auto lines = ReadTable(TablePath("cargo"));
  EXPECT_EQ(CheckTable(CargoScheme(), lines), 20u);
}

TEST(SemverVersionTest, GoTable) {
  auto lines = ReadTable(TablePath("go"));
  EXPECT_EQ(CheckTable(GoScheme(), lines), 28u);
}

TEST(SemverVersionTest, NugetTable) {
  auto lines = ReadTable(TablePath("nuget"));
  EXPECT_EQ(CheckTable(NugetScheme(), lines), 24u);
}

TEST(SemverVersionTest, SchemeIds) {
  EXPECT_EQ(SemverScheme().id(), SchemeId::kSemver);
  EXPECT_EQ(CargoScheme().id(), SchemeId::kCargo);
  EXPECT_EQ(GoScheme().id(), SchemeId::kGo);
  EXPECT_EQ(NugetScheme().id(), SchemeId::kNuget);
  auto v = GoScheme().Parse("v2.0.0+incompatible");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)->scheme(), SchemeId::kGo);
  EXPECT_EQ((*v)->text(), "v2.0.0+incompatible");
}

// Whitespace cannot be written in a table line: node-semver and NuGet trim it, Cargo and Go do not.
TEST(SemverVersionTest, SurroundingWhitespace) {
  auto a = SemverScheme().Parse("  1.2.3\t");
  auto b = SemverScheme().Parse("1.2.3");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(SemverScheme().Compare(**a, **b), std::strong_ordering::equal);
  auto n = NugetScheme().Parse(" 2.0 ");
  auto m = NugetScheme().Parse("2.0.0.0");
  ASSERT_TRUE(n && m);
  EXPECT_EQ(NugetScheme().Compare(**n, **m), std::strong_ordering::equal);
  EXPECT_FALSE(CargoScheme().Parse(" 1.2.3").has_value());
  EXPECT_FALSE(GoScheme().Parse("v1.2.3 ").has_value());
  EXPECT_FALSE(SemverScheme().Parse("   ").has_value());
  EXPECT_FALSE(SemverScheme().Parse("").has_value());
  EXPECT_FALSE(NugetScheme().Parse(std::string("1.0\0", 4)).has_value());
}

TEST(SemverVersionTest, ErrorNamesSchemeAndText) {
  auto r = SemverScheme().Parse("1.2");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "semver version '1.2': expected MAJOR.MINOR.PATCH");
  auto g = GoScheme().Parse("1.2.3");
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error().message(), "go version '1.2.3': must start with 'v'");
  auto c = CargoScheme().Parse("18446744073709551616.0.0");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message(), "cargo version '18446744073709551616.0.0': release number exceeds 64 bits");
}

TEST(SemverVersionTest, OverlongInputIsAnError) {
  std::string long_pre = "1.0.0-" + std::string(300, 'a');
  EXPECT_FALSE(SemverScheme().Parse(long_pre).has_value());  // node-semver's MAX_LENGTH 256
  EXPECT_TRUE(CargoScheme().Parse(long_pre).has_value());
  std::string huge = "1.0.0-" + std::string(5000, 'a');
  auto r = CargoScheme().Parse(huge);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_LT(r.error().message().size(), 300u);
}

// Generated texts for node-semver: a release from a small set (so that prereleases meet on
// equal releases), then a prerelease and build; mostly valid, some near misses.
std::string GenerateNpmRelease(Rng& rng) {
  static const char* const kNumbers[] = {"0", "1", "2", "9", "10", "11", "100", "9007199254740991"};
  std::string v;
  if (rng.Below(10) == 0) v += 'v';
  uint64_t parts = rng.Below(20) == 0 ? 2 + rng.Below(3) : 3;  // rarely 2..4 parts
  for (uint64_t i = 0; i < parts; ++i) {
    if (i > 0) v += '.';
    v += rng.Below(40) == 0 ? "01" : kNumbers[rng.Below(std::size(kNumbers))];
  }
  return v;
}

std::string GenerateNpmSuffix(Rng& rng) {
  static const char* const kIds[] = {"0", "1", "2", "10", "11", "alpha", "beta", "rc", "a", "b", "A",
                                     "Z", "-", "x-y", "0a", "1a", "a1", "alpha-1", "20190101000000"};
  std::string v;
  if (rng.Below(3) != 0) {
    v += '-';
    uint64_t n = 1 + rng.Below(3);
    for (uint64_t i = 0; i < n; ++i) {
      if (i > 0) v += '.';
      uint64_t pick = rng.Below(std::size(kIds) + 2);
      if (pick == std::size(kIds)) {
        v += rng.Below(4) == 0 ? "" : "01";  // invalid: empty or leading zero
      } else if (pick == std::size(kIds) + 1) {
        v += std::to_string(rng.Below(1000000));
      } else {
        v += kIds[pick];
      }
    }
  }
  if (rng.Below(5) == 0) v += rng.Below(2) == 0 ? "+build.1" : "+001.sha-5114f85";
  return v;
}

// SemverScheme() against node-semver: validity and order of ~2000 generated pairs, one batched
// node call. Needs `node` and the npm `semver` package, located by HULLSCAN_SEMVER_JS (the package
// directory, e.g. after `npm install --prefix /tmp/semver-diff semver`:
// HULLSCAN_SEMVER_JS=/tmp/semver-diff/node_modules/semver).
TEST(SemverVersionTest, DifferentialAgainstNodeSemver) {
  const char* js = std::getenv("HULLSCAN_SEMVER_JS");
  if (js == nullptr || *js == '\0') {
    GTEST_SKIP() << "SKIPPED: HULLSCAN_SEMVER_JS is not set (path of the npm 'semver' package directory)";
  }
  HS_REQUIRE_PATH(std::string(js) + "/package.json");
  if (!CommandSucceeds("node --version")) GTEST_SKIP() << "SKIPPED: node is not installed";

  Rng rng(0x5e3e7);
  std::vector<std::string> releases;
  for (int i = 0; i < 40; ++i) releases.push_back(GenerateNpmRelease(rng));
  std::vector<std::string> pool;
  for (int i = 0; i < 400; ++i) pool.push_back(releases[rng.Below(releases.size())] + GenerateNpmSuffix(rng));
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string data;
  for (int i = 0; i < 2000; ++i) {
    const std::string& a = pool[rng.Below(pool.size())];
    const std::string& b = pool[rng.Below(pool.size())];
    pairs.emplace_back(a, b);
    data += a + "\t" + b + "\n";
  }
  std::string script =
      "node -e '\n"
      "const semver = require(process.env.HULLSCAN_SEMVER_JS);\n"
      "const out = [];\n"
      "for (const line of require(\"fs\").readFileSync(0, \"utf8\").split(\"\\n\")) {\n"
      "  if (line === \"\") continue;\n"
      "  const [a, b] = line.split(\"\\t\");\n"
      "  const va = semver.valid(a) !== null, vb = semver.valid(b) !== null;\n"
      "  let r = \"-\";\n"
      "  if (va && vb) { const c = semver.compare(a, b); r = c < 0 ? \"<\" : c > 0 ? \">\" : \"=\"; }\n"
      "  out.push((va ? \"1\" : \"0\") + \" \" + (vb ? \"1\" : \"0\") + \" \" + r);\n"
      "}\n"
      "console.log(out.join(\"\\n\"));\n"
      "' <<'HS_PAIRS'\n" +
      data + "HS_PAIRS\n";
  std::vector<std::string> got = RunShellScript(script);
  ASSERT_EQ(got.size(), pairs.size());
  size_t mismatches = 0, compared = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto a = SemverScheme().Parse(pairs[i].first);
    auto b = SemverScheme().Parse(pairs[i].second);
    std::string ours = std::string(a ? "1" : "0") + " " + (b ? "1" : "0") + " " +
                       (a && b ? OrderingName(SemverScheme().Compare(**a, **b)) : "-");
    if (a && b) ++compared;
    if (ours != got[i] && ++mismatches <= 20) {
      ADD_FAILURE() << "'" << pairs[i].first << "' vs '" << pairs[i].second << "': node-semver " << got[i]
                    << ", hullscan " << ours;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(compared, 500u);  // the generator must mostly produce valid versions
}

}  // namespace
}  // namespace hullscan::version
