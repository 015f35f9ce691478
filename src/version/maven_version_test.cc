// Table test for Maven versions (testdata/maven.txt) and a differential test against Maven's own
// ComparableVersion (maven-artifact 3.x from Debian's libmaven3-core-java, run with java).
#include "version/maven_version.h"

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

constexpr char kMavenArtifactJar[] = "/usr/share/java/maven-artifact-3.x.jar";

TEST(MavenVersionTest, Table) {
  auto lines = ReadTable(::hullscan::testing::SourceDir() + "/src/version/testdata/maven.txt");
  EXPECT_EQ(CheckTable(MavenScheme(), lines), 140u);
}

TEST(MavenVersionTest, ErrorsAndText) {
  auto v = MavenScheme().Parse("1.0-SNAPSHOT");
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)->text(), "1.0-SNAPSHOT");
  EXPECT_EQ((*v)->scheme(), SchemeId::kMaven);
  auto bad = MavenScheme().Parse("1.0 beta");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(), "maven version '1.0 beta': contains whitespace or a control character");
  EXPECT_EQ(MavenScheme().Parse("").error().message(), "maven version '': empty");
  EXPECT_FALSE(MavenScheme().Parse(std::string("1\0", 2)));
  EXPECT_FALSE(MavenScheme().Parse(std::string(1025, '1')));
  // The deepest nesting the length limit allows parses and compares.
  std::string deep;
  for (int i = 0; i < 340; ++i) deep += "1-a";
  auto d = MavenScheme().Parse(deep);
  ASSERT_TRUE(d);
  EXPECT_EQ(MavenScheme().Compare(**d, **d), std::strong_ordering::equal);
  EXPECT_EQ(*CompareStrings(SchemeId::kMaven, "1.0", "1.0.0"), std::strong_ordering::equal);
}

// Generated Maven texts: tokens (numbers, every known qualifier and alias, unknown words)
// joined by '.', '-' or nothing (a digit/letter transition), around shared release prefixes.
std::string GenerateMavenToken(Rng& rng) {
  static const char* const kNumbers[] = {"0", "1", "2", "10", "00", "01", "9", "123456789012",
                                         "18446744073709551616", "99999999999999999999999"};
  static const char* const kWords[] = {"alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "snapshot",
                                       "SNAPSHOT", "ga", "final", "release", "GA", "Final", "sp", "SP", "foo",
                                       "x", "abc", "RC", "c", "z", "_", "+"};
  if (rng.Below(2) == 0) return kNumbers[rng.Below(std::size(kNumbers))];
  return kWords[rng.Below(std::size(kWords))];
}

std::string GenerateMavenVersion(Rng& rng, const std::vector<std::string>& releases) {
  static const char* const kSeps[] = {".", "-", "", ".", "-", "..", "-."};
  std::string v = releases[rng.Below(releases.size())];
  uint64_t n = rng.Below(4);
  for (uint64_t i = 0; i < n; ++i) v += std::string(kSeps[rng.Below(std::size(kSeps))]) + GenerateMavenToken(rng);
  if (rng.Below(12) == 0) v += rng.Below(2) == 0 ? "-" : ".";
  if (rng.Below(20) == 0) v = "-" + v;
  return v;
}

// MavenScheme() against ComparableVersion.compareTo on 2000 generated pairs, one java run.
TEST(MavenVersionTest, DifferentialAgainstComparableVersion) {
  if (!CommandSucceeds("java -version") || !std::filesystem::exists(kMavenArtifactJar)) {
    GTEST_SKIP() << "SKIPPED: java or " << kMavenArtifactJar
                 << " is missing (apt-get install default-jdk-headless libmaven3-core-java)";
  }
  Rng rng(0x3a7e11);
  std::vector<std::string> releases = {"1", "1.0", "1.0.0", "2", "1.1", "0", "0.0.1", "1.0.0.0", "10", "1-0"};
  for (int i = 0; i < 10; ++i) releases.push_back(GenerateMavenToken(rng));
  std::vector<std::string> pool;
  for (int i = 0; i < 500; ++i) pool.push_back(GenerateMavenVersion(rng, releases));
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string data;
  for (int i = 0; i < 2000; ++i) {
    const std::string& a = pool[rng.Below(pool.size())];
    const std::string& b = pool[rng.Below(pool.size())];
    pairs.emplace_back(a, b);
    data += a + "\t" + b + "\n";
  }
  std::string script = std::string(
                           "set -e\n"
                           "d=$(mktemp -d)\n"
                           "trap 'rm -rf \"$d\"' EXIT\n"
                           "cat > \"$d/MavenCmp.java\" <<'HS_JAVA'\n"
                           "import java.io.*;\n"
                           "import org.apache.maven.artifact.versioning.ComparableVersion;\n"
                           "public class MavenCmp {\n"
                           "  public static void main(String[] args) throws Exception {\n"
                           "    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, \"UTF-8\"));\n"
                           "    StringBuilder out = new StringBuilder();\n"
                           "    for (String line; (line = in.readLine()) != null;) {\n"
                           "      int tab = line.indexOf('\\t');\n"
                           "      int c = new ComparableVersion(line.substring(0, tab))\n"
                           "          .compareTo(new ComparableVersion(line.substring(tab + 1)));\n"
                           "      out.append(c < 0 ? \"<\" : c > 0 ? \">\" : \"=\").append('\\n');\n"
                           "    }\n"
                           "    System.out.print(out);\n"
                           "  }\n"
                           "}\n"
                           "HS_JAVA\n"
                           "java -cp ") +
                       kMavenArtifactJar + " \"$d/MavenCmp.java\" <<'HS_PAIRS'\n" + data + "HS_PAIRS\n";
  std::vector<std::string> got = RunShellScript(script);
  ASSERT_EQ(got.size(), pairs.size());
  size_t matched = 0, mismatches = 0;
  size_t less = 0, equal = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto ours = CompareStrings(SchemeId::kMaven, pairs[i].first, pairs[i].second);
    std::string mine = ours ? OrderingName(*ours) : "error: " + ours.error().message();
    if (mine == got[i]) {
      ++matched;
    } else if (++mismatches <= 20) {
      ADD_FAILURE() << "'" << pairs[i].first << "' vs '" << pairs[i].second << "': ComparableVersion " << got[i]
                    << ", hullscan " << mine;
    }
    less += got[i] == "<";
    equal += got[i] == "=";
  }
  EXPECT_EQ(matched, pairs.size());
  EXPECT_GT(equal, 20u);
  EXPECT_GT(less, 500u);
  std::cout << "[          ] maven differential: " << matched << "/" << pairs.size()
            << " pairs matched ComparableVersion (" << equal << " equal)\n";
}

}  // namespace
}  // namespace hullscan::version
