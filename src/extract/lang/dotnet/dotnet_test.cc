#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/dotnet/dotnet_extractor.h"
#include "extract/lang/dotnet/dotnet_parsers.h"
#include "testing/testing.h"

namespace hullscan::extract::dotnet {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::Contains;
using common::NameVersion;
using common::Pairs;
using common::Triples;
using Triple = common::NameVersionDev;

std::string Fixture(const std::string& rel) { return SharedPath("fixtures/lang/dotnet/" + rel); }
std::string TestData(const std::string& rel) {
  return testing::SourceDir() + "/src/extract/lang/dotnet/testdata/" + rel;
}

const common::ExtractWith Extract(NewDotnetExtractor);

TEST(DotnetExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewDotnetExtractor(), "lang/dotnet", 1); }

TEST(DotnetExtractorTest, Wants) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"app deps", "/app/WebApp.deps.json", EntryType::kRegular, true},
      {"dotted app deps", "/app/My.Company.Api.deps.json", EntryType::kRegular, true},
      {"framework deps", "/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.1/Microsoft.NETCore.App.deps.json",
       EntryType::kRegular, true},
      {"lock", "/src/app/packages.lock.json", EntryType::kRegular, true},
      {"config", "/inetpub/site/packages.config", EntryType::kRegular, true},
      {"bare .deps.json", "/app/.deps.json", EntryType::kRegular, false},
      {"runtimeconfig", "/app/WebApp.runtimeconfig.json", EntryType::kRegular, false},
      {"deps without json", "/app/WebApp.deps", EntryType::kRegular, false},
      {"deps.json.bak", "/app/WebApp.deps.json.bak", EntryType::kRegular, false},
      {"project.assets", "/src/obj/project.assets.json", EntryType::kRegular, false},
      {"lock other case", "/src/Packages.Lock.json", EntryType::kRegular, false},
      {"lock prefix", "/src/my.packages.lock.json", EntryType::kRegular, false},
      {"config other case", "/src/Packages.config", EntryType::kRegular, false},
      {"web.config", "/inetpub/site/web.config", EntryType::kRegular, false},
      {"npm lock", "/app/package-lock.json", EntryType::kRegular, false},
      {"dir named like deps", "/app/x.deps.json", EntryType::kDirectory, false},
      {"symlinked lock", "/src/packages.lock.json", EntryType::kSymlink, false},
  };
  auto e = NewDotnetExtractor();
  common::ExpectWants(*e, cases);
}

// --- *.deps.json ------------------------------------------------------------------------

TEST(DotnetDepsJsonTest, TrivyHappy) {
  const std::string path = Fixture("happy.deps.json");
  HS_REQUIRE_PATH(path);
  RecordingSink sink;  // no default path: shows what the extractor itself sets
  ASSERT_TRUE(Extract("/app/ExampleApp1.deps.json", ReadTestFile(path), sink));
  // ExampleApp1/1.0.0 is type "project": not a package.
  ASSERT_EQ(sink.packages.size(), 1u);
  const model::Package& p = sink.packages[0];
  EXPECT_EQ(p.type, model::PackageType::kNuget);
  EXPECT_EQ(p.name, "Newtonsoft.Json");
  EXPECT_EQ(p.version, "13.0.1");
  EXPECT_EQ(p.path, "");  // left to the runner, which sets the input's path
  EXPECT_EQ(p.extractor, "lang/dotnet");
  EXPECT_FALSE(p.dev);
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(DotnetDepsJsonTest, TrivyWithoutRuntime) {
  // Trivy's expectation for the same file (core_deps/parse_test.go): JsonDiffPatch, Libuv
  // (runtimeTargets only) and System.Collections.Immutable (absent from the runtime target),
  // besides the project. Microsoft.NETCore.App, Microsoft.NETCore.Platforms,
  // NETStandard.Library and System.Net.Http have no runtime asset.
  const std::string path = Fixture("without-runtime.deps.json");
  HS_REQUIRE_PATH(path);
  auto out = ParseDepsJson(ReadTestFile(path));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"JsonDiffPatch", "2.0.61"},
                                                            {"Libuv", "1.9.1"},
                                                            {"System.Collections.Immutable", "1.3.0"}}));
  EXPECT_TRUE(out->warnings.empty());
}

