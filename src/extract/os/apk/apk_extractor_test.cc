#include "extract/os/apk/apk_extractor.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "testing/testing.h"

namespace hullscan::extract::apk {
namespace {

using common::Info;
using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;

constexpr const char* kPath = "/lib/apk/db/installed";

// One apk row of an expected/*.packages.tsv (shared/images/README.md).
struct Row {
  std::string name, version, arch, origin, path;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.name << " " << r.version << " " << r.arch << " " << r.origin << " " << r.path;
}

std::vector<Row> ExpectedApkRows(const std::string& tsv_path) {
  std::vector<Row> rows;
  std::istringstream in(ReadTestFile(tsv_path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 7 || cols[0] != "apk") continue;
    std::map<std::string, std::string> extra;
    std::stringstream es(cols[6]);
    std::string kv;
    while (std::getline(es, kv, ';')) {
      size_t eq = kv.find('=');
      if (eq != std::string::npos) extra[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    rows.push_back(Row{cols[1], cols[2], extra["arch"], extra["origin"], cols[4]});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
  return rows;
}

std::vector<Row> RowsOf(const std::vector<model::Package>& pkgs) {
  std::vector<Row> rows;
  for (const model::Package& p : pkgs) rows.push_back(Row{p.name, p.version, p.arch, p.source_name, p.path});
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
  return rows;
}

Status ExtractFile(const std::string& fixture, RecordingSink& sink, const std::string& path = kPath) {
  auto extractor = NewApkExtractor();
  return common::ExtractFromMemory(*extractor, path, ReadTestFile(fixture), sink);
}

Status ExtractText(std::string text, RecordingSink& sink) {
  auto extractor = NewApkExtractor();
  return common::ExtractFromMemory(*extractor, kPath, std::move(text), sink);
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

TEST(ApkExtractorTest, NameAndVersion) {
  auto e = NewApkExtractor();
  EXPECT_EQ(e->name(), "os/apk");
  EXPECT_EQ(e->version(), 2);
}

TEST(ApkExtractorTest, Wants) {
  const common::WantsCase cases[] = {
      {"installed", "/lib/apk/db/installed", layer::EntryType::kRegular, true},
      {"merged /usr", "/usr/lib/apk/db/installed", layer::EntryType::kRegular, true},
      {"below installed", "/lib/apk/db/installed/x", layer::EntryType::kRegular, false},
      {"installed dir", "/lib/apk/db/installed", layer::EntryType::kDirectory, false},
      {"installed symlink", "/lib/apk/db/installed", layer::EntryType::kSymlink, false},
      {"nested root", "/foo/lib/apk/db/installed", layer::EntryType::kRegular, false},
      {"relative", "lib/apk/db/installed", layer::EntryType::kRegular, false},
      {"installed.new", "/lib/apk/db/installed.new", layer::EntryType::kRegular, false},
      {"lock", "/lib/apk/db/lock", layer::EntryType::kRegular, false},
      {"triggers", "/lib/apk/db/triggers", layer::EntryType::kRegular, false},
      {"scripts", "/lib/apk/db/scripts.tar", layer::EntryType::kRegular, false},
      {"world", "/etc/apk/world", layer::EntryType::kRegular, false},
      {"uvol db", "/lib/apk/db-uvol/installed", layer::EntryType::kRegular, false},
  };
  auto e = NewApkExtractor();
  common::ExpectWants(*e, cases);
}

TEST(ApkExtractorTest, Alpine320MatchesExpected) {
  std::string db = SharedPath("fixtures/apk/alpine-3.20.3-x86_64.installed");
  std::string tsv = SharedPath("images/expected/alpine-base.packages.tsv");
  HS_REQUIRE_PATH(db);
  HS_REQUIRE_PATH(tsv);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(db, sink));
  EXPECT_TRUE(sink.warnings.empty());
  ASSERT_EQ(sink.packages.size(), 14u);
  EXPECT_EQ(RowsOf(sink.packages), ExpectedApkRows(tsv));

  const model::Package& first = sink.packages[0];
  EXPECT_EQ(first.type, model::PackageType::kApk);
  EXPECT_EQ(first.name, "alpine-baselayout");
  EXPECT_EQ(first.version, "3.6.5-r0");
  EXPECT_EQ(first.source_name, "alpine-baselayout");
  EXPECT_EQ(first.source_version, "3.6.5-r0");
  EXPECT_EQ(first.license, "GPL-2.0-only");
  EXPECT_EQ(first.maintainer, "Natanael Copa <ncopa@alpinelinux.org>");
  EXPECT_EQ(first.extractor, "os/apk");
  auto libssl = std::find_if(sink.packages.begin(), sink.packages.end(),
                             [](const model::Package& p) { return p.name == "libssl3"; });
  ASSERT_NE(libssl, sink.packages.end());
  EXPECT_EQ(libssl->source_name, "openssl");
  EXPECT_EQ(libssl->source_version, "3.3.2-r0");

  // F:/R: lines: files where language packages may live, with their owner.
  auto busybox = std::find(sink.owned_files.begin(), sink.owned_files.end(), model::OwnedFile{"/bin/busybox", "busybox"});
  EXPECT_NE(busybox, sink.owned_files.end());
  for (const model::OwnedFile& f : sink.owned_files) {
    EXPECT_TRUE(f.path.find("/bin/") != std::string::npos || f.path.find("/sbin/") != std::string::npos ||
                f.path.find("/libexec/") != std::string::npos)
        << f.path << " (a minirootfs holds no language manifests)";
  }
}

TEST(ApkExtractorTest, Alpine312MatchesExpected) {
  std::string db = SharedPath("fixtures/apk/alpine-3.12.12-x86_64.installed");
  std::string tsv = SharedPath("images/expected/alpine-old.packages.tsv");
  HS_REQUIRE_PATH(db);
  HS_REQUIRE_PATH(tsv);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(db, sink));
  EXPECT_TRUE(sink.warnings.empty());
  ASSERT_EQ(sink.packages.size(), 14u);
  EXPECT_EQ(RowsOf(sink.packages), ExpectedApkRows(tsv));
}

TEST(ApkExtractorTest, EveryMinirootfsRelease) {
  struct Case {
    const char* version;
    uint64_t packages;
  };
  const Case cases[] = {
      {"3.6.5", 13},   {"3.7.3", 13},   {"3.8.5", 13},   {"3.9.6", 14},   {"3.10.9", 14},
      {"3.11.13", 14}, {"3.12.12", 14}, {"3.13.12", 14}, {"3.14.10", 14}, {"3.15.11", 14},
      {"3.16.9", 14},  {"3.17.10", 15}, {"3.18.9", 15},  {"3.19.4", 15},  {"3.20.3", 14},
      {"20240923", 14},
  };
  for (const Case& c : cases) {
    std::string db = SharedPath(std::string("fixtures/apk/alpine-") + c.version + "-x86_64.installed");
    HS_REQUIRE_PATH(db);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(db, sink)) << c.version;
    EXPECT_EQ(sink.packages.size(), c.packages) << c.version;
    EXPECT_TRUE(sink.warnings.empty()) << c.version;
    for (const model::Package& p : sink.packages) {
      EXPECT_EQ(p.arch, "x86_64") << c.version << " " << p.name;
      EXPECT_FALSE(p.source_name.empty()) << c.version << " " << p.name;
    }
  }
}

TEST(ApkExtractorTest, UpstreamFixtures) {
  struct Case {
    const char* fixture;
    std::vector<std::string> packages;
    uint64_t warnings;
  };
  const Case cases[] = {
      {"scalibr-single.installed", {"alpine-baselayout-data"}, 0},
      {"scalibr-different-arch.installed", {"alpine-baselayout-data"}, 0},
      {"scalibr-no-origin.installed", {"pkgname"}, 0},
      {"syft-single.installed", {"musl-utils"}, 0},
      {"syft-base.installed", {"alpine-baselayout"}, 0},
      {"syft-empty-deps-and-provides.installed", {"alpine-baselayout-data"}, 0},
      {"syft-extra-file-attributes.installed", {"openjdk8-jre"}, 0},
  };
  for (const Case& c : cases) {
    std::string f = SharedPath(std::string("fixtures/apk/") + c.fixture);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(f, sink)) << c.fixture;
    EXPECT_EQ(Names(sink), c.packages) << c.fixture;
    EXPECT_EQ(sink.warnings.size(), c.warnings) << c.fixture;
  }
}

TEST(ApkExtractorTest, UpstreamMultiPackageCounts) {
  struct Case {
    const char* fixture;
    uint64_t packages;
  };
  const Case cases[] = {{"scalibr-installed.installed", 15}, {"syft-multiple-2.installed", 14}};
  for (const Case& c : cases) {
    std::string f = SharedPath(std::string("fixtures/apk/") + c.fixture);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(ExtractFile(f, sink)) << c.fixture;
    EXPECT_EQ(sink.packages.size(), c.packages) << c.fixture;
    EXPECT_TRUE(sink.warnings.empty()) << c.fixture;
  }
}

TEST(ApkExtractorTest, FieldsOfOnePackage) {
  std::string f = SharedPath("fixtures/apk/syft-single.installed");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, sink, "/usr/lib/apk/db/installed"));
  ASSERT_EQ(sink.packages.size(), 1u);
  const model::Package& p = sink.packages[0];
  EXPECT_EQ(p.name, "musl-utils");
  EXPECT_EQ(p.version, "1.1.24-r2");
  EXPECT_EQ(p.arch, "x86_64");
  EXPECT_EQ(p.source_name, "musl");
  EXPECT_EQ(p.source_version, "1.1.24-r2");
  EXPECT_EQ(p.license, "MIT BSD GPL2+");
  EXPECT_EQ(p.maintainer, "Timo Teräs <timo.teras@iki.fi>");
  EXPECT_EQ(p.path, "/usr/lib/apk/db/installed");
}

