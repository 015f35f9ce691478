#include "version/rpm_version.h"

#include <gtest/gtest.h>

#include "testing/testing.h"
#include "version/version_table.h"

namespace hullscan::version {
namespace {

using testing::OrderingName;

// The differential tests need rpm's own comparison: `rpm --eval '%{lua: ...}'` from Debian's
// `rpm` package (not installed by default; CI installs it in scripts/install-deps.sh).
constexpr const char* kRpmProbe = "rpm --eval '%{lua: print(rpm.vercmp(\"1\", \"2\"))}'";

TEST(RpmVersionTest, Table) {
  std::string path = ::hullscan::testing::SourceDir() + "/src/version/testdata/rpm.txt";
  auto lines = testing::ReadTable(path);
  EXPECT_GE(testing::CheckTable(RpmScheme(), lines), 80u);
}

TEST(RpmVersionTest, ErrorMessages) {
  auto r = CompareStrings(SchemeId::kRpm, "1.0", "1.0-");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "right side: rpm version '1.0-': empty release after '-'");
  EXPECT_EQ(RpmScheme().Parse("").error().message(), "rpm version '': empty");
  EXPECT_EQ(RpmScheme().Parse(":1").error().message(), "rpm version ':1': empty epoch before ':'");
  EXPECT_EQ(RpmScheme().Parse(std::string("1\0", 2)).error().message(),
            "rpm version '1\\x00': invalid character in version");
}

TEST(RpmVersionTest, VerCmpIsRpmvercmp) {
  EXPECT_EQ(RpmVerCmp("1.0", "1.0"), 0);
  EXPECT_EQ(RpmVerCmp("1.0~rc1", "1.0"), -1);
  EXPECT_EQ(RpmVerCmp("1.0^1", "1.0"), 1);
  EXPECT_EQ(RpmVerCmp("", ""), 0);
  EXPECT_EQ(RpmVerCmp("", "1"), -1);
  EXPECT_EQ(RpmVerCmp("", "~"), 1);
  EXPECT_EQ(RpmVerCmp("", "^"), -1);
}

std::string GenerateRpmVersion(testing::Rng& rng, bool with_release) {
  static constexpr std::string_view kAny = "0123456789abzAZ._+~^";
  std::string v;
  if (rng.Below(6) == 0) {
    size_t n = 1 + rng.Below(8);
    for (size_t i = 0; i < n; ++i) v += rng.Pick(kAny);
  } else {
    size_t segments = 1 + rng.Below(4);
    for (size_t s = 0; s < segments; ++s) {
      if (s > 0) v += rng.Below(4) == 0 ? rng.Pick("._+~^") : '.';
      if (rng.Below(5) == 0) v += rng.Pick("abrzA");
      if (rng.Below(5) != 0) v += std::to_string(rng.Below(rng.Below(4) == 0 ? 1000 : 12));
      if (rng.Below(10) == 0) v = v + "0";
    }
  }
  if (v.empty()) v = "1";
  if (with_release) {
    v += rng.Below(8) == 0 ? "-~" : "-";
    v += std::to_string(rng.Below(20));
    if (rng.Below(2) == 0) v += std::string(".el") + rng.Pick("6789") + (rng.Below(3) == 0 ? "_1" : "");
  }
  return v;
}

std::string Mutate(testing::Rng& rng, std::string v) {
  switch (rng.Below(6)) {
    case 0: return v;
    case 1: return v + rng.Pick("~^.a1");
    case 2: v[rng.Below(v.size())] = rng.Pick("019a~^._"); return v;
    case 3: return v.size() > 1 ? v.substr(0, v.size() - 1) : v;
    case 4: return "0" + v;
    default: return v + rng.Pick("~^") + "1";
  }
}

// Runs `lua` (a chunk that reads PAIRS, one "a b" per line, and prints one result per line)
// through rpm's embedded Lua. rpm collects print() output without newlines, so the chunks print
// once, joined by "\n".
std::vector<std::string> RunRpmLua(const std::vector<std::pair<std::string, std::string>>& pairs,
                                   const std::string& lua) {
  std::string data;
  for (const auto& [a, b] : pairs) data += a + " " + b + "\n";
  std::string script = "cat > \"$(dirname \"$0\")/pairs.txt\" <<'HS_EOF'\n" + data + "HS_EOF\n" +
                       "PAIRS=\"$(dirname \"$0\")/pairs.txt\" rpm --eval '%{lua: " + lua + "}'\n";
  return testing::RunShellScript(script);
}

// Differential: rpmvercmp() of version strings against rpm's own (`rpm.vercmp` in rpm's Lua,
// rpm 4.18.0 when written), 2000 generated pairs in one rpm call.
TEST(RpmVersionTest, VerCmpAgreesWithRpm) {
  if (!testing::CommandSucceeds(kRpmProbe)) {
    GTEST_SKIP() << "SKIPPED: rpm is not installed (apt-get install rpm); the differential test needs "
                    "`rpm --eval '%{lua: print(rpm.vercmp(a, b))}'`";
  }
  testing::Rng rng(4180);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < 2000) {
    std::string a = GenerateRpmVersion(rng, false);
    std::string b = rng.Below(2) == 0 ? Mutate(rng, a) : GenerateRpmVersion(rng, false);
    pairs.emplace_back(a, b);
  }
  std::vector<std::string> got = RunRpmLua(
      pairs,
      "local out = {} for line in io.lines(os.getenv(\"PAIRS\")) do "
      "local a, b = line:match(\"^(%S+) (%S+)$\") out[#out + 1] = rpm.vercmp(a, b) end "
      "print(table.concat(out, \"\\n\"))");
  ASSERT_EQ(got.size(), pairs.size());
  size_t matched = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    std::string mine = std::to_string(RpmVerCmp(pairs[i].first, pairs[i].second));
    EXPECT_EQ(mine, got[i]) << "'" << pairs[i].first << "' vs '" << pairs[i].second << "'";
    if (mine == got[i]) ++matched;
  }
  std::cout << "[          ] rpm.vercmp differential: " << matched << "/" << pairs.size() << " pairs matched\n";
}