TEST(DotnetDepsJsonTest, SyftTestLibrary) {
  // 12 package libraries; System.Diagnostics.DiagnosticSource/6.0.0 and
  // System.Runtime.CompilerServices.Unsafe/6.0.0 have empty entries in the net6.0 target (the
  // shared framework carries them), so 10 remain. TestLibrary and TestCommon are projects.
  const std::string path = Fixture("TestLibrary.deps.json");
  HS_REQUIRE_PATH(path);
  auto out = ParseDepsJson(ReadTestFile(path));
  ASSERT_TRUE(out) << out.error().message();
  const std::vector<NameVersion> got = Pairs(out->packages);
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got.front(), NameVersion("AWSSDK.Core", "3.7.10.6"));
  EXPECT_EQ(got[1], NameVersion("Microsoft.Extensions.DependencyInjection.Abstractions", "6.0.0"));
  EXPECT_EQ(got.back(), NameVersion("Serilog", "2.10.0"));
  EXPECT_TRUE(Contains(got, {"Newtonsoft.Json", "13.0.1"}));
  EXPECT_TRUE(Contains(got, {"Serilog.Sinks.Console", "4.0.1"}));
  EXPECT_FALSE(Contains(got, {"System.Diagnostics.DiagnosticSource", "6.0.0"}));
  EXPECT_FALSE(Contains(got, {"System.Runtime.CompilerServices.Unsafe", "6.0.0"}));
  EXPECT_FALSE(Contains(got, {"TestCommon", "1.0.0"}));
  EXPECT_FALSE(Contains(got, {"TestLibrary", "1.0.0"}));
  EXPECT_TRUE(out->warnings.empty());
}

TEST(DotnetDepsJsonTest, SyftSingleFileApp) {
  // runtimeTarget ".NETCoreApp,Version=v8.0/win-x64": the runtime pack (runtime assets), 48
  // Humanizer.Core.<locale> satellite packages (resources), Humanizer.Core, Newtonsoft.Json.
  // The Humanizer meta-package has no asset; dotnetapp is the project.
  const std::string path = Fixture("net8-app-single-file.deps.json");
  HS_REQUIRE_PATH(path);
  RecordingSink sink;
  ASSERT_TRUE(Extract("/app/dotnetapp.deps.json", ReadTestFile(path), sink));
  const std::vector<Triple> got = Triples(sink.packages);
  ASSERT_EQ(got.size(), 51u);
  // Key order: "Humanizer.Core.<locale>/..." sorts before "Humanizer.Core/..." ('.' < '/').
  EXPECT_EQ(got.front(), Triple("Humanizer.Core.af", "2.14.1", false));
  EXPECT_EQ(got[1], Triple("Humanizer.Core.ar", "2.14.1", false));
  EXPECT_EQ(got[47], Triple("Humanizer.Core.zh-Hant", "2.14.1", false));
  EXPECT_EQ(got[48], Triple("Humanizer.Core", "2.14.1", false));
  EXPECT_EQ(got[49], Triple("Newtonsoft.Json", "13.0.3", false));
  EXPECT_EQ(got.back(), Triple("Microsoft.NETCore.App.Runtime.win-x64", "8.0.14", false));
  for (const Triple& t : got) {
    EXPECT_NE(std::get<0>(t), "Humanizer");
    EXPECT_NE(std::get<0>(t), "dotnetapp");
  }
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(DotnetDepsJsonTest, TypesTargetsAndBadEntries) {
  auto out = ParseDepsJson(ReadTestFile(TestData("refs.deps.json")));
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{
                                      {"Humanizer.Core.fr", "2.14.1"},       // resources only
                                      {"Newtonsoft.Json", "13.0.3"},         // runtime
                                      {"Only.In.Compile.Target", "1.0.0"},   // not in the runtime target
                                      {"SQLitePCLRaw.lib.e_sqlite3", "2.1.6"},  // type "Package", native
                                      {"Microsoft.NETCore.App.Runtime.linux-x64", "8.0.1"},  // runtimepack
                                  }));
  // Compile.Only (compile asset only), System.Text.Json ({}), WebApp/Data (project) and
  // Microsoft.CSharp.Reference (reference) are left out silently; three entries are malformed.
  ASSERT_EQ(out->warnings.size(), 3u);
  EXPECT_EQ(out->warnings[0].code(), ErrorCode::kCorrupt);
  EXPECT_EQ(out->warnings[0].message(),
            "parse deps.json: library is not an object; skipped (at /libraries/Broken~11.0.0)");
  EXPECT_EQ(out->warnings[1].message(),
            "parse deps.json: library key is not 'name/version'; skipped (at /libraries/NoSlash)");
  EXPECT_EQ(out->warnings[2].message(),
            "parse deps.json: library has no string 'type'; skipped (at /libraries/Untyped~11.0.0)");
}

