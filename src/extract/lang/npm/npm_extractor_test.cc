#include "extract/lang/npm/npm_extractor.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/npm/npm_lockfiles.h"
#include "testing/testing.h"

namespace hullscan::extract::npm {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::NameVersion;
using common::Pairs;

std::string Fixture(const std::string& rel) { return SharedPath("fixtures/lang/" + rel); }

const common::ExtractWith Extract(NewNpmExtractor);

TEST(NpmExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewNpmExtractor(), "lang/npm", 2); }

TEST(NpmExtractorTest, Wants) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"lock", "/app/package-lock.json", EntryType::kRegular, true},
      {"shrinkwrap", "/app/npm-shrinkwrap.json", EntryType::kRegular, true},
      {"yarn", "/srv/yarn.lock", EntryType::kRegular, true},
      {"pnpm", "/srv/pnpm-lock.yaml", EntryType::kRegular, true},
      {"installed", "/app/node_modules/express/package.json", EntryType::kRegular, true},
      {"installed scoped", "/app/node_modules/@babel/parser/package.json", EntryType::kRegular, true},
      {"installed nested", "/app/node_modules/a/node_modules/b/package.json", EntryType::kRegular, true},
      {"bundled npm", "/usr/lib/node_modules/npm/package.json", EntryType::kRegular, true},
      {"bundled npm local", "/usr/local/lib/node_modules/npm/package.json", EntryType::kRegular, true},
      {"npm's own deps", "/usr/lib/node_modules/npm/node_modules/semver/package.json", EntryType::kRegular, true},
      // A project's own manifest (ApplyLayers keeps it only beside a lock file or node_modules).
      {"project root", "/app/package.json", EntryType::kRegular, true},
      {"project at the top (fs:DIR)", "/package.json", EntryType::kRegular, true},
      {"debian nodejs dir", "/usr/share/nodejs/acorn/package.json", EntryType::kRegular, true},
      {"inside a package", "/app/node_modules/express/lib/package.json", EntryType::kRegular, false},
      {"scope dir itself", "/app/node_modules/@babel/package.json", EntryType::kRegular, false},
      {"hidden lock", "/app/node_modules/.package-lock.json", EntryType::kRegular, false},
      {"lock inside a package", "/app/node_modules/x/package-lock.json", EntryType::kRegular, false},
      {"yarn inside a package", "/app/node_modules/x/yarn.lock", EntryType::kRegular, false},
      {"dot dir", "/app/node_modules/.bin/package.json", EntryType::kRegular, false},
      {"lock dir", "/app/package-lock.json", EntryType::kDirectory, false},
      {"lock symlink", "/app/package-lock.json", EntryType::kSymlink, false},
      {"near miss", "/app/package-lock.json.bak", EntryType::kRegular, false},
      {"near miss yaml", "/app/pnpm-lock.yml", EntryType::kRegular, false},
      {"package.json.orig", "/app/node_modules/x/package.json.orig", EntryType::kRegular, false},
  };
  auto e = NewNpmExtractor();
  common::ExpectWants(*e, cases);
}

TEST(NpmExtractorTest, ProjectManifestIsTheProject) {
  std::string f = SharedPath("fixtures/lang/npm/generated/app/package.json");
  HS_REQUIRE_PATH(f);
  auto e = NewNpmExtractor();
  RecordingSink sink;
  ASSERT_TRUE(common::ExtractFromMemory(*e, "/app/package.json", ReadTestFile(f), sink));
  ASSERT_EQ(sink.packages.size(), 1u);
  EXPECT_EQ(sink.packages[0].name, "hullscan-demo-app");
  EXPECT_EQ(sink.packages[0].version, "1.0.0");
  EXPECT_TRUE(sink.packages[0].project);
  // A private project without a version is not listed, and that is no problem.
  RecordingSink none;
  ASSERT_TRUE(common::ExtractFromMemory(*e, "/srv/package.json", R"({"name": "x", "private": true})", none));
  EXPECT_TRUE(none.packages.empty());
  EXPECT_TRUE(none.warnings.empty());
}