// Differential on whole EVRs against rpm's rpm.ver() objects (rpmverCmp, rpm >= 4.17), pairs
// that both parse here: epoch, version and release.
TEST(RpmVersionTest, EvrAgreesWithRpmVer) {
  if (!testing::CommandSucceeds(kRpmProbe) ||
      !testing::CommandSucceeds("rpm --eval '%{lua: assert(rpm.ver(\"1:2-3\"))}'")) {
    GTEST_SKIP() << "SKIPPED: rpm >= 4.17 with Lua rpm.ver() is not installed (apt-get install rpm)";
  }
  testing::Rng rng(41801);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (pairs.size() < 2000) {
    std::string a = GenerateRpmVersion(rng, rng.Below(3) != 0);
    if (rng.Below(4) == 0) a = std::to_string(rng.Below(3)) + ":" + a;
    std::string b = rng.Below(2) == 0 ? Mutate(rng, a) : GenerateRpmVersion(rng, rng.Below(3) != 0);
    if (!RpmScheme().Parse(a) || !RpmScheme().Parse(b)) continue;
    pairs.emplace_back(a, b);
  }
  std::vector<std::string> got = RunRpmLua(
      pairs,
      "local out = {} for line in io.lines(os.getenv(\"PAIRS\")) do "
      "local a, b = line:match(\"^(%S+) (%S+)$\") local x, y = rpm.ver(a), rpm.ver(b) "
      "out[#out + 1] = (x < y) and \"<\" or ((x == y) and \"=\" or \">\") end "
      "print(table.concat(out, \"\\n\"))");
  ASSERT_EQ(got.size(), pairs.size());
  size_t matched = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto ours = CompareStrings(SchemeId::kRpm, pairs[i].first, pairs[i].second);
    ASSERT_TRUE(ours);
    std::string mine = OrderingName(*ours);
    EXPECT_EQ(mine, got[i]) << "'" << pairs[i].first << "' vs '" << pairs[i].second << "'";
    if (mine == got[i]) ++matched;
  }
  std::cout << "[          ] rpm.ver differential: " << matched << "/" << pairs.size() << " pairs matched\n";
}

}  // namespace
}  // namespace hullscan::version
