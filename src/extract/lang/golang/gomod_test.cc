#include "extract/lang/golang/gomod_extractor.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/golang/gomod_parser.h"
#include "testing/testing.h"

namespace hullscan::extract::golang {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::NameVersion;
using common::Pairs;

std::string TestData(const std::string& rel) {
  return testing::SourceDir() + "/src/extract/lang/golang/testdata/" + rel;
}

std::vector<NameVersion> Pairs(const std::vector<GoModuleFound>& mods) {
  std::vector<NameVersion> out;
  for (const GoModuleFound& m : mods) out.emplace_back(m.path, m.version);
  return out;
}

struct File {
  std::string path;
  std::string data;
};

// Runs one extractor over `files` in the given order, then Finish(), as the runner does.
std::vector<model::Package> RunLayer(const std::vector<File>& files, RecordingSink& sink) {
  auto e = NewGoModExtractor();
  for (const File& f : files) {
    EXPECT_TRUE(e->Wants(common::Info(f.path))) << f.path;
    EXPECT_TRUE(common::ExtractFromMemory(*e, f.path, f.data, sink)) << f.path;
  }
  EXPECT_TRUE(e->Finish(sink));
  return sink.packages;
}

// trivy's pkg/dependency/parser/golang/mod/testdata/normal (go 1.22.0), as go version -m would
// list it for a program built from it.
const std::vector<NameVersion>& NormalWant() {
  static const std::vector<NameVersion> want = {
      {"github.com/aquasecurity/go-version", "v0.0.0-20240603093900-cf8a8d29271d"},
      {"github.com/davecgh/go-spew", "v1.1.2-0.20180830191138-d8f796af33cc"},
      {"github.com/pmezard/go-difflib", "v1.0.1-0.20181226105442-5d4384ee4fb2"},
      {"github.com/stretchr/testify", "v1.9.0"},
      {"golang.org/x/xerrors", "v0.0.0-20231012003039-104605ab7028"},
  };
  return want;
}

TEST(GoModExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewGoModExtractor(), "lang/gomod", 1); }

TEST(GoModExtractorTest, Wants) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"go.mod", "/src/app/go.mod", EntryType::kRegular, true},
      {"go.sum", "/src/app/go.sum", EntryType::kRegular, true},
      {"root", "/go.mod", EntryType::kRegular, true},
      {"GOPATH source, not the module cache", "/go/src/github.com/org/repo/go.mod", EntryType::kRegular, true},
      {"module cache", "/root/go/pkg/mod/github.com/google/uuid@v1.6.0/go.mod", EntryType::kRegular, false},
      {"module cache go.sum", "/go/pkg/mod/golang.org/x/net@v0.24.0/go.sum", EntryType::kRegular, false},
      {"module cache download dir", "/go/pkg/mod/cache/download/golang.org/x/net/@v/v0.24.0.mod", EntryType::kRegular,
       false},
      {"work file", "/src/app/go.work", EntryType::kRegular, false},
      {"work sum", "/src/app/go.work.sum", EntryType::kRegular, false},
      {"backup", "/src/app/go.mod.bak", EntryType::kRegular, false},
      {"prefixed", "/src/app/xgo.mod", EntryType::kRegular, false},
      {"upper case", "/src/app/GO.MOD", EntryType::kRegular, false},
      {"directory", "/src/app/go.mod", EntryType::kDirectory, false},
      {"symlink", "/src/app/go.sum", EntryType::kSymlink, false},
  };
  auto e = NewGoModExtractor();
  common::ExpectWants(*e, cases);
}

