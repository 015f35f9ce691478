#include "extract/os/dpkg/dpkg_extractor.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "testing/testing.h"

namespace hullscan::extract::dpkg {
namespace {

using common::Info;
using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;

// One row of an expected/*.packages.tsv (shared/images/README.md), deb rows only.
struct Row {
  std::string name, version, arch, source, source_version, path;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.name << " " << r.version << " " << r.arch << " " << r.source << " " << r.source_version
            << " " << r.path;
}

std::vector<Row> ExpectedDebRows(const std::string& tsv_path) {
  std::vector<Row> rows;
  std::istringstream in(ReadTestFile(tsv_path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 7 || cols[0] != "deb") continue;
    std::map<std::string, std::string> extra;
    std::stringstream es(cols[6]);
    std::string kv;
    while (std::getline(es, kv, ';')) {
      size_t eq = kv.find('=');
      if (eq != std::string::npos) extra[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    rows.push_back(Row{cols[1], cols[2], extra["arch"], extra["source"], extra["source_version"], cols[4]});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
  return rows;
}

std::vector<Row> RowsOf(const std::vector<model::Package>& pkgs) {
  std::vector<Row> rows;
  for (const model::Package& p : pkgs) {
    rows.push_back(Row{p.name, p.version, p.arch, p.source_name, p.source_version, p.path});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
  return rows;
}

// Extracts a fixture file as if it were at `image_path` in a layer.
Status ExtractFile(const std::string& fixture, const std::string& image_path, RecordingSink& sink) {
  auto extractor = NewDpkgExtractor();
  return common::ExtractFromMemory(*extractor, image_path, ReadTestFile(fixture), sink);
}

Status ExtractText(std::string text, RecordingSink& sink, const std::string& path = "/var/lib/dpkg/status") {
  auto extractor = NewDpkgExtractor();
  return common::ExtractFromMemory(*extractor, path, std::move(text), sink);
}

std::vector<std::string> Names(const RecordingSink& sink) {
  std::vector<std::string> names;
  for (const model::Package& p : sink.packages) names.push_back(p.name);
  return names;
}

std::vector<std::string> WarningMessages(const RecordingSink& sink) {
  std::vector<std::string> out;
  for (const auto& w : sink.warnings) out.push_back(w.error.message());
  return out;
}

std::string LocalTestdata(const std::string& name) {
  return testing::SourceDir() + "/src/extract/os/dpkg/testdata/" + name;
}

TEST(DpkgExtractorTest, NameAndVersion) {
  auto e = NewDpkgExtractor();
  EXPECT_EQ(e->name(), "os/dpkg");
  EXPECT_EQ(e->version(), 2);
}

TEST(DpkgExtractorTest, Wants) {
  const common::WantsCase cases[] = {
      {"status", "/var/lib/dpkg/status", layer::EntryType::kRegular, true},
      {"status.d package", "/var/lib/dpkg/status.d/libc6", layer::EntryType::kRegular, true},
      {"status.d dotted package name", "/var/lib/dpkg/status.d/libglib2.0-0", layer::EntryType::kRegular, true},
      {"status.d multiarch-free name with plus", "/var/lib/dpkg/status.d/libstdc++6", layer::EntryType::kRegular, true},
      {"status.d md5sums (file list)", "/var/lib/dpkg/status.d/libc6.md5sums", layer::EntryType::kRegular, true},
      {"status.d list", "/var/lib/dpkg/status.d/libc6.list", layer::EntryType::kRegular, false},
      {"status.d conffiles", "/var/lib/dpkg/status.d/libc6.conffiles", layer::EntryType::kRegular, false},
      {"status.d postinst", "/var/lib/dpkg/status.d/libc6.postinst", layer::EntryType::kRegular, false},
      {"status.d hidden", "/var/lib/dpkg/status.d/.hidden", layer::EntryType::kRegular, false},
      {"status.d backup", "/var/lib/dpkg/status.d/libc6~", layer::EntryType::kRegular, false},
      {"status.d itself", "/var/lib/dpkg/status.d", layer::EntryType::kDirectory, false},
      {"status.d trailing slash", "/var/lib/dpkg/status.d/", layer::EntryType::kRegular, false},
      {"status.d subdirectory", "/var/lib/dpkg/status.d/sub/x", layer::EntryType::kRegular, false},
      {"status-old", "/var/lib/dpkg/status-old", layer::EntryType::kRegular, false},
      {"statusx", "/var/lib/dpkg/statusx", layer::EntryType::kRegular, false},
      {"status.dx", "/var/lib/dpkg/status.dx/libc6", layer::EntryType::kRegular, false},
      {"nested root", "/foo/var/lib/dpkg/status", layer::EntryType::kRegular, false},
      {"relative", "var/lib/dpkg/status", layer::EntryType::kRegular, false},
      {"available", "/var/lib/dpkg/available", layer::EntryType::kRegular, false},
      {"info md5sums", "/var/lib/dpkg/info/curl.md5sums", layer::EntryType::kRegular, false},
      {"info list", "/var/lib/dpkg/info/curl.list", layer::EntryType::kRegular, true},
      {"info multi-arch list", "/var/lib/dpkg/info/libssl3:amd64.list", layer::EntryType::kRegular, true},
      {"info list in a subdirectory", "/var/lib/dpkg/info/x/curl.list", layer::EntryType::kRegular, false},
      {"opkg status", "/usr/lib/opkg/status", layer::EntryType::kRegular, false},
      {"status as directory", "/var/lib/dpkg/status", layer::EntryType::kDirectory, false},
      {"status symlink", "/var/lib/dpkg/status", layer::EntryType::kSymlink, false},
  };
  auto e = NewDpkgExtractor();
  common::ExpectWants(*e, cases);
}

TEST(DpkgExtractorTest, IsInstalledStatus) {
  struct Case {
    const char* status;
    bool installed;
  };
  const Case cases[] = {
      {"install ok installed", true},       {"hold ok installed", true},
      {"install  ok\tinstalled", true},     {"deinstall ok installed", false},
      {"purge ok installed", false},        {"deinstall reinstreq installed", false},
      {"install reinstreq installed", false}, {"deinstall ok config-files", false},
      {"install ok unpacked", false},       {"install ok half-installed", false},
      {"install ok half-configured", false}, {"purge ok not-installed", false},
      {"install user installed", false},    {"install ok", false},
      {"install ok installed extra", false}, {"", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsInstalledStatus(c.status), c.installed) << "'" << c.status << "'";
}

TEST(DpkgExtractorTest, DebianMinbaseMatchesDpkgQuery) {
  std::string status = SharedPath("fixtures/dpkg/debian-12-minbase/var/lib/dpkg/status");
  std::string tsv = SharedPath("images/expected/debian-base.packages.tsv");
  HS_REQUIRE_PATH(status);
  HS_REQUIRE_PATH(tsv);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(status, "/var/lib/dpkg/status", sink));
  EXPECT_TRUE(sink.warnings.empty());
  ASSERT_EQ(sink.packages.size(), 88u);
  std::vector<Row> expected = ExpectedDebRows(tsv);
  ASSERT_EQ(expected.size(), 88u);
  EXPECT_EQ(RowsOf(sink.packages), expected);

  auto bsdutils = std::find_if(sink.packages.begin(), sink.packages.end(),
                               [](const model::Package& p) { return p.name == "bsdutils"; });
  ASSERT_NE(bsdutils, sink.packages.end());
  EXPECT_EQ(bsdutils->type, model::PackageType::kDeb);
  EXPECT_EQ(bsdutils->version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils->source_name, "util-linux");
  EXPECT_EQ(bsdutils->source_version, "2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils->maintainer, "util-linux packagers <util-linux@packages.debian.org>");
  EXPECT_EQ(bsdutils->license, "");
  EXPECT_EQ(bsdutils->extractor, "os/dpkg");
}

TEST(DpkgExtractorTest, DebianAppMatchesDpkgQuery) {
  std::string status = SharedPath("fixtures/dpkg/debian-12-app/var/lib/dpkg/status");
  std::string tsv = SharedPath("images/expected/debian-app.packages.tsv");
  HS_REQUIRE_PATH(status);
  HS_REQUIRE_PATH(tsv);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(status, "/var/lib/dpkg/status", sink));
  EXPECT_TRUE(sink.warnings.empty());
  ASSERT_EQ(sink.packages.size(), 146u);
  EXPECT_EQ(RowsOf(sink.packages), ExpectedDebRows(tsv));
}

// Walks the real status.d directory the way the runner walks a layer: Wants() picks the
// files, Extract() reads them.
TEST(DpkgExtractorTest, DistrolessStatusDMatchesDpkgDeb) {
  std::string dir = SharedPath("fixtures/dpkg/distroless-like/var/lib/dpkg/status.d");
  std::string tsv = SharedPath("images/expected/distroless-like.packages.tsv");
  HS_REQUIRE_PATH(dir);
  HS_REQUIRE_PATH(tsv);
  auto extractor = NewDpkgExtractor();
  RecordingSink sink;
  uint64_t files = 0;
  uint64_t wanted = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    std::string image_path = "/var/lib/dpkg/status.d/" + entry.path().filename().string();
    if (!extractor->Wants(Info(image_path))) continue;
    ++wanted;
    ASSERT_TRUE(common::ExtractFromMemory(*extractor, image_path, ReadTestFile(entry.path().string()), sink));
  }
  EXPECT_EQ(files, 10u);
  EXPECT_EQ(wanted, 10u);  // 5 control files + 5 md5sums file lists
  EXPECT_TRUE(sink.warnings.empty());
  EXPECT_EQ(RowsOf(sink.packages), ExpectedDebRows(tsv));
}

// dpkg's file lists: only paths where language packages may live are kept, with the owner
// named by the file (multi-arch suffix dropped).
TEST(DpkgExtractorTest, FileListsNameTheOwnerOfLanguageEvidence) {
  std::string list = SharedPath("fixtures/dpkg/debian-12-app/var/lib/dpkg/info/curl.list");
  HS_REQUIRE_PATH(list);
  auto e = NewDpkgExtractor();
  RecordingSink sink;
  ASSERT_TRUE(common::ExtractFromMemory(*e, "/var/lib/dpkg/info/curl.list", ReadTestFile(list), sink));
  EXPECT_TRUE(sink.packages.empty());
  ASSERT_EQ(sink.owned_files.size(), 1u);
  EXPECT_EQ(sink.owned_files[0], (model::OwnedFile{"/usr/bin/curl", "curl"}));

  RecordingSink sink2;
  ASSERT_TRUE(common::ExtractFromMemory(*e, "/var/lib/dpkg/info/python3-urllib3:all.list",
                                        "/.\n/usr\n/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info\n"
                                        "/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO\n"
                                        "/usr/lib/python3/dist-packages/urllib3/__init__.py\n",
                                        sink2));
  ASSERT_EQ(sink2.owned_files.size(), 2u);
  EXPECT_EQ(sink2.owned_files[0].path, "/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info");
  EXPECT_EQ(sink2.owned_files[1], (model::OwnedFile{"/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO",
                                                    "python3-urllib3"}));

  // distroless: status.d/<pkg>.md5sums, paths relative to /.
  RecordingSink sink3;
  ASSERT_TRUE(common::ExtractFromMemory(*e, "/var/lib/dpkg/status.d/tool.md5sums",
                                        "0123456789abcdef0123456789abcdef  usr/bin/tool\n"
                                        "0123456789abcdef0123456789abcdef  usr/share/doc/tool/copyright\n"
                                        "garbage line\n",
                                        sink3));
  ASSERT_EQ(sink3.owned_files.size(), 1u);
  EXPECT_EQ(sink3.owned_files[0], (model::OwnedFile{"/usr/bin/tool", "tool"}));
}

TEST(DpkgExtractorTest, SyftDistrolessArm64) {
  std::string f = SharedPath("fixtures/dpkg/syft-distroless-arm64/var/lib/dpkg/status.d/libsqlite3-0");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status.d/libsqlite3-0", sink));
  ASSERT_EQ(sink.packages.size(), 1u);
  const model::Package& p = sink.packages[0];
  EXPECT_EQ(p.name, "libsqlite3-0");
  EXPECT_EQ(p.version, "3.34.1-3");
  EXPECT_EQ(p.arch, "arm64");
  EXPECT_EQ(p.source_name, "sqlite3");
  EXPECT_EQ(p.source_version, "3.34.1-3");
  EXPECT_EQ(p.path, "/var/lib/dpkg/status.d/libsqlite3-0");
}

TEST(DpkgExtractorTest, ScalibrEdgeCases) {
  struct Case {
    const char* name;
    const char* fixture;
    std::vector<std::string> packages;
    uint64_t warnings;
  };
  const Case cases[] = {
      {"single", "scalibr-single.status", {"acl"}, 0},
      {"valid", "scalibr-valid.status",
       {"accountsservice", "acl", "adduser", "admin-session", "attr", "libacl1", "util-linux-extra"},
       0},
      {"trailing newlines", "scalibr-trailingnewlines.status", {"acl"}, 0},
      {"transitional", "scalibr-transitional.status", {"iceweasel"}, 0},
      {"transitional dummy", "scalibr-transitional_dummy.status", {"git-core"}, 0},
      {"transitional empty", "scalibr-transitional_empty.status", {"runit-systemd"}, 0},
      {"status field", "scalibr-statusfield.status", {"wantinstall_installed", "wantnostatus"}, 0},
      {"no version", "scalibr-noversion.status", {"foo", "bar"}, 1},
      {"no package", "scalibr-nopackage.status", {"foo", "bar"}, 1},
  };
  for (const Case& c : cases) {
    std::string f = SharedPath(std::string("fixtures/dpkg/") + c.fixture);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink)) << c.name;
    EXPECT_EQ(Names(sink), c.packages) << c.name;
    EXPECT_EQ(sink.warnings.size(), c.warnings) << c.name;
  }
}

TEST(DpkgExtractorTest, ScalibrNoVersionWarnsWithLine) {
  std::string f = SharedPath("fixtures/dpkg/scalibr-noversion.status");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink));
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].path, "/var/lib/dpkg/status");
  EXPECT_EQ(sink.warnings[0].error.code(), ErrorCode::kCorrupt);
  EXPECT_EQ(sink.warnings[0].error.message(), "line 5: package 'acl' has no 'Version' field; skipped");
}

