#include "version/dpkg_version.h"

#include <gtest/gtest.h>

#include "testing/testing.h"
#include "version/version_table.h"

namespace hullscan::version {
namespace {

using testing::OrderingName;

std::string Cmp(std::string_view a, std::string_view b) {
  auto r = CompareStrings(SchemeId::kDpkg, a, b);
  if (!r) return "error: " + r.error().message();
  return OrderingName(*r);
}

TEST(DpkgVersionTest, Table) {
  std::string path = ::hullscan::testing::SourceDir() + "/src/version/testdata/dpkg.txt";
  auto lines = testing::ReadTable(path);
  EXPECT_GE(testing::CheckTable(DpkgScheme(), lines), 75u);
}

TEST(DpkgVersionTest, BlanksAroundAreTrimmedInsideAreErrors) {
  // parseversion() skips blanks (space, tab) around the version, rejects them inside.
  EXPECT_EQ(Cmp(" 1.0", "1.0"), "=");
  EXPECT_EQ(Cmp("\t1.0 \t", "1.0"), "=");
  EXPECT_EQ(Cmp("1.0 1", "1.0"), "error: left side: dpkg version '1.0 1': version string has embedded spaces");
  EXPECT_EQ(Cmp("1.0", "   "), "error: right side: dpkg version '   ': version string is empty");
  EXPECT_EQ(Cmp("", "1.0"), "error: left side: dpkg version '': version string is empty");
  // strtol() sees through a leading "-0" and "+": dpkg accepts both (the dpkg CLI cannot be asked,
  // it reads "-0:1" as an option).
  EXPECT_EQ(Cmp("-0:1.0", "1.0"), "=");
  EXPECT_EQ(Cmp("-1:1.0", "1.0"), "error: left side: dpkg version '-1:1.0': epoch in version is negative");
  EXPECT_EQ(Cmp("1.0", std::string("1.0\0", 4)), "error: right side: dpkg version '1.0\\x00': contains a nul byte");
}

// Bytes outside the policy set are a dpkg warning, and dpkg orders them through a signed char:
// >= 0x80 between letters and ASCII punctuation, control bytes among the punctuation (checked with
// dpkg 1.21.22).
TEST(DpkgVersionTest, OddBytesOrderAsInDpkg) {
  EXPECT_EQ(Cmp("1.0\xc3", "1.0+"), "<");
  EXPECT_EQ(Cmp("1.0\xc3", "1.0z"), ">");
  EXPECT_EQ(Cmp("1.0\x01", "1.0+"), "<");
}

TEST(DpkgVersionTest, ErrorMessagesNameTheProblem) {
  auto r = DpkgScheme().Parse("2147483648:1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "dpkg version '2147483648:1': epoch in version is too big");
  EXPECT_EQ(DpkgScheme().Parse("1:").error().message(),
            "dpkg version '1:': nothing after colon in version number");
  EXPECT_EQ(DpkgScheme().Parse(std::string(1025, '1')).error().code(), ErrorCode::kInvalidArgument);
}

TEST(DpkgVersionTest, TextIsKept) {
  auto v = DpkgScheme().Parse("1:2.3-4");
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)->text(), "1:2.3-4");
  EXPECT_EQ((*v)->scheme(), SchemeId::kDpkg);
}

// A version near real Debian ones, or a short random string that may not parse.
std::string GenerateDpkgVersion(testing::Rng& rng) {
  static constexpr std::string_view kAny = "0123456789abzAZ.+~-:";
  static constexpr std::string_view kSep = ".+~";
  std::string v;
  if (rng.Below(8) == 0) {
    // Raw: any bytes of the alphabet, errors included. Not starting with '-': dpkg's own option
    // parser would take it.
    size_t n = 1 + rng.Below(8);
    for (size_t i = 0; i < n; ++i) v += rng.Pick(kAny);
    if (v[0] == '-') v[0] = '0';
    return v;
  }
  if (rng.Below(6) == 0) v += std::to_string(rng.Below(3)) + ":";
  size_t segments = 1 + rng.Below(4);
  for (size_t s = 0; s < segments; ++s) {
    if (s > 0) v += rng.Below(4) == 0 ? rng.Pick(kSep) : '.';
    if (rng.Below(5) == 0) {
      v += rng.Pick("abcrz");
      if (rng.Below(2) == 0) v += rng.Pick("0123456789");
    } else {
      v += std::to_string(rng.Below(rng.Below(4) == 0 ? 1000 : 12));
      if (rng.Below(10) == 0) v += "0";
    }
  }
  if (rng.Below(3) == 0) {
    v += "-";
    v += std::to_string(rng.Below(5));
    if (rng.Below(3) == 0) v += std::string(1, rng.Pick("+~.")) + rng.Pick("bdu") + std::to_string(rng.Below(3));
  }
  return v;
}

// Mutates `v` a little, so that pairs are often close (equal prefixes, one extra segment).
std::string Mutate(testing::Rng& rng, std::string v) {
  switch (rng.Below(6)) {
    case 0: return v;
    case 1: return v + rng.Pick("~.+a1");
    case 2: v[rng.Below(v.size())] = rng.Pick("019a~.+-:"); return v;
    case 3: return v.size() > 1 ? v.substr(0, v.size() - 1) : v;
    case 4: return "0" + v;
    default: return v + "-" + std::to_string(rng.Below(3));
  }
}

// Differential: our order against `dpkg --compare-versions` (dpkg 1.21.22 when written) on 2000
// generated pairs, one shell script for all of them. Errors must agree too: when dpkg rejects a
// side, so must we, and the reverse.
TEST(DpkgVersionTest, AgreesWithDpkgCompareVersions) {
  if (!testing::CommandSucceeds("dpkg --version")) {
    GTEST_SKIP() << "SKIPPED: dpkg is not installed; the differential test needs `dpkg --compare-versions`";
  }
  testing::Rng rng(20240601);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < 2000) {
    std::string a = GenerateDpkgVersion(rng);
    std::string b = rng.Below(2) == 0 ? Mutate(rng, a) : GenerateDpkgVersion(rng);
    if (b[0] == '-') continue;
    pairs.emplace_back(a, b);
  }
  std::string script =
      "c() {\n"
      "  dpkg --compare-versions \"$1\" lt \"$2\" 2>/dev/null; r=$?\n"
      "  if [ $r = 0 ]; then echo '<'; elif [ $r != 1 ]; then echo error;\n"
      "  elif dpkg --compare-versions \"$1\" eq \"$2\" 2>/dev/null; then echo '='; else echo '>'; fi\n"
      "}\n";
  for (const auto& [a, b] : pairs) script += "c '" + a + "' '" + b + "'\n";
  std::vector<std::string> got = testing::RunShellScript(script);
  ASSERT_EQ(got.size(), pairs.size());
  size_t matched = 0;
  size_t errors = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto ours = CompareStrings(SchemeId::kDpkg, pairs[i].first, pairs[i].second);
    std::string mine = ours ? OrderingName(*ours) : "error";
    EXPECT_EQ(mine, got[i]) << "'" << pairs[i].first << "' vs '" << pairs[i].second << "'"
                            << (ours ? "" : ": " + ours.error().message());
    if (mine == got[i]) ++matched;
    if (got[i] == "error") ++errors;
  }
  EXPECT_GT(errors, 20u);
  EXPECT_LT(errors, 600u);
  std::cout << "[          ] dpkg differential: " << matched << "/" << pairs.size() << " pairs matched ("
            << errors << " rejected by dpkg)\n";
}

}  // namespace
}  // namespace hullscan::version
