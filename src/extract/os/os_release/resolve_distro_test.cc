#include "extract/os/os_release/resolve_distro.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/os/os_release/os_release_extractor.h"
#include "testing/testing.h"

namespace hullscan::extract::os_release {
namespace {

model::DistroFact Fact(std::string path, std::string id, std::string version_id = "", std::string codename = "") {
  model::DistroFact f;
  f.path = std::move(path);
  f.distro.id = std::move(id);
  f.distro.version_id = std::move(version_id);
  f.distro.codename = std::move(codename);
  return f;
}

TEST(ResolveDistroTest, NoFactsIsEmpty) {
  EXPECT_TRUE(ResolveDistro({}).empty());
  EXPECT_TRUE(ResolveDistro({Fact("/etc/os-release", "")}).empty());
  EXPECT_TRUE(ResolveDistro({Fact("/etc/lsb-release", "ubuntu", "22.04")}).empty());
}

TEST(ResolveDistroTest, Precedence) {
  struct Case {
    const char* name;
    std::vector<model::DistroFact> facts;
    const char* id;
  };
  const Case cases[] = {
      {"etc os-release beats usr lib",
       {Fact("/usr/lib/os-release", "b"), Fact("/etc/os-release", "a")}, "a"},
      {"usr lib os-release beats alpine-release",
       {Fact("/etc/alpine-release", "alpine"), Fact("/usr/lib/os-release", "wolfi")}, "wolfi"},
      {"alpine-release beats redhat-release",
       {Fact("/etc/redhat-release", "rhel"), Fact("/etc/alpine-release", "alpine")}, "alpine"},
      {"centos-release beats redhat-release",
       {Fact("/etc/redhat-release", "rhel"), Fact("/etc/centos-release", "centos")}, "centos"},
      {"redhat-release beats system-release",
       {Fact("/etc/system-release", "amzn"), Fact("/etc/redhat-release", "rhel")}, "rhel"},
      {"system-release beats debian_version",
       {Fact("/etc/debian_version", "debian"), Fact("/etc/system-release", "amzn")}, "amzn"},
      {"debian_version alone", {Fact("/etc/debian_version", "debian", "12", "bookworm")}, "debian"},
      {"ubuntu os-release beats its debian_version",
       {Fact("/etc/debian_version", "debian", "", "bookworm"), Fact("/usr/lib/os-release", "ubuntu", "22.04")},
       "ubuntu"},
      {"os-release without ID falls back",
       {Fact("/etc/os-release", ""), Fact("/etc/alpine-release", "alpine", "3.20.3")}, "alpine"},
      {"unknown paths ignored", {Fact("/etc/lsb-release", "ubuntu"), Fact("/etc/alpine-release", "alpine")},
       "alpine"},
  };
  for (const Case& c : cases) EXPECT_EQ(ResolveDistro(c.facts).id, c.id) << c.name;
}

TEST(ResolveDistroTest, LastFactForAPathWins) {
  model::Distro d = ResolveDistro({Fact("/etc/os-release", "alpine", "3.19.1"), Fact("/etc/os-release", "alpine", "3.20.3")});
  EXPECT_EQ(d.version_id, "3.20.3");
}

TEST(ResolveDistroTest, DebianGapsFilledFromDebianVersion) {
  // Debian sid/testing: os-release has no VERSION_ID.
  model::Distro testing = ResolveDistro(
      {Fact("/usr/lib/os-release", "debian", "", "trixie"), Fact("/etc/debian_version", "debian", "", "trixie")});
  EXPECT_EQ(testing.codename, "trixie");
  EXPECT_EQ(testing.version_id, "");

  model::Distro missing = ResolveDistro(
      {Fact("/usr/lib/os-release", "debian"), Fact("/etc/debian_version", "debian", "12", "bookworm")});
  EXPECT_EQ(missing.version_id, "12");
  EXPECT_EQ(missing.codename, "bookworm");

  // What os-release says is kept.
  model::Distro kept = ResolveDistro(
      {Fact("/etc/os-release", "debian", "11", "bullseye"), Fact("/etc/debian_version", "debian", "12", "bookworm")});
  EXPECT_EQ(kept.version_id, "11");
  EXPECT_EQ(kept.codename, "bullseye");

  // Only Debian is filled in: an Ubuntu image's debian_version says nothing about Ubuntu.
  model::Distro ubuntu =
      ResolveDistro({Fact("/etc/os-release", "ubuntu", "24.04"), Fact("/etc/debian_version", "debian", "", "trixie")});
  EXPECT_EQ(ubuntu.codename, "");
}

// The facts of the real debian-12 fixture files, through the extractor.
TEST(ResolveDistroTest, Debian12Fixtures) {
  std::string os_release = testing::SharedPath("fixtures/os-release/debian-12/os-release");
  std::string debian_version = testing::SharedPath("fixtures/os-release/debian-12/debian_version");
  HS_REQUIRE_PATH(os_release);
  HS_REQUIRE_PATH(debian_version);
  auto extractor = NewOsReleaseExtractor();
  common::RecordingSink sink;
  ASSERT_TRUE(common::ExtractFromMemory(*extractor, "/usr/lib/os-release", testing::ReadTestFile(os_release), sink));
  ASSERT_TRUE(
      common::ExtractFromMemory(*extractor, "/etc/debian_version", testing::ReadTestFile(debian_version), sink));
  ASSERT_EQ(sink.distros.size(), 2u);
  model::Distro d = ResolveDistro(sink.distros);
  EXPECT_EQ(d.id, "debian");
  EXPECT_EQ(d.version_id, "12");
  EXPECT_EQ(d.codename, "bookworm");
  EXPECT_EQ(d.pretty_name, "Debian GNU/Linux 12 (bookworm)");
}

TEST(ResolveDistroTest, Alpine320Fixtures) {
  std::string os_release = testing::SharedPath("fixtures/os-release/alpine-3.20/os-release");
  std::string alpine_release = testing::SharedPath("fixtures/os-release/alpine-3.20/alpine-release");
  HS_REQUIRE_PATH(os_release);
  HS_REQUIRE_PATH(alpine_release);
  auto extractor = NewOsReleaseExtractor();
  common::RecordingSink sink;
  ASSERT_TRUE(
      common::ExtractFromMemory(*extractor, "/etc/alpine-release", testing::ReadTestFile(alpine_release), sink));
  ASSERT_TRUE(common::ExtractFromMemory(*extractor, "/etc/os-release", testing::ReadTestFile(os_release), sink));
  model::Distro d = ResolveDistro(sink.distros);
  EXPECT_EQ(d.id, "alpine");
  EXPECT_EQ(d.version_id, "3.20.3");
  EXPECT_EQ(d.name, "Alpine Linux");
}

}  // namespace
}  // namespace hullscan::extract::os_release