// The npm rows of the debian-app ground truth with the given path.
std::vector<NameVersion> ExpectedRows(const std::string& path_filter, bool prefix) {
  std::string tsv = SharedPath("images/expected/debian-app.packages.tsv");
  std::vector<NameVersion> rows;
  std::istringstream in(ReadTestFile(tsv));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 5 || cols[0] != "npm") continue;
    if (prefix ? cols[4].rfind(path_filter, 0) == 0 : cols[4] == path_filter) rows.emplace_back(cols[1], cols[2]);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(NpmExtractorTest, DebianAppLockfileMatchesGroundTruth) {
  std::string f = Fixture("npm/generated/app/package-lock.json");
  HS_REQUIRE_PATH(f);
  HS_REQUIRE_PATH(SharedPath("images/expected/debian-app.packages.tsv"));
  RecordingSink sink;
  ASSERT_TRUE(Extract("/app/package-lock.json", ReadTestFile(f), sink));
  EXPECT_TRUE(sink.warnings.empty());
  std::vector<NameVersion> got = Pairs(sink.packages);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got.size(), 55u);
  EXPECT_EQ(got, ExpectedRows("/app/package-lock.json", false));
  for (const model::Package& p : sink.packages) {
    EXPECT_EQ(p.type, model::PackageType::kNpm);
    EXPECT_EQ(p.path, "/app/package-lock.json");
    EXPECT_EQ(p.extractor, "lang/npm");
  }
}

TEST(NpmExtractorTest, LockfileVersionsAgree) {
  // npm wrote the same 55 packages as lockfileVersion 1, 2 and 3.
  std::set<NameVersion> sets[3];
  const char* files[] = {"npm/generated/package-lock.v1.json", "npm/generated/package-lock.v2.json",
                         "npm/generated/app/package-lock.json"};
  for (int i = 0; i < 3; ++i) {
    std::string f = Fixture(files[i]);
    HS_REQUIRE_PATH(f);
    auto out = ParsePackageLock(ReadTestFile(f));
    ASSERT_TRUE(out) << files[i];
    EXPECT_EQ(out->packages.size(), 55u) << files[i];
    for (const Found& p : out->packages) sets[i].emplace(p.name, p.version);
  }
  EXPECT_EQ(sets[0], sets[2]);
  EXPECT_EQ(sets[1], sets[2]);
  EXPECT_TRUE(sets[2].count({"statuses", "1.3.1"}));
  EXPECT_TRUE(sets[2].count({"statuses", "1.5.0"}));
}