TEST(DotnetDepsJsonTest, WarningsReachTheSink) {
  RecordingSink sink;
  ASSERT_TRUE(Extract("/app/WebApp.deps.json", ReadTestFile(TestData("refs.deps.json")), sink));
  EXPECT_EQ(sink.packages.size(), 5u);
  ASSERT_EQ(sink.warnings.size(), 3u);
  EXPECT_EQ(sink.warnings[0].path, "/app/WebApp.deps.json");
}

TEST(DotnetDepsJsonTest, SplitAtLastSlashAndNoTarget) {
  // No runtimeTarget: every package library is kept, including one with no assets.
  auto out = ParseDepsJson(R"({"targets": {"t": {"A/1.0": {}}},
    "libraries": {"A/1.0": {"type": "package"}, "Odd/Name/2.0-beta": {"type": "package"},
                  "runtimepack./1.0": {"type": "runtimepack"}}})");
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"A", "1.0"}, {"Odd/Name", "2.0-beta"},
                                                            {"runtimepack.", "1.0"}}));
  // A runtimeTarget naming a missing target: the same.
  auto missing = ParseDepsJson(R"({"runtimeTarget": {"name": "nope"}, "targets": {"t": {"A/1.0": {}}},
    "libraries": {"A/1.0": {"type": "package"}}})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(Pairs(missing->packages), (std::vector<NameVersion>{{"A", "1.0"}}));
}

TEST(DotnetDepsJsonTest, NoLibrariesIsEmpty) {
  auto out = ParseDepsJson(R"({"runtimeTarget": {"name": "x"}, "targets": {}})");
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->packages.empty());
  EXPECT_TRUE(out->warnings.empty());
}

TEST(DotnetDepsJsonTest, BadInput) {
  struct Case {
    const char* text;
    ErrorCode code;
    const char* message_start;
  };
  const Case cases[] = {
      {"", ErrorCode::kCorrupt, "parse deps.json: invalid JSON at byte"},
      {R"({"libraries": {"A/1.0": {"type": "pack)", ErrorCode::kCorrupt, "parse deps.json: invalid JSON"},
      {"[1, 2]", ErrorCode::kCorrupt, "parse deps.json: not a JSON object (at /)"},
      {R"({"libraries": []})", ErrorCode::kCorrupt, "parse deps.json: 'libraries' is not an object (at /libraries)"},
      {"not json at all", ErrorCode::kCorrupt, "parse deps.json: invalid JSON"},
  };
  for (const Case& c : cases) {
    auto out = ParseDepsJson(c.text);
    ASSERT_FALSE(out) << c.text;
    EXPECT_EQ(out.error().code(), c.code) << c.text;
    EXPECT_EQ(out.error().message().rfind(c.message_start, 0), 0u) << out.error().message();
  }
  std::string deep(100000, '[');
  auto out = ParseDepsJson(deep);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kLimitExceeded);
}

