#include "version/apk_version.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "testing/testing.h"
#include "version/version_table.h"

namespace hullscan::version {
namespace {

using testing::OrderingName;

TEST(ApkVersionTest, Table) {
  std::string path = ::hullscan::testing::SourceDir() + "/src/version/testdata/apk.txt";
  auto lines = testing::ReadTable(path);
  EXPECT_GE(testing::CheckTable(ApkScheme(), lines), 100u);
}

TEST(ApkVersionTest, ErrorsNameTheOffset) {
  auto r = ApkScheme().Parse("1.0_foo");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "apk version '1.0_foo': unknown suffix '_foo' at offset 4");
  EXPECT_EQ(ApkScheme().Parse("").error().message(), "apk version '': empty");
  EXPECT_EQ(ApkScheme().Parse("1.0-r1-r2").error().message(), "apk version '1.0-r1-r2': second revision at offset 6");
  EXPECT_EQ(CompareStrings(SchemeId::kApk, "1", "x").error().message(),
            "right side: apk version 'x': does not start with a digit");
}

struct Installed {
  std::string file;
  std::vector<std::pair<std::string, std::string>> packages;  // P:, V:
};

// The P:/V: pairs of an apk installed database (https://wiki.alpinelinux.org/wiki/Apk_spec).
Installed ReadInstalled(const std::string& path) {
  Installed out;
  out.file = std::filesystem::path(path).filename().string();
  std::istringstream in(::hullscan::testing::ReadTestFile(path));
  std::string line;
  std::string name;
  while (std::getline(in, line)) {
    if (line.rfind("P:", 0) == 0) name = line.substr(2);
    if (line.rfind("V:", 0) == 0) out.packages.emplace_back(name, line.substr(2));
  }
  return out;
}

// Every version in the real Alpine databases under fixtures/apk parses.
TEST(ApkVersionTest, EveryFixtureVersionParses) {
  std::string dir = ::hullscan::testing::SharedPath("fixtures/apk");
  HS_REQUIRE_PATH(dir);
  size_t versions = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".installed") continue;
    Installed db = ReadInstalled(entry.path().string());
    for (const auto& [name, version] : db.packages) {
      ++versions;
      auto v = ApkScheme().Parse(version);
      EXPECT_TRUE(v) << db.file << ": " << name << ": " << (v ? "" : v.error().message());
    }
  }
  EXPECT_EQ(versions, 275u);
}

// Across the Alpine releases 3.6 .. 3.20 of fixtures/apk, a package's version never goes down.
TEST(ApkVersionTest, FixtureVersionsRiseWithAlpineReleases) {
  std::string dir = ::hullscan::testing::SharedPath("fixtures/apk");
  HS_REQUIRE_PATH(dir);
  std::vector<std::pair<std::vector<int>, std::string>> releases;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string f = entry.path().filename().string();
    int a = 0, b = 0, c = 0;
    if (std::sscanf(f.c_str(), "alpine-%d.%d.%d-x86_64.installed", &a, &b, &c) == 3) {
      releases.push_back({{a, b, c}, entry.path().string()});
    }
  }
  std::sort(releases.begin(), releases.end());
  ASSERT_EQ(releases.size(), 15u);
  std::map<std::string, std::string> last;  // package -> version in the previous release
  size_t compared = 0;
  for (const auto& release : releases) {
    Installed db = ReadInstalled(release.second);
    for (const auto& [name, version] : db.packages) {
      auto it = last.find(name);
      if (it != last.end()) {
        auto cmp = CompareStrings(SchemeId::kApk, it->second, version);
        ASSERT_TRUE(cmp) << cmp.error().message();
        EXPECT_NE(OrderingName(*cmp), ">") << db.file << ": " << name << " " << it->second << " -> " << version;
        ++compared;
      }
      last[name] = version;
    }
  }
  EXPECT_GT(compared, 150u);
}

}  // namespace
}  // namespace hullscan::version