TEST(ApkExtractorTest, NoOriginMeansItsOwnOrigin) {
  std::string f = SharedPath("fixtures/apk/scalibr-no-origin.installed");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, sink));
  ASSERT_EQ(sink.packages.size(), 1u);
  EXPECT_EQ(sink.packages[0].source_name, "pkgname");
  EXPECT_EQ(sink.packages[0].license, "GPL-2.0-only");
  EXPECT_EQ(sink.packages[0].maintainer, "");
}

TEST(ApkExtractorTest, TrivyRecordWithoutVersionIsWarned) {
  std::string f = SharedPath("fixtures/apk/trivy-apk.installed");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, sink));
  EXPECT_EQ(sink.packages.size(), 15u);
  EXPECT_EQ(WarningMessages(sink), std::vector<std::string>{
                                       "line 23: package 'invalidPackageWithoutAVersion' has no 'V:' line; skipped"});
  EXPECT_EQ(sink.warnings[0].path, kPath);
  EXPECT_EQ(sink.warnings[0].error.code(), ErrorCode::kCorrupt);
}

TEST(ApkExtractorTest, InvalidFileIsOneCleanError) {
  std::string f = SharedPath("fixtures/apk/bad/scalibr-invalid.installed");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  Status st = ExtractFile(f, sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(st.error().message(), "not an apk installed database (no 'X:value' line): line 1: not an 'X:value' line: 'asdf'");
  EXPECT_TRUE(sink.packages.empty());
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(ApkExtractorTest, CorruptHeaderIsWarnedAndTheRestRead) {
  std::string f = SharedPath("fixtures/apk/bad/syft-corrupt.installed");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(ExtractFile(f, sink));
  EXPECT_EQ(Names(sink), std::vector<std::string>{"alpine-baselayout-data"});
  EXPECT_EQ(WarningMessages(sink),
            std::vector<std::string>{"line 1: not an 'X:value' line: 'this is a corrupt db'"});
}

TEST(ApkExtractorTest, HandWrittenInputs) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> packages;
    std::vector<std::string> warnings;
  };
  const Case cases[] = {
      {"empty", "", {}, {}},
      {"blank lines only", "\n\n \n\t\n", {}, {}},
      {"no final newline", "P:a\nV:1", {"a"}, {}},
      {"crlf", "P:a\r\nV:1\r\nA:x86_64\r\n\r\nP:b\r\nV:2\r\n", {"a", "b"}, {}},
      {"many blank lines between", "\n\nP:a\nV:1\n\n\n\n\nP:b\nV:2\n\n\n", {"a", "b"}, {}},
      {"no P", "V:1\nA:x86_64\n\nP:b\nV:2\n", {"b"}, {"line 1: record has no 'P:' line; skipped"}},
      {"empty V", "P:a\nV:\n", {}, {"line 1: package 'a' has no 'V:' line; skipped"}},
      {"duplicate P", "P:a\nP:b\nV:1\n", {"a"}, {"line 2: duplicate 'P:' line ignored"}},
      {"one-byte line", "P:a\nx\nV:1\n", {"a"}, {"line 2: not an 'X:value' line: 'x'"}},
      {"other keys ignored", "C:Q1abc=\nP:a\nV:1\nF:usr\nR:file\na:0:0:755\nZ:Q1x=\nM:0:0:755\n", {"a"}, {}},
  };
  for (const Case& c : cases) {
    RecordingSink sink;
    ASSERT_TRUE(ExtractText(c.text, sink)) << c.name;
    EXPECT_EQ(Names(sink), c.packages) << c.name;
    EXPECT_EQ(WarningMessages(sink), c.warnings) << c.name;
  }
}

TEST(ApkExtractorTest, WarningsAreBounded) {
  std::string text = "P:a\nV:1\n";
  for (int i = 0; i < 500; ++i) text += "not a line\n";
  RecordingSink sink;
  ASSERT_TRUE(ExtractText(text, sink));
  EXPECT_EQ(Names(sink), std::vector<std::string>{"a"});
  ASSERT_EQ(sink.warnings.size(), 101u);
  EXPECT_EQ(sink.warnings[100].error.message(), "400 more warnings suppressed after the first 100");
}

TEST(ApkExtractorTest, FileOverTheLimitIsAnError) {
  Limits limits;
  limits.max_file_bytes = 4;
  auto extractor = NewApkExtractor();
  RecordingSink sink;
  Status st = common::ExtractFromMemory(*extractor, kPath, "P:a\nV:1\n", sink, limits);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::apk