TEST(DotnetDepsJsonTest, TruncatedFixtureIsCorrupt) {
  const std::string path = Fixture("net8-app-single-file.deps.json");
  HS_REQUIRE_PATH(path);
  std::string text = ReadTestFile(path);
  RecordingSink sink;
  auto st = Extract("/app/dotnetapp.deps.json", text.substr(0, text.size() / 2), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_TRUE(sink.packages.empty());
}

// --- packages.lock.json -----------------------------------------------------------------

TEST(DotnetPackagesLockTest, TrivySimple) {
  const std::string path = Fixture("packages.lock.json");
  HS_REQUIRE_PATH(path);
  RecordingSink sink("/src/packages.lock.json");
  ASSERT_TRUE(Extract("/src/packages.lock.json", ReadTestFile(path), sink));
  EXPECT_EQ(Triples(sink.packages), (std::vector<Triple>{{"Newtonsoft.Json", "12.0.3", false},
                                                         {"NuGet.Frameworks", "5.7.0", false}}));
  for (const model::Package& p : sink.packages) {
    EXPECT_EQ(p.type, model::PackageType::kNuget);
    EXPECT_EQ(p.path, "/src/packages.lock.json");
    EXPECT_EQ(p.extractor, "lang/dotnet");
  }
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(DotnetPackagesLockTest, TrivyMultiTarget) {
  // Five target frameworks; 40 distinct (name, version) pairs. NETStandard.Library is locked
  // at 1.6.1 for .NETStandard 1.0 and at 2.0.3 for .NETStandard 2.0: both are reported.
  const std::string path = Fixture("packages.lock.multi.json");
  HS_REQUIRE_PATH(path);
  auto out = ParsePackagesLock(ReadTestFile(path));
  ASSERT_TRUE(out) << out.error().message();
  const std::vector<NameVersion> got = Pairs(out->packages);
  ASSERT_EQ(got.size(), 40u);
  EXPECT_EQ(got.front(), NameVersion("AWSSDK.Core", "3.5.1.30"));
  EXPECT_EQ(got[1], NameVersion("Microsoft.NETFramework.ReferenceAssemblies", "1.0.0"));
  EXPECT_EQ(got.back(), NameVersion("System.Threading.Tasks.Extensions", "4.5.2"));
  EXPECT_TRUE(Contains(got, {"NETStandard.Library", "1.6.1"}));
  EXPECT_TRUE(Contains(got, {"NETStandard.Library", "2.0.3"}));
  EXPECT_TRUE(Contains(got, {"System.Text.RegularExpressions", "4.3.0"}));
  EXPECT_TRUE(Contains(got, {"System.Runtime.CompilerServices.Unsafe", "4.5.2"}));
  uint64_t awssdk = 0;
  for (const NameVersion& nv : got) awssdk += nv.first == "AWSSDK.Core" ? 1 : 0;
  EXPECT_EQ(awssdk, 1u);  // locked in every framework, reported once
  EXPECT_TRUE(out->warnings.empty());
}

TEST(DotnetPackagesLockTest, SyftNet8App) {
  // "net8.0": Humanizer and Newtonsoft.Json (Direct) and 49 Transitive; "net8.0/win-x64" is {}.
  const std::string path = Fixture("packages.lock.syft.json");
  HS_REQUIRE_PATH(path);
  auto out = ParsePackagesLock(ReadTestFile(path));
  ASSERT_TRUE(out) << out.error().message();
  const std::vector<NameVersion> got = Pairs(out->packages);
  ASSERT_EQ(got.size(), 51u);
  EXPECT_EQ(got.front(), NameVersion("Humanizer", "2.14.1"));
  EXPECT_EQ(got[1], NameVersion("Humanizer.Core", "2.14.1"));
  EXPECT_EQ(got[2], NameVersion("Humanizer.Core.af", "2.14.1"));
  EXPECT_EQ(got.back(), NameVersion("Newtonsoft.Json", "13.0.3"));
  EXPECT_TRUE(out->warnings.empty());
}

TEST(DotnetPackagesLockTest, CentralProjectAndMissingResolved) {
  auto out = ParsePackagesLock(ReadTestFile(TestData("central.packages.lock.json")));
  ASSERT_TRUE(out) << out.error().message();
  // Frameworks in key order (net6.0 {}, net8.0, net8.0/linux-x64); Shared.Library is a
  // Project; Serilog appears twice and is reported once.
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"Microsoft.Extensions.Logging.Abstractions", "8.0.0"},
                                                            {"Serilog", "3.1.1"},
                                                            {"System.Runtime", "4.3.0"}}));
  ASSERT_EQ(out->warnings.size(), 1u);
  EXPECT_EQ(out->warnings[0].message(),
            "parse packages.lock.json: dependency has no 'resolved' version; skipped "
            "(at /dependencies/net8.0/Half.Written)");
}