TEST(NpmExtractorTest, UpstreamPackageLocks) {
  struct Case {
    const char* file;
    size_t count;
    std::vector<NameVersion> first;
  };
  const Case cases[] = {
      {"npm/package-lock.v1.json", 31, {{"@babel/helper-string-parser", "7.19.4"}, {"asap", "2.0.6"}}},
      {"npm/package-lock.v2.json", 31, {{"@babel/helper-string-parser", "7.19.4"}, {"asap", "2.0.6"}}},
      {"npm/package-lock.v3.json", 31, {{"@babel/helper-string-parser", "7.19.4"}, {"asap", "2.0.6"}}},
      {"npm/package-lock.v1-nested-dup.json", 39, {{"@vue/component-compiler-utils", "2.6.0"}}},
      {"npm/package-lock.v2-nested-dup.json", 2, {{"supports-color", "6.1.0"}, {"supports-color", "2.0.0"}}},
      {"npm/package-lock.v2-alias.json", 3,
       {{"@babel/code-frame", "7.0.0"}, {"string-width", "5.1.2"}, {"string-width", "4.2.0"}}},
      {"npm/package-lock.v3-bundled.json", 3, {{"ansi-regex", "6.2.2"}, {"semver", "7.7.2"}, {"strip-ansi", "7.1.2"}}},
      {"npm/package-lock.v3-peer.json", 5, {{"lodash", "4.17.21"}, {"mustache", "2.3.2"}}},
      {"npm/package-lock.v3-workspace.json", 4, {{"debug", "2.6.9"}, {"debug", "2.5.2"}, {"ms", "0.7.2"}}},
      {"npm/trivy-happy/package-lock.json", 8, {{"@babel/parser", "7.23.6"}, {"ansi-colors", "3.2.3"}}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(Extract("/src/package-lock.json", ReadTestFile(f), sink)) << c.file;
    EXPECT_TRUE(sink.warnings.empty()) << c.file;
    std::vector<NameVersion> got = Pairs(sink.packages);
    EXPECT_EQ(got.size(), c.count) << c.file;
    got.resize(std::min(got.size(), c.first.size()));
    EXPECT_EQ(got, c.first) << c.file;
  }
}

TEST(NpmExtractorTest, DevFlagIsParsed) {
  std::string f = Fixture("npm/package-lock.v3.json");
  HS_REQUIRE_PATH(f);
  auto out = ParsePackageLock(ReadTestFile(f));
  ASSERT_TRUE(out);
  size_t dev = std::count_if(out->packages.begin(), out->packages.end(), [](const Found& p) { return p.dev; });
  EXPECT_GT(dev, 0u);
  EXPECT_LT(dev, out->packages.size());
}

TEST(NpmExtractorTest, YarnLocks) {
  struct Case {
    const char* file;
    size_t count;
    std::vector<NameVersion> first;
  };
  const Case cases[] = {
      {"yarn/yarn.v1.lock", 18, {{"@babel/helper-regex", "7.4.4"}, {"ansi-regex", "2.1.1"}, {"ansi-regex", "3.0.0"}}},
      {"yarn/yarn.v1-scoped.lock", 2, {{"@babel/code-frame", "7.12.11"}, {"@babel/compat-data", "7.14.0"}}},
      {"yarn/yarn.v1-syft.lock", 9, {{"@babel/code-frame", "7.10.4"}, {"@types/minimatch", "3.0.3"}}},
      {"yarn/yarn.v1-git.lock", 0, {}},
      {"yarn/yarn.berry.lock", 17, {{"@types/color-name", "1.1.1"}, {"abbrev", "1.1.1"}, {"ansi-styles", "3.2.1"}}},
      {"yarn/yarn.berry-protocols.lock", 2, {{"debug", "4.3.4"}, {"ms", "2.1.2"}}},
      {"yarn/yarn.berry-scoped.lock", 3, {{"@babel/cli", "7.16.8"}, {"@babel/code-frame", "7.16.7"}}},
      {"yarn/yarn.berry-syft.lock", 8, {{"@babel/code-frame", "7.10.4"}, {"@types/minimatch", "3.0.3"}}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(Extract("/src/yarn.lock", ReadTestFile(f), sink)) << c.file;
    EXPECT_TRUE(sink.warnings.empty()) << c.file;
    std::vector<NameVersion> got = Pairs(sink.packages);
    EXPECT_EQ(got.size(), c.count) << c.file;
    got.resize(std::min(got.size(), c.first.size()));
    EXPECT_EQ(got, c.first) << c.file;
  }
}

TEST(NpmExtractorTest, YarnHandWritten) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<NameVersion> packages;
    size_t warnings;
  };
  const Case cases[] = {
      {"empty", "", {}, 0},
      {"comments only", "# yarn lockfile v1\n\n", {}, 0},
      {"alias", "\"sw-cjs@npm:string-width@^4.2.0\":\n  version \"4.2.3\"\n", {{"string-width", "4.2.3"}}, 0},
      {"crlf", "a@^1:\r\n  version \"1.0.0\"\r\n", {{"a", "1.0.0"}}, 0},
      {"no version", "a@^1:\n  integrity x\nb@^2:\n  version \"2.0.0\"\n", {{"b", "2.0.0"}}, 1},
      {"workspace", "\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n", {}, 0},
      {"patch", "\"r@patch:r@^1#x\":\n  version: 1.0.0\n  resolution: \"r@patch:r@npm%3A1.0.0#x\"\n", {{"r", "1.0.0"}}, 0},
      {"dependency version ignored", "a@^1:\n  version \"1.0.0\"\n  dependencies:\n    version \"9\"\n",
       {{"a", "1.0.0"}}, 0},
  };
  for (const Case& c : cases) {
    auto out = ParseYarnLock(c.text);
    ASSERT_TRUE(out) << c.name;
    std::vector<NameVersion> got;
    for (const Found& f : out->packages) got.emplace_back(f.name, f.version);
    EXPECT_EQ(got, c.packages) << c.name;
    EXPECT_EQ(out->warnings.size(), c.warnings) << c.name;
  }
  auto bad = ParseYarnLock("this is not a lock file\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(bad.error().message(), "yarn.lock: no entry could be read: line 1: not an entry header: 'this is not a lock file'");
}

TEST(NpmExtractorTest, PnpmLocks) {
  struct Case {
    const char* file;
    size_t count;
    size_t dev;
    std::vector<NameVersion> first;
  };
  const Case cases[] = {
      {"pnpm/pnpm-lock.v5.yaml", 3, 0, {{"asap", "2.0.6"}, {"jquery", "3.6.0"}, {"promise", "8.1.0"}}},
      {"pnpm/pnpm-lock.v5-many.yaml", 134, 78, {{"@babel/runtime", "7.18.3"}, {"@ungap/promise-all-settled", "1.1.2"}}},
      {"pnpm/pnpm-lock.v6.yaml", 85, 79, {{"@babel/runtime", "7.22.3"}, {"@ungap/promise-all-settled", "1.1.2"}}},
      {"pnpm/pnpm-lock.v9.yaml", 21, 0,
       {{"@babel/helper-string-parser", "7.24.1"}, {"asap", "2.0.6"}, {"asynckit", "0.4.0"}, {"await-sleep", "0.0.1"}}},
      {"pnpm/pnpm-lock.v9-peers.yaml", 13, 0, {{"@eslint-community/eslint-utils", "4.4.0"}}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    auto out = ParsePnpmLock(ReadTestFile(f));
    ASSERT_TRUE(out) << c.file << ": " << out.error().message();
    EXPECT_TRUE(out->warnings.empty()) << c.file;
    std::vector<NameVersion> got;
    size_t dev = 0;
    for (const Found& p : out->packages) {
      got.emplace_back(p.name, p.version);
      dev += p.dev ? 1 : 0;
    }
    EXPECT_EQ(got.size(), c.count) << c.file;
    EXPECT_EQ(dev, c.dev) << c.file;
    got.resize(std::min(got.size(), c.first.size()));
    EXPECT_EQ(got, c.first) << c.file;
  }
}

TEST(NpmExtractorTest, PnpmHostile) {
  EXPECT_EQ(ParsePnpmLock(std::string(100, '[')).error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(ParsePnpmLock(std::string(1000, ' ') + "a: b\n").error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(ParsePnpmLock("- - - - - - - - - - - - - - - - - - - - x\n").error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(ParsePnpmLock("a: [unclosed\n").error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(ParsePnpmLock("- a\n- b\n").error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(ParsePnpmLock("packages: 3\n").error().code(), ErrorCode::kCorrupt);
  auto empty = ParsePnpmLock("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->packages.empty());
}

TEST(NpmExtractorTest, InstalledPackageJsons) {
  struct Case {
    const char* file;
    const char* image_path;
    NameVersion want;
  };
  const Case cases[] = {
      {"npm/generated/app/node_modules/express/package.json", "/app/node_modules/express/package.json",
       {"express", "4.16.0"}},
      {"npm/generated/app/node_modules/http-errors/node_modules/statuses/package.json",
       "/app/node_modules/http-errors/node_modules/statuses/package.json", {"statuses", "1.5.0"}},
      {"npm/generated/app/node_modules/lodash/package.json", "/app/node_modules/lodash/package.json",
       {"lodash", "4.17.15"}},
      {"npm/trivy-happy/node_modules/@babel/parser/package.json", "/x/node_modules/@babel/parser/package.json",
       {"@babel/parser", "7.23.6"}},
      {"npm/package.json", "/usr/lib/node_modules/bootstrap/package.json", {"bootstrap", "5.0.2"}},
      {"npm/legacy_package.json", "/usr/local/lib/node_modules/angular/package.json", {"angular", "4.1.2"}},
  };
  for (const Case& c : cases) {
    std::string f = Fixture(c.file);
    HS_REQUIRE_PATH(f);
    RecordingSink sink;
    ASSERT_TRUE(Extract(c.image_path, ReadTestFile(f), sink)) << c.file;
    ASSERT_EQ(sink.packages.size(), 1u) << c.file;
    EXPECT_EQ(Pairs(sink.packages)[0], c.want) << c.file;
    EXPECT_EQ(sink.packages[0].path, c.image_path);
  }
}

TEST(NpmExtractorTest, PackageJsonWithoutVersionIsWarned) {
  RecordingSink sink;
  ASSERT_TRUE(Extract("/a/node_modules/x/package.json", R"({"name":"x"})", sink));
  EXPECT_TRUE(sink.packages.empty());
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].error.message(), "package.json: no \"name\" or \"version\" string; skipped");
}

TEST(NpmExtractorTest, BadJsonIsOneCleanError) {
  const char* inputs[] = {"", "{", "[]", "\"x\"", "{\"packages\": 3}"};
  for (const char* text : inputs) {
    RecordingSink sink;
    Status st = Extract("/a/package-lock.json", text, sink);
    ASSERT_FALSE(st) << text;
    EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt) << text;
    Status st2 = Extract("/a/node_modules/x/package.json", text, sink);
    EXPECT_FALSE(st2 && sink.packages.empty() && sink.warnings.empty()) << text;
  }
}

TEST(NpmExtractorTest, OversizePackageJsonIsLimitExceeded) {
  // 100 MB of package.json: refused by size before a byte is read.
  std::string big(kMaxPackageJsonBytes + 1, ' ');
  RecordingSink sink;
  Status st = Extract("/a/node_modules/x/package.json", std::move(big), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(st.error().message().find("larger than the limit of 8388608 bytes"), std::string::npos);

  Limits limits;
  limits.max_file_bytes = 8;
  RecordingSink sink2;
  Status st2 = Extract("/a/package-lock.json", "{\"packages\":{}}", sink2, limits);
  ASSERT_FALSE(st2);
  EXPECT_EQ(st2.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::npm