TEST(DpkgExtractorTest, ScalibrNoPackageWarnsWithLine) {
  std::string f = SharedPath("fixtures/dpkg/scalibr-nopackage.status");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink));
  EXPECT_EQ(WarningMessages(sink), std::vector<std::string>{"line 5: stanza has no 'Package' field; skipped"});
}

TEST(DpkgExtractorTest, TransitionalKeepsEpochAndSource) {
  std::string f = SharedPath("fixtures/dpkg/scalibr-transitional_dummy.status");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink));
  ASSERT_EQ(sink.packages.size(), 1u);
  EXPECT_EQ(sink.packages[0].version, "1:2.14.2-1");
  EXPECT_EQ(sink.packages[0].arch, "all");
  EXPECT_EQ(sink.packages[0].source_name, "git");
  EXPECT_EQ(sink.packages[0].source_version, "1:2.14.2-1");
  EXPECT_EQ(sink.packages[0].maintainer, "Gerrit Pape <pape@smarden.org>");
}

TEST(DpkgExtractorTest, SyftStatusDFiles) {
  struct Case {
    const char* name;
    std::vector<std::string> packages;
    uint64_t warnings;
  };
  const Case cases[] = {
      {"single", {"apt"}, 0},
      {"installed-size-4KB", {"apt"}, 0},
      {"deinstall", {"linux-image-6.14.0-1012-aws"}, 0},
      {"multiple", {"tzdata", "util-linux"}, 2},
      {"coreutils-relationships",
       {"coreutils", "libacl1", "libc6", "libgcc-s1", "gcc-12-base", "libattr1", "libgmp10", "libselinux1",
        "libpcre2-8-0"},
       0},
      {"libpam-runtime", {"libpam-runtime"}, 5},
      {"doc-examples",
       {"mutt", "made-up-package-1", "made-up-package-2", "made-up-package-3", "made-up-package-4"}, 11},
  };
  for (const Case& c : cases) {
    std::string f = SharedPath(std::string("fixtures/dpkg/syft-status.d/") + c.name);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(f, std::string("/var/lib/dpkg/status.d/") + c.name, sink)) << c.name;
    EXPECT_EQ(Names(sink), c.packages) << c.name;
    EXPECT_EQ(sink.warnings.size(), c.warnings) << c.name;
  }
}