TEST(DotnetPackagesLockTest, BadInput) {
  struct Case {
    const char* text;
    ErrorCode code;
    const char* message_start;
  };
  const Case cases[] = {
      {"", ErrorCode::kCorrupt, "parse packages.lock.json: invalid JSON"},
      {R"({"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1.0")", ErrorCode::kCorrupt,
       "parse packages.lock.json: invalid JSON"},
      {R"("text")", ErrorCode::kCorrupt, "parse packages.lock.json: not a JSON object (at /)"},
      {R"({"version": 1})", ErrorCode::kCorrupt,
       "parse packages.lock.json: no 'dependencies' object (at /dependencies)"},
      {R"({"version": 1, "dependencies": [1]})", ErrorCode::kCorrupt,
       "parse packages.lock.json: no 'dependencies' object (at /dependencies)"},
  };
  for (const Case& c : cases) {
    auto out = ParsePackagesLock(c.text);
    ASSERT_FALSE(out) << c.text;
    EXPECT_EQ(out.error().code(), c.code) << c.text;
    EXPECT_EQ(out.error().message().rfind(c.message_start, 0), 0u) << out.error().message();
  }
  // Wrong shapes inside are warnings, not errors.
  auto out = ParsePackagesLock(
      R"({"dependencies": {"net8.0": {"A": 5, "B": {"type": "Direct", "resolved": 7}, "C": {"resolved": "1.0"}},
          "net9.0": "x"}})");
  ASSERT_TRUE(out);
  EXPECT_EQ(Pairs(out->packages), (std::vector<NameVersion>{{"C", "1.0"}}));
  EXPECT_EQ(out->warnings.size(), 3u);
}

// --- packages.config --------------------------------------------------------------------