// The shared fixture pair: go 1.22.0, so go.sum (which also lists gopkg.in/yaml.v3) is not
// used; indirect requirements are reported. Either arrival order gives the same result.
TEST(GoModExtractorTest, FixturePairGo122) {
  const std::string mod = SharedPath("fixtures/lang/go/go.mod");
  const std::string sum = SharedPath("fixtures/lang/go/go.sum");
  HS_REQUIRE_PATH(mod);
  HS_REQUIRE_PATH(sum);
  const File m{"/src/app/go.mod", ReadTestFile(mod)};
  const File s{"/src/app/go.sum", ReadTestFile(sum)};
  for (const auto& order : {std::vector<File>{m, s}, std::vector<File>{s, m}}) {
    RecordingSink sink;
    const auto pkgs = RunLayer(order, sink);
    EXPECT_EQ(Pairs(pkgs), NormalWant());
    for (const model::Package& p : pkgs) {
      EXPECT_EQ(p.type, model::PackageType::kGolang);
      EXPECT_EQ(p.path, "/src/app/go.mod");
      EXPECT_EQ(p.extractor, "lang/gomod");
      EXPECT_FALSE(p.dev);
    }
    EXPECT_TRUE(sink.warnings.empty());
  }
}

// The same pair with the go directive lowered to 1.16: go.sum's modules that go.mod lacks are
// added (gopkg.in/yaml.v3 v3.0.1), go.mod's own are not repeated.
TEST(GoModExtractorTest, FixturePairGo116UsesGoSum) {
  const std::string mod = SharedPath("fixtures/lang/go/go.mod");
  const std::string sum = SharedPath("fixtures/lang/go/go.sum");
  HS_REQUIRE_PATH(mod);
  HS_REQUIRE_PATH(sum);
  std::string text = ReadTestFile(mod);
  const size_t at = text.find("go 1.22.0");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, "go 1.16");
  for (bool sum_first : {false, true}) {
    RecordingSink sink;
    std::vector<File> files = {{"/app/go.mod", text}, {"/app/go.sum", ReadTestFile(sum)}};
    if (sum_first) std::swap(files[0], files[1]);
    std::vector<NameVersion> want = NormalWant();
    want.emplace_back("gopkg.in/yaml.v3", "v3.0.1");
    EXPECT_EQ(Pairs(RunLayer(files, sink)), want);
  }
  // No go directive at all means go 1.16 too.
  text.replace(text.find("go 1.16"), 7, "");
  RecordingSink sink;
  auto pkgs = RunLayer({{"/app/go.mod", text}, {"/app/go.sum", ReadTestFile(sum)}}, sink);
  ASSERT_EQ(pkgs.size(), 6u);
  EXPECT_EQ(Pairs(pkgs).back(), NameVersion("gopkg.in/yaml.v3", "v3.0.1"));
}

// trivy's pkg/fanal/analyzer/language/golang/mod/testdata/merge.txtar (go 1.15): the required
// module is replaced by another version of itself; go.sum adds BurntSushi/toml.
TEST(GoModExtractorTest, Go115MergeWithReplace) {
  RecordingSink sink;
  auto pkgs = RunLayer({{"/src/repo/go.sum", ReadTestFile(TestData("gomod-go115/go.sum"))},
                        {"/src/repo/go.mod", ReadTestFile(TestData("gomod-go115/go.mod"))}},
                       sink);
  EXPECT_EQ(Pairs(pkgs), (std::vector<NameVersion>{
                             {"github.com/aquasecurity/go-dep-parser", "v0.0.0-20230219131432-590b1dfb6edd"},
                             {"github.com/BurntSushi/toml", "v0.3.1"},
                         }));
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(GoModExtractorTest, ReplaceRulesAndDirectives) {
  RecordingSink sink;
  auto pkgs = RunLayer({{"/srv/go.mod", ReadTestFile(TestData("gomod-replace/go.mod"))},
                        {"/srv/go.sum", ReadTestFile(TestData("gomod-replace/go.sum"))}},
                       sink);
  EXPECT_EQ(Pairs(pkgs), (std::vector<NameVersion>{
                             {"github.com/google/uuid", "v1.6.0"},
                             {"golang.org/x/net", "v0.33.0"},  // replace of exactly v0.24.0
                             {"golang.org/x/text", "v0.14.0"},
                             // example.com/hullscan/internal => ./internal: dropped
                             {"github.com/sirupsen/logrus", "v1.9.3"},  // quoted path
                             {"github.com/hullscan-forks/errors", "v0.9.2-0.20240101000000-abcdef012345"},
                             {"gopkg.in/yaml.v3", "v3.0.1"},  // replace of v3.0.0 only: not applied
                             {"github.com/stretchr/testify", "v1.9.0"},
                         }));
  EXPECT_TRUE(sink.warnings.empty());

  auto parsed = ParseGoMod(ReadTestFile(TestData("gomod-replace/go.mod")));
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->file.module_path, "example.com/hullscan/svc");
  EXPECT_EQ(parsed->file.go_version, "1.21");
  ASSERT_EQ(parsed->file.requirements.size(), 8u);
  EXPECT_FALSE(parsed->file.requirements[0].indirect);
  EXPECT_TRUE(parsed->file.requirements[1].indirect);
  EXPECT_TRUE(parsed->file.requirements[2].indirect);  // "// indirect; used by x/net"
  EXPECT_EQ(parsed->file.requirements[7].line, 23u);
  ASSERT_EQ(parsed->file.replacements.size(), 4u);
  EXPECT_EQ(parsed->file.replacements[0].new_path, "./internal");
  EXPECT_EQ(parsed->file.replacements[0].new_version, "");
  EXPECT_EQ(parsed->file.replacements[1].old_version, "v0.24.0");
}