TEST(DpkgExtractorTest, SourceWithVersionInParentheses) {
  std::string f = SharedPath("fixtures/dpkg/syft-status.d/coreutils-relationships");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status.d/coreutils", sink));
  std::map<std::string, model::Package> by_name;
  for (const model::Package& p : sink.packages) by_name[p.name] = p;
  EXPECT_EQ(by_name["libselinux1"].version, "3.4-1+b6");
  EXPECT_EQ(by_name["libselinux1"].source_name, "libselinux");
  EXPECT_EQ(by_name["libselinux1"].source_version, "3.4-1");
  EXPECT_EQ(by_name["libgmp10"].version, "2:6.2.1+dfsg1-1.1");
  EXPECT_EQ(by_name["libgmp10"].source_version, "2:6.2.1+dfsg1-1.1");
  EXPECT_EQ(by_name["coreutils"].source_name, "coreutils");
  EXPECT_EQ(by_name["coreutils"].arch, "arm64");
}

TEST(DpkgExtractorTest, SyftImageDpkgEmptyPackageField) {
  std::string f = SharedPath("fixtures/dpkg/syft-image-dpkg/var/lib/dpkg/status");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink));
  EXPECT_EQ(Names(sink), std::vector<std::string>{"libpam-runtime"});
  EXPECT_EQ(WarningMessages(sink), std::vector<std::string>{"line 1: stanza has no 'Package' field; skipped"});
  EXPECT_EQ(sink.packages[0].source_name, "pam");
  EXPECT_EQ(sink.packages[0].source_version, "1.1.8-3.6");
}