TEST(DotnetPackagesConfigTest, TrivyFixture) {
  const std::string path = Fixture("packages.config");
  HS_REQUIRE_PATH(path);
  RecordingSink sink("/inetpub/app/packages.config");
  ASSERT_TRUE(Extract("/inetpub/app/packages.config", ReadTestFile(path), sink));
  EXPECT_EQ(Triples(sink.packages), (std::vector<Triple>{{"Microsoft.AspNet.WebApi", "5.2.2", false},
                                                         {"Newtonsoft.Json", "6.0.4", false}}));
  for (const model::Package& p : sink.packages) {
    EXPECT_EQ(p.type, model::PackageType::kNuget);
    EXPECT_EQ(p.path, "/inetpub/app/packages.config");
  }
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(DotnetPackagesConfigTest, DevDependenciesAndBadElements) {
  RecordingSink sink;
  ASSERT_TRUE(Extract("/src/packages.config", ReadTestFile(TestData("dev.packages.config")), sink));
  EXPECT_EQ(Triples(sink.packages), (std::vector<Triple>{{"NUnit", "3.13.3", false},
                                                         {"StyleCop.Analyzers", "1.1.118", true},
                                                         {"Microsoft.Net.Compilers", "2.10.0", true},
                                                         {"Castle.Core", "4.4.1", false}}));
  ASSERT_EQ(sink.warnings.size(), 2u);
  EXPECT_EQ(sink.warnings[0].error.message(), "parse packages.config: <package> without version; skipped (line 8)");
  EXPECT_EQ(sink.warnings[1].error.message(), "parse packages.config: <package> without id; skipped (line 9)");
}

TEST(DotnetPackagesConfigTest, BadInput) {
  struct Case {
    std::string text;
    ErrorCode code;
    const char* message;
  };
  const Case cases[] = {
      {"", ErrorCode::kCorrupt, "parse packages.config: no element found (line 1)"},
      {"<packages>\n  <package id=\"A\" version=\"1\" />\n", ErrorCode::kCorrupt,
       "parse packages.config: no element found (line 3)"},
      {"<packages><package id=\"A\" version=\"1\"></packages>", ErrorCode::kCorrupt,
       "parse packages.config: mismatched tag (line 1)"},
      {"<configuration><package id=\"A\" version=\"1\"/></configuration>", ErrorCode::kCorrupt,
       "parse packages.config: root element is 'configuration', not 'packages' (line 1)"},
      {"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<packages>&lol;</packages>",
       ErrorCode::kCorrupt, "parse packages.config: a DOCTYPE is not allowed (line 2)"},
      {std::string("\x00\x01garbage", 9), ErrorCode::kCorrupt, "parse packages.config: not well-formed (invalid token) (line 1)"},
  };
  for (const Case& c : cases) {
    auto out = ParsePackagesConfig(c.text);
    ASSERT_FALSE(out) << c.text;
    EXPECT_EQ(out.error().code(), c.code) << c.text;
    EXPECT_EQ(out.error().message(), c.message);
  }
  std::string deep = "<packages>";
  for (uint64_t i = 0; i < 100; ++i) deep += "<a>";
  auto out = ParsePackagesConfig(deep);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(out.error().message(), "parse packages.config: elements nested deeper than 64 levels (line 1)");
  auto big = ParsePackagesConfig(std::string(kMaxPackagesConfigBytes + 1, ' '));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), ErrorCode::kLimitExceeded);
}

TEST(DotnetPackagesConfigTest, TruncatedFixtureIsCorrupt) {
  const std::string path = Fixture("packages.config");
  HS_REQUIRE_PATH(path);
  std::string text = ReadTestFile(path);
  RecordingSink sink;
  auto st = Extract("/src/packages.config", text.substr(0, text.size() - 20), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_TRUE(sink.packages.empty());
}

// --- limits -----------------------------------------------------------------------------

TEST(DotnetExtractorTest, OversizedFilesAreLimitExceeded) {
  struct Case {
    const char* path;
    uint64_t limit;
  };
  const Case cases[] = {{"/app/a.deps.json", kMaxJsonBytes},
                        {"/src/packages.lock.json", kMaxJsonBytes},
                        {"/src/packages.config", kMaxPackagesConfigBytes}};
  for (const Case& c : cases) {
    // ReadAllWithin() refuses on the declared size, before reading: a FileInput that claims
    // one byte more than the limit is enough.
    struct Oversized final : public FileInput {
      FileInfo info_;
      MemorySource source_{std::string_view()};
      const FileInfo& info() const override { return info_; }
      ByteSource& content() override { return source_; }
      Result<std::string> ReadAll() override { return std::string(); }
      Result<TempFile> Materialize() override { return MakeError(ErrorCode::kUnsupported, "no"); }
    } in;
    in.info_.path = c.path;
    in.info_.size_bytes = c.limit + 1;
    RecordingSink sink;
    auto e = NewDotnetExtractor();
    auto st = e->Extract(in, sink);
    ASSERT_FALSE(st) << c.path;
    EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded) << c.path;
    EXPECT_TRUE(sink.packages.empty());
  }
  // And the runner's own max_file_bytes applies below the format limit.
  Limits small;
  small.max_file_bytes = 16;
  RecordingSink sink;
  auto st = Extract("/src/packages.lock.json", R"({"dependencies": {"net8.0": {}}})", sink, small);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::extract::dotnet