TEST(GoModExtractorTest, ReplacePrecedence) {
  auto parsed = ParseGoMod(
      "module m\n"
      "go 1.20\n"
      "require (\n a.example/x v1.2.0\n b.example/y v0.3.0\n c.example/z v2.0.0+incompatible\n)\n"
      "replace a.example/x v1.2.0 => a.example/x v1.2.1\n"
      "replace a.example/x => fork.example/x v9.9.9\n"
      "replace b.example/y => fork.example/y v0.1.0\n"
      "replace b.example/y => fork.example/y2 v0.2.0\n"
      "replace c.example/z v2.0.0+incompatible => ../z\n");
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_TRUE(parsed->warnings.empty());
  EXPECT_EQ(Pairs(ResolveGoModules(parsed->file, nullptr)),
            (std::vector<NameVersion>{{"a.example/x", "v1.2.1"}, {"fork.example/y2", "v0.2.0"}}));
}

TEST(GoModExtractorTest, GoSumWithoutGoModGivesNothing) {
  const std::string sum = SharedPath("fixtures/lang/go/go.sum");
  HS_REQUIRE_PATH(sum);
  RecordingSink sink;
  EXPECT_TRUE(RunLayer({{"/app/go.sum", ReadTestFile(sum)}}, sink).empty());
  // A go.sum in another directory is not merged into an old go.mod.
  RecordingSink other;
  auto pkgs = RunLayer({{"/a/go.mod", "module a\n\ngo 1.14\n\nrequire github.com/pkg/errors v0.9.1\n"},
                        {"/b/go.sum", ReadTestFile(sum)}},
                       other);
  EXPECT_EQ(Pairs(pkgs), (std::vector<NameVersion>{{"github.com/pkg/errors", "v0.9.1"}}));
}

TEST(GoModExtractorTest, SeveralModulesInDirectoryOrder) {
  RecordingSink sink;
  auto pkgs = RunLayer({{"/z/go.mod", "module z\ngo 1.21\nrequire example.com/z v1.0.0\n"},
                        {"/a/go.mod", "module a\ngo 1.21\nrequire example.com/a v1.0.0\n"}},
                       sink);
  ASSERT_EQ(pkgs.size(), 2u);
  EXPECT_EQ(pkgs[0].name, "example.com/a");
  EXPECT_EQ(pkgs[0].path, "/a/go.mod");
  EXPECT_EQ(pkgs[1].name, "example.com/z");
  EXPECT_EQ(pkgs[1].path, "/z/go.mod");
}