TEST(DpkgExtractorTest, ClaircoreStatusFiles) {
  struct Case {
    const char* fixture;
    uint64_t packages;
    uint64_t warnings;
  };
  const Case cases[] = {
      {"claircore-debian-only.status", 1, 0},
      {"claircore-postgresql.status", 3, 0},
      {"claircore-texlive.status", 357, 0},
      // vcpkg reuses the format; its 9 "Feature:" stanzas have no Version.
      {"claircore-vcpkg.status", 15, 9},
  };
  for (const Case& c : cases) {
    std::string f = SharedPath(std::string("fixtures/dpkg/") + c.fixture);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink)) << c.fixture;
    EXPECT_EQ(sink.packages.size(), c.packages) << c.fixture;
    EXPECT_EQ(sink.warnings.size(), c.warnings) << c.fixture;
  }
}

// opkg (OpenWrt) writes the same format; "install user installed" is not dpkg's installed.
TEST(DpkgExtractorTest, OpkgStatusFilesParse) {
  std::string valid = SharedPath("fixtures/dpkg/opkg/scalibr-valid.status");
  std::string syft = SharedPath("fixtures/dpkg/opkg/syft.status");
  HS_REQUIRE_PATH(valid);
  HS_REQUIRE_PATH(syft);
  RecordingSink a;
  ASSERT_TRUE(ExtractFile(valid, "/var/lib/dpkg/status", a));
  EXPECT_EQ(a.packages.size(), 3u);
  EXPECT_TRUE(a.warnings.empty());
  RecordingSink b;
  ASSERT_TRUE(ExtractFile(syft, "/var/lib/dpkg/status", b));
  EXPECT_TRUE(b.packages.empty());
  EXPECT_TRUE(b.warnings.empty());
}

