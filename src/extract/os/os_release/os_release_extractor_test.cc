#include "extract/os/os_release/os_release_extractor.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "testing/testing.h"

// How gtest prints a Distro in a failure (found by argument-dependent lookup).
namespace hullscan::model {
void PrintTo(const Distro& d, std::ostream* os) {
  *os << "{id=" << d.id << " version_id=" << d.version_id << " codename=" << d.codename << " name=" << d.name
      << " pretty_name=" << d.pretty_name << " id_like=" << d.id_like << "}";
}
}  // namespace hullscan::model

namespace hullscan::extract::os_release {
namespace {

using common::Info;
using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;

Status Extract(const std::string& path, std::string text, RecordingSink& sink) {
  auto extractor = NewOsReleaseExtractor();
  return common::ExtractFromMemory(*extractor, path, std::move(text), sink);
}

model::Distro MakeDistro(std::string id, std::string version_id, std::string codename, std::string name = "",
                         std::string pretty_name = "", std::string id_like = "") {
  model::Distro d;
  d.id = std::move(id);
  d.version_id = std::move(version_id);
  d.codename = std::move(codename);
  d.name = std::move(name);
  d.pretty_name = std::move(pretty_name);
  d.id_like = std::move(id_like);
  return d;
}

TEST(OsReleaseExtractorTest, NameAndVersion) {
  auto e = NewOsReleaseExtractor();
  EXPECT_EQ(e->name(), "os/release");
  EXPECT_EQ(e->version(), 1);
}

TEST(OsReleaseExtractorTest, Wants) {
  const common::WantsCase cases[] = {
      {"etc os-release", "/etc/os-release", layer::EntryType::kRegular, true},
      {"usr lib os-release", "/usr/lib/os-release", layer::EntryType::kRegular, true},
      {"alpine-release", "/etc/alpine-release", layer::EntryType::kRegular, true},
      {"debian_version", "/etc/debian_version", layer::EntryType::kRegular, true},
      {"redhat-release", "/etc/redhat-release", layer::EntryType::kRegular, true},
      {"centos-release", "/etc/centos-release", layer::EntryType::kRegular, true},
      {"system-release", "/etc/system-release", layer::EntryType::kRegular, true},
      {"os-release symlink", "/etc/os-release", layer::EntryType::kSymlink, false},
      {"os-release hard link", "/etc/os-release", layer::EntryType::kHardlink, false},
      {"os-release directory", "/etc/os-release", layer::EntryType::kDirectory, false},
      {"initrd-release", "/etc/initrd-release", layer::EntryType::kRegular, false},
      {"lsb-release", "/etc/lsb-release", layer::EntryType::kRegular, false},
      {"system-release-cpe", "/etc/system-release-cpe", layer::EntryType::kRegular, false},
      {"rocky-release", "/etc/rocky-release", layer::EntryType::kRegular, false},
      {"os-release.d", "/etc/os-release.d/x", layer::EntryType::kRegular, false},
      {"nested root", "/rootfs/etc/os-release", layer::EntryType::kRegular, false},
      {"relative", "etc/os-release", layer::EntryType::kRegular, false},
      {"extension release", "/usr/lib/extension-release.d/extension-release.foo", layer::EntryType::kRegular, false},
      {"usr lib os-release backup", "/usr/lib/os-release.dpkg-new", layer::EntryType::kRegular, false},
  };
  auto e = NewOsReleaseExtractor();
  common::ExpectWants(*e, cases);
}

TEST(OsReleaseExtractorTest, RealFixtures) {
  struct Case {
    const char* fixture;
    const char* image_path;
    model::Distro want;
  };
  const Case cases[] = {
      {"os-release/debian-12/os-release", "/usr/lib/os-release",
       MakeDistro("debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)")},
      {"os-release/debian-12/debian_version", "/etc/debian_version",
       MakeDistro("debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12.15")},
      {"os-release/alpine-3.20/os-release", "/etc/os-release",
       MakeDistro("alpine", "3.20.3", "", "Alpine Linux", "Alpine Linux v3.20")},
      {"os-release/alpine-3.20/alpine-release", "/etc/alpine-release", MakeDistro("alpine", "3.20.3", "")},
      {"os-release/alpine-3.12/os-release", "/etc/os-release",
       MakeDistro("alpine", "3.12.12", "", "Alpine Linux", "Alpine Linux v3.12")},
      {"os-release/alpine-3.12/alpine-release", "/etc/alpine-release", MakeDistro("alpine", "3.12.12", "")},
      // No final newline in this one.
      {"dpkg/syft-image-dpkg/etc/os-release", "/etc/os-release",
       MakeDistro("debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)")},
  };
  for (const Case& c : cases) {
    std::string f = SharedPath(std::string("fixtures/") + c.fixture);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(Extract(c.image_path, ReadTestFile(f), sink)) << c.fixture;
    EXPECT_TRUE(sink.packages.empty());
    EXPECT_TRUE(sink.warnings.empty()) << c.fixture;
    ASSERT_EQ(sink.distros.size(), 1u) << c.fixture;
    EXPECT_EQ(sink.distros[0].path, c.image_path);
    EXPECT_EQ(sink.distros[0].distro, c.want) << c.fixture;
  }
}

TEST(OsReleaseExtractorTest, ParseOsReleaseTable) {
  struct Case {
    const char* name;
    const char* text;
    model::Distro want;
  };
  const Case cases[] = {
      {"double quotes with escapes", "ID=x\nNAME=\"a \\\"b\\\" \\$c \\\\ d \\n\"\n",
       MakeDistro("x", "", "", "a \"b\" $c \\ d \\n")},
      {"single quotes are literal", "ID='x'\nNAME='a \\ \"b\"'\n", MakeDistro("x", "", "", "a \\ \"b\"")},
      {"unquoted backslash", "ID=x\nNAME=a\\ b\n", MakeDistro("x", "", "", "a b")},
      {"comments blanks and indentation", "# comment\n\n  ID=x\n\t# ID=y\nVERSION_ID=1\n", MakeDistro("x", "1", "")},
      {"crlf", "ID=x\r\nVERSION_ID=\"1.2\"\r\n", MakeDistro("x", "1.2", "")},
      {"later assignment wins", "ID=x\nID=y\n", MakeDistro("y", "", "")},
      {"trailing text after the word", "ID=x # comment\n", MakeDistro("x", "", "")},
      {"id_like kept whole", "ID=rocky\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"8.8\"\n",
       MakeDistro("rocky", "8.8", "", "", "", "rhel centos fedora")},
      {"debian codename from VERSION", "ID=debian\nVERSION_ID=\"8\"\nVERSION=\"8 (jessie)\"\n",
       MakeDistro("debian", "8", "jessie")},
      {"debian codename from VERSION_ID", "ID=debian\nVERSION_ID=\"11\"\n", MakeDistro("debian", "11", "bullseye")},
      {"debian unknown major", "ID=debian\nVERSION_ID=\"99\"\n", MakeDistro("debian", "99", "")},
      {"debian testing", "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\n"
                         "VERSION_CODENAME=trixie\nID=debian\n",
       MakeDistro("debian", "", "trixie", "Debian GNU/Linux", "Debian GNU/Linux trixie/sid")},
      {"non-debian gets no derived codename", "ID=ubuntu\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\n",
       MakeDistro("ubuntu", "12", "")},
      {"ubuntu codename fallback", "ID=ubuntu\nVERSION_ID=\"22.04\"\nUBUNTU_CODENAME=jammy\n",
       MakeDistro("ubuntu", "22.04", "jammy")},
      {"version codename beats ubuntu codename", "ID=ubuntu\nVERSION_CODENAME=noble\nUBUNTU_CODENAME=jammy\n",
       MakeDistro("ubuntu", "", "noble")},
      {"no ID", "NAME=x\n", MakeDistro("", "", "", "x")},
  };
  for (const Case& c : cases) {
    OsReleaseParse p = ParseOsRelease(c.text);
    EXPECT_EQ(p.distro, c.want) << c.name;
    EXPECT_TRUE(p.warnings.empty()) << c.name;
  }
}

TEST(OsReleaseExtractorTest, ParseOsReleaseWarnings) {
  OsReleaseParse p = ParseOsRelease("ID=x\njunk line\n=nokey\n1X=y\nNAME=\"unterminated\nVERSION_ID='also\n");
  EXPECT_EQ(p.distro, MakeDistro("x", "also", "", "unterminated"));
  EXPECT_EQ(p.assignments, 3u);
  std::vector<std::string> msgs;
  for (const Error& e : p.warnings) msgs.push_back(e.message());
  EXPECT_EQ(msgs, (std::vector<std::string>{
                      "line 2: not a KEY=value line: 'junk line'",
                      "line 3: not a KEY=value line: '=nokey'",
                      "line 4: not a KEY=value line: '1X=y'",
                      "line 5: unterminated quote in 'NAME'",
                      "line 6: unterminated quote in 'VERSION_ID'",
                  }));
}

TEST(OsReleaseExtractorTest, OsReleaseProblemsThroughTheExtractor) {
  RecordingSink junk;
  Status st = Extract("/etc/os-release", "this is not\nan os-release\n", junk);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(st.error().message(), "not an os-release file (no KEY=value line): line 1: not a KEY=value line: 'this is not'");
  EXPECT_TRUE(junk.distros.empty());

  RecordingSink empty;
  ASSERT_TRUE(Extract("/etc/os-release", "", empty));
  EXPECT_TRUE(empty.distros.empty());
  EXPECT_TRUE(empty.warnings.empty());

  RecordingSink no_id;
  ASSERT_TRUE(Extract("/etc/os-release", "NAME=x\nbad\n", no_id));
  ASSERT_EQ(no_id.distros.size(), 1u);
  EXPECT_EQ(no_id.distros[0].distro.name, "x");
  ASSERT_EQ(no_id.warnings.size(), 2u);
  EXPECT_EQ(no_id.warnings[0].error.message(), "line 2: not a KEY=value line: 'bad'");
  EXPECT_EQ(no_id.warnings[1].error.message(), "no ID= line");
  EXPECT_EQ(no_id.warnings[1].path, "/etc/os-release");

  RecordingSink big;
  st = Extract("/etc/os-release", "ID=x\n" + std::string(kMaxReleaseFileBytes, '#'), big);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(big.distros.empty());
}

TEST(OsReleaseExtractorTest, AlpineRelease) {
  struct Case {
    const char* text;
    const char* version_id;  // nullptr: kCorrupt
  };
  const Case cases[] = {
      {"3.20.3\n", "3.20.3"},
      {"  3.12.12  \r\n", "3.12.12"},
      {"3.21.0_alpha20240807\n", "3.21.0_alpha20240807"},
      {"3.19.1\nsecond line ignored\n", "3.19.1"},
      {"", nullptr},
      {"\n\n", nullptr},
      {"edge\n", nullptr},
      {"3.20 3\n", nullptr},
      {"3.20;rm -rf\n", nullptr},
  };
  for (const Case& c : cases) {
    Result<model::Distro> d = ParseAlpineRelease(c.text);
    if (c.version_id == nullptr) {
      ASSERT_FALSE(d) << "'" << c.text << "'";
      EXPECT_EQ(d.error().code(), ErrorCode::kCorrupt);
    } else {
      ASSERT_TRUE(d) << "'" << c.text << "'";
      EXPECT_EQ(*d, MakeDistro("alpine", c.version_id, "")) << "'" << c.text << "'";
    }
  }
}

TEST(OsReleaseExtractorTest, DebianVersion) {
  struct Case {
    const char* text;
    bool ok;
    model::Distro want;
  };
  const Case cases[] = {
      {"12.7\n", true, MakeDistro("debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12.7")},
      {"12.15\n", true, MakeDistro("debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12.15")},
      {"9.13\n", true, MakeDistro("debian", "9", "stretch", "Debian GNU/Linux", "Debian GNU/Linux 9.13")},
      {"10.13\n", true, MakeDistro("debian", "10", "buster", "Debian GNU/Linux", "Debian GNU/Linux 10.13")},
      {"11.11\n", true, MakeDistro("debian", "11", "bullseye", "Debian GNU/Linux", "Debian GNU/Linux 11.11")},
      {"13.1\n", true, MakeDistro("debian", "13", "trixie", "Debian GNU/Linux", "Debian GNU/Linux 13.1")},
      {"13\n", true, MakeDistro("debian", "13", "trixie", "Debian GNU/Linux", "Debian GNU/Linux 13")},
      {"6.0.10\n", true, MakeDistro("debian", "6", "squeeze", "Debian GNU/Linux", "Debian GNU/Linux 6.0.10")},
      {"4.0\n", true, MakeDistro("debian", "4", "", "Debian GNU/Linux", "Debian GNU/Linux 4.0")},
      {"bookworm/sid\n", true, MakeDistro("debian", "", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux bookworm/sid")},
      {"trixie/sid", true, MakeDistro("debian", "", "trixie", "Debian GNU/Linux", "Debian GNU/Linux trixie/sid")},
      {"", false, {}},
      {"sid\n", false, {}},
      {"Bookworm/sid\n", false, {}},
      {"bookworm/testing\n", false, {}},
      {"12a.1\n", false, {}},
      {"/sid\n", false, {}},
  };
  for (const Case& c : cases) {
    Result<model::Distro> d = ParseDebianVersion(c.text);
    ASSERT_EQ(d.has_value(), c.ok) << "'" << c.text << "'";
    if (c.ok) {
      EXPECT_EQ(*d, c.want) << "'" << c.text << "'";
    } else {
      EXPECT_EQ(d.error().code(), ErrorCode::kCorrupt);
    }
  }
}

TEST(OsReleaseExtractorTest, RedHatRelease) {
  struct Case {
    const char* text;
    const char* id;  // "" when an error is expected
    const char* version_id;
    const char* name;
    ErrorCode error = ErrorCode::kInternal;
  };
  const Case cases[] = {
      {"CentOS Linux release 7.9.2009 (Core)\n", "centos", "7", "CentOS Linux"},
      {"CentOS Linux release 8.5.2111\n", "centos", "8", "CentOS Linux"},
      {"CentOS release 6.10 (Final)\n", "centos", "6", "CentOS"},
      {"CentOS Stream release 9\n", "centos", "9", "CentOS Stream"},
      {"Red Hat Enterprise Linux release 8.6 (Ootpa)\n", "rhel", "8.6", "Red Hat Enterprise Linux"},
      {"Red Hat Enterprise Linux Server release 7.9 (Maipo)\n", "rhel", "7.9", "Red Hat Enterprise Linux Server"},
      {"Amazon Linux release 2 (Karoo)\n", "amzn", "2", "Amazon Linux"},
      {"Amazon Linux AMI release 2018.03\n", "amzn", "2018.03", "Amazon Linux AMI"},
      {"Amazon Linux release 2023.5.20240805 (Amazon Linux)\n", "amzn", "2023", "Amazon Linux"},
      {"Fedora release 39 (Thirty Nine)\n", "fedora", "39", "Fedora"},
      {"Rocky Linux release 8.8 (Green Obsidian)\n", "rocky", "8.8", "Rocky Linux"},
      {"AlmaLinux release 9.2 (Turquoise Kodkod)\n", "almalinux", "9.2", "AlmaLinux"},
      {"Oracle Linux Server release 8.7\n", "ol", "8.7", "Oracle Linux Server"},
      {"Scientific Linux release 7.9 (Nitrogen)\n", "", "", "", ErrorCode::kUnsupported},
      {"Mageia release 9 (Official) for x86_64\n", "", "", "", ErrorCode::kUnsupported},
      {"garbage\n", "", "", "", ErrorCode::kCorrupt},
      {"Fedora release (Thirty Nine)\n", "", "", "", ErrorCode::kCorrupt},
      {"", "", "", "", ErrorCode::kCorrupt},
  };
  for (const Case& c : cases) {
    Result<model::Distro> d = ParseRedHatRelease(c.text);
    if (std::string_view(c.id).empty()) {
      ASSERT_FALSE(d) << c.text;
      EXPECT_EQ(d.error().code(), c.error) << c.text;
      continue;
    }
    ASSERT_TRUE(d) << c.text << ": " << d.error().message();
    std::string line(c.text);
    line.pop_back();
    EXPECT_EQ(*d, MakeDistro(c.id, c.version_id, "", c.name, line)) << c.text;
  }
}

TEST(OsReleaseExtractorTest, EachKindThroughTheExtractor) {
  struct Case {
    const char* path;
    const char* text;
    const char* id;
    const char* version_id;
  };
  const Case cases[] = {
      {"/etc/os-release", "ID=fedora\nVERSION_ID=39\n", "fedora", "39"},
      {"/usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n", "debian", "12"},
      {"/etc/alpine-release", "3.20.3\n", "alpine", "3.20.3"},
      {"/etc/debian_version", "12.7\n", "debian", "12"},
      {"/etc/redhat-release", "Red Hat Enterprise Linux release 8.6 (Ootpa)\n", "rhel", "8.6"},
      {"/etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n", "centos", "7"},
      {"/etc/system-release", "Amazon Linux release 2 (Karoo)\n", "amzn", "2"},
  };
  for (const Case& c : cases) {
    RecordingSink sink;
    ASSERT_TRUE(Extract(c.path, c.text, sink)) << c.path;
    ASSERT_EQ(sink.distros.size(), 1u) << c.path;
    EXPECT_EQ(sink.distros[0].path, c.path);
    EXPECT_EQ(sink.distros[0].distro.id, c.id) << c.path;
    EXPECT_EQ(sink.distros[0].distro.version_id, c.version_id) << c.path;
    EXPECT_TRUE(sink.warnings.empty()) << c.path;
  }
}

TEST(OsReleaseExtractorTest, BadOneLineFilesAreCleanErrors) {
  struct Case {
    const char* path;
    std::string text;
    ErrorCode code;
  };
  const Case cases[] = {
      {"/etc/alpine-release", "not a version\n", ErrorCode::kCorrupt},
      {"/etc/debian_version", std::string("\x00\x01\x02", 3), ErrorCode::kCorrupt},
      {"/etc/redhat-release", "Slackware 15.0\n", ErrorCode::kCorrupt},
      {"/etc/system-release", "Unknown Linux release 1\n", ErrorCode::kUnsupported},
      {"/etc/alpine-release", std::string(kMaxReleaseFileBytes + 1, '3'), ErrorCode::kLimitExceeded},
  };
  for (const Case& c : cases) {
    RecordingSink sink;
    Status st = Extract(c.path, c.text, sink);
    ASSERT_FALSE(st) << c.path;
    EXPECT_EQ(st.error().code(), c.code) << c.path << ": " << st.error().message();
    EXPECT_TRUE(sink.distros.empty());
  }
}

TEST(OsReleaseExtractorTest, DebianCodenames) {
  EXPECT_EQ(DebianCodename("9"), "stretch");
  EXPECT_EQ(DebianCodename("10"), "buster");
  EXPECT_EQ(DebianCodename("11"), "bullseye");
  EXPECT_EQ(DebianCodename("12"), "bookworm");
  EXPECT_EQ(DebianCodename("13"), "trixie");
  EXPECT_EQ(DebianCodename("1"), "");
  EXPECT_EQ(DebianCodename(""), "");
  EXPECT_EQ(DebianCodename("012"), "");
}

}  // namespace
}  // namespace hullscan::extract::os_release