TEST(GoModExtractorTest, GoModWarningsAndInexactVersions) {
  auto parsed = ParseGoMod(
      "module example.com/m\n"
      "go 1.21\n"
      "require example.com/only-path\n"
      "require (\n"
      "  example.com/ok v1.0.0\n"
      "  example.com/branch master\n"
      "  example.com/too many fields\n"
      ")\n"
      "replace example.com/ok => example.com/other\n"
      "replace example.com/ok => ./dir v1.0.0\n"
      "frobnicate example.com/x\n");
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_EQ(parsed->warnings.size(), 5u);
  EXPECT_EQ(parsed->warnings[0].message(), "parse go.mod: require: want 'module-path version' (line 3)");
  EXPECT_EQ(parsed->warnings[1].message(), "parse go.mod: require: want 'module-path version' (line 7)");
  EXPECT_EQ(parsed->warnings[2].message(),
            "parse go.mod: replace: replacement module without version must be a directory path (line 9)");
  EXPECT_EQ(parsed->warnings[3].message(), "parse go.mod: replace: replacement directory cannot have a version (line 10)");
  EXPECT_EQ(parsed->warnings[4].message(), "parse go.mod: unknown directive 'frobnicate' (line 11)");
  // "master" is not an exact version (go mod tidy would resolve it): left out.
  EXPECT_EQ(Pairs(ResolveGoModules(parsed->file, nullptr)),
            (std::vector<NameVersion>{{"example.com/ok", "v1.0.0"}}));

  RecordingSink sink;
  auto pkgs = RunLayer({{"/m/go.mod", "module m\ngo 1.21\nrequire a\n"}}, sink);
  EXPECT_TRUE(pkgs.empty());
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].path, "/m/go.mod");
}

TEST(GoModExtractorTest, GoModCorrupt) {
  struct Case {
    const char* name;
    std::string text;
    const char* want;
  };
  const Case cases[] = {
      {"unterminated string", "module m\nrequire \"example.com/x v1.0.0\n",
       "parse go.mod: unterminated string (line 2)"},
      {"unclosed block", "module m\n\nrequire (\n  example.com/x v1.0.0\n", "parse go.mod: the require block is not closed (line 3)"},
      {"stray close", "module m\n)\n", "parse go.mod: unexpected ')' (line 2)"},
      {"nested block", "require (\n  replace (\n)\n", "parse go.mod: unexpected parenthesis inside the require block (line 2)"},
      {"paren mid-line", "require example.com/x ( v1\n", "parse go.mod: unexpected parenthesis (line 1)"},
      {"block comment", "module m\n/* old */\n", "parse go.mod: go.mod files must use // comments, not /* */ comments (line 2)"},
      {"control byte", std::string("module m\ngo 1.\x01\n"), "parse go.mod: unexpected control character 1 (line 2)"},
      {"quoted verb", "\"module\" m\n", "parse go.mod: unexpected 'module' (line 1)"},
  };
  for (const Case& c : cases) {
    auto r = ParseGoMod(c.text);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt) << c.name;
    EXPECT_EQ(r.error().message(), c.want) << c.name;
  }
  // Through the extractor: an error for that file, nothing kept for Finish().
  auto e = NewGoModExtractor();
  RecordingSink sink;
  Status st = common::ExtractFromMemory(*e, "/m/go.mod", "require (\n x v1.0.0\n", sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  ASSERT_TRUE(e->Finish(sink));
  EXPECT_TRUE(sink.packages.empty());
}