TEST(DpkgExtractorTest, InvalidFileIsOneCleanError) {
  std::string f = SharedPath("fixtures/dpkg/bad/scalibr-invalid.status");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  Status st = ExtractFile(f, "/var/lib/dpkg/status", sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(st.error().message(),
            "not a dpkg control file (no well-formed stanza): line 1: not a 'Field: value' line: 'asdf'");
  EXPECT_TRUE(sink.packages.empty());
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(DpkgExtractorTest, CorruptStatusDFileWarns) {
  std::string f = SharedPath("fixtures/dpkg/bad/syft-status.d-corrupt");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status.d/corrupt", sink));
  EXPECT_TRUE(sink.packages.empty());
  EXPECT_EQ(WarningMessages(sink),
            (std::vector<std::string>{
                "line 5: not a 'Field: value' line: 'Insterface to the configuration settings'",
                "line 1: stanza has no 'Package' field; skipped",
            }));
}

TEST(DpkgExtractorTest, HandWrittenTestdata) {
  struct Case {
    const char* file;
    std::vector<std::string> packages;
    std::vector<std::string> warnings;
  };
  const Case cases[] = {
      {"empty", {}, {}},
      {"blank-lines", {}, {}},
      {"crlf.status", {"hello", "held"}, {}},
      {"truncated.status", {"complete", "cut"}, {}},
      {"no-final-newline.status", {"last"}, {}},
      {"multiline-version.status",
       {"fine"},
       {"line 2: field 'Version' spans several lines",
        "line 1: package 'broken' has no 'Version' field; skipped"}},
  };
  for (const Case& c : cases) {
    std::string f = LocalTestdata(c.file);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink)) << c.file;
    EXPECT_EQ(Names(sink), c.packages) << c.file;
    EXPECT_EQ(WarningMessages(sink), c.warnings) << c.file;
  }
}

TEST(DpkgExtractorTest, CrlfValuesHaveNoCarriageReturn) {
  std::string f = LocalTestdata("crlf.status");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, "/var/lib/dpkg/status", sink));
  ASSERT_EQ(sink.packages.size(), 2u);
  EXPECT_EQ(sink.packages[0].version, "2.12-1");
  EXPECT_EQ(sink.packages[0].arch, "amd64");
  EXPECT_EQ(sink.packages[0].source_name, "hello-src");
  EXPECT_EQ(sink.packages[0].source_version, "2.12");
  EXPECT_EQ(sink.packages[1].version, "1.0");
}

TEST(DpkgExtractorTest, WarningsAreBounded) {
  std::string text = "Package: ok\nVersion: 1\n\n";
  for (int i = 0; i < 1000; ++i) text += "junk line\n";
  RecordingSink sink;
  ASSERT_TRUE(ExtractText(text, sink));
  EXPECT_EQ(Names(sink), std::vector<std::string>{"ok"});
  ASSERT_EQ(sink.warnings.size(), 101u);
  EXPECT_EQ(sink.warnings[0].error.message(), "line 4: not a 'Field: value' line: 'junk line'");
  EXPECT_EQ(sink.warnings[100].error.code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(sink.warnings[100].error.message(), "900 more warnings suppressed after the first 100");
}

TEST(DpkgExtractorTest, FileOverTheLimitIsAnError) {
  Limits limits;
  limits.max_file_bytes = 16;
  auto extractor = NewDpkgExtractor();
  RecordingSink sink;
  Status st = common::ExtractFromMemory(*extractor, "/var/lib/dpkg/status",
                                        "Package: a\nVersion: 1\n\nPackage: b\nVersion: 2\n", sink, limits);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(sink.packages.empty());
}

TEST(DpkgExtractorTest, OversizedStanzaIsSkippedWithAWarning) {
  std::string text = "Package: big\nVersion: 1\nDescription: x\n";
  std::string line = " " + std::string(1023, 'y') + "\n";
  for (int i = 0; i < 5 * 1024; ++i) text += line;  // 5 MiB, over the 4 MiB stanza limit
  text += "\nPackage: small\nVersion: 2\n";
  RecordingSink sink;
  ASSERT_TRUE(ExtractText(text, sink));
  EXPECT_EQ(Names(sink), std::vector<std::string>{"small"});
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].error.code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::dpkg