TEST(GoModExtractorTest, GoModOversized) {
  auto e = NewGoModExtractor();
  RecordingSink sink;
  Status st = common::ExtractFromMemory(*e, "/m/go.mod", std::string(kMaxGoModBytes + 1, '\n'), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
}

TEST(GoModExtractorTest, GoSumVersions) {
  auto parsed = ParseGoSum(
      "example.com/a v1.2.0 h1:aaa=\n"
      "example.com/a v1.2.0/go.mod h1:bbb=\n"
      "example.com/a v1.10.0 h1:ccc=\n"
      "example.com/a v1.10.0/go.mod h1:ddd=\n"
      "example.com/a v1.9.0 h1:eee=\n"
      "example.com/b v2.0.0-rc.2+incompatible h1:fff=\n"
      "example.com/b v2.0.0-rc.10+incompatible h1:ggg=\n"
      "example.com/c v0.5.0/go.mod h1:hhh=\n"
      "\n"
      "example.com/d v0.0.0-20200101000000-aaaaaaaaaaaa h1:iii=\n"
      "example.com/d v0.1.0-beta h1:jjj=\n"
      "example.com/d v0.1.0 h1:kkk=\n");
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_TRUE(parsed->warnings.empty());
  ASSERT_EQ(parsed->modules.size(), 3u);  // c: only its go.mod was downloaded
  EXPECT_EQ(parsed->modules[0].path, "example.com/a");
  EXPECT_EQ(parsed->modules[0].version, "v1.10.0");
  EXPECT_EQ(parsed->modules[1].version, "v2.0.0-rc.10+incompatible");
  EXPECT_EQ(parsed->modules[2].version, "v0.1.0");
}

TEST(GoModExtractorTest, GoSumMalformed) {
  auto partly = ParseGoSum("example.com/a v1.0.0 h1:x=\nexample.com/b v1.0.0\n");
  ASSERT_TRUE(partly);
  ASSERT_EQ(partly->warnings.size(), 1u);
  EXPECT_EQ(partly->warnings[0].message(), "parse go.sum: want 'module version hash', got 2 fields (line 2)");
  ASSERT_EQ(partly->modules.size(), 1u);

  auto none = ParseGoSum("hello world\nthis is not go.sum\n");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(none.error().message(), "parse go.sum: want 'module version hash', got 2 fields (line 1)");

  auto empty = ParseGoSum("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->modules.empty());
}

TEST(GoModExtractorTest, CompareGoVersions) {
  struct Case {
    const char* a;
    const char* b;
    int want;
  };
  const Case cases[] = {
      {"v1.2.3", "v1.2.3", 0},
      {"v1.2.3", "v1.2.4", -1},
      {"v1.10.0", "v1.9.0", 1},
      {"v2.0.0", "v10.0.0", -1},
      {"v1.0.0-rc.1", "v1.0.0", -1},
      {"v1.0.0-alpha", "v1.0.0-alpha.1", -1},
      {"v1.0.0-alpha.1", "v1.0.0-alpha.beta", -1},
      {"v1.0.0-beta.2", "v1.0.0-beta.11", -1},
      {"v1.0.0-rc.1", "v1.0.0-beta.11", 1},
      {"v0.0.0-20200101000000-aaaaaaaaaaaa", "v0.0.0-20210101000000-bbbbbbbbbbbb", -1},
      {"v2.0.0+incompatible", "v2.0.0", 0},
      {"v1.2", "v1.2.0", 0},
      {"v1", "v1.0.1", -1},
      {"v1.2.3", "1.2.3", 1},  // invalid is lower
      {"v01.2.3", "v1.0.0", -1},
      {"master", "main", 1},   // two invalid: as strings
      {"v1.2-pre", "v0.0.1", -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CompareGoVersions(c.a, c.b), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(CompareGoVersions(c.b, c.a), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(GoModExtractorTest, GoVersionBefore117) {
  EXPECT_TRUE(GoVersionBefore117(""));
  EXPECT_TRUE(GoVersionBefore117("1.16"));
  EXPECT_TRUE(GoVersionBefore117("1.11"));
  EXPECT_TRUE(GoVersionBefore117("1.16beta1"));
  EXPECT_FALSE(GoVersionBefore117("1.17"));
  EXPECT_FALSE(GoVersionBefore117("1.21.0"));
  EXPECT_FALSE(GoVersionBefore117("1.22rc1"));
  EXPECT_FALSE(GoVersionBefore117("2.0"));
  EXPECT_FALSE(GoVersionBefore117("1.x"));
  EXPECT_FALSE(GoVersionBefore117("1"));
  EXPECT_FALSE(GoVersionBefore117("1.99999999999999999999"));
}

}  // namespace
}  // namespace hullscan::extract::golang
