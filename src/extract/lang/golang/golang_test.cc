#include "extract/lang/golang/golang_extractor.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"
#include "extract/lang/golang/go_buildinfo.h"
#include "testing/testing.h"

namespace hullscan::extract::golang {
namespace {

using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;

using NameVersion = std::pair<std::string, std::string>;

std::vector<NameVersion> NamesOf(const std::vector<model::Package>& pkgs) {
  std::vector<NameVersion> out;
  for (const auto& p : pkgs) {
    EXPECT_EQ(p.type, model::PackageType::kGolang);
    out.emplace_back(p.name, p.version);
  }
  return out;
}

// Expected values: the fixtures' `<binary>.go-version-m.txt` (go version -m output).
struct Case {
  const char* file;
  std::vector<NameVersion> want;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"hello-go",
       {{"example.com/hullscan/hello-go", "(devel)"},
        {"github.com/google/uuid", "v1.3.0"},
        {"golang.org/x/net", "v0.7.0"},
        {"stdlib", "go1.19.8"}}},
      {"fzf", {{"github.com/junegunn/fzf", ""}, {"stdlib", "go1.19.8"}}},
      {"scalibr-binary_with_module_replacement-linux-amd64",
       {{"binary_with_module_replacement", "(devel)"},
        {"github.com/golang/xerrors", "v0.0.0-20220907171357-04be3eba64a2"},
        {"stdlib", "go1.22.0"}}},
      {"trivy-test.elf",
       {{"github.com/aquasecurity/test", "(devel)"},
        {"github.com/aquasecurity/go-pep440-version", "v0.0.0-20210121094942-22b2f8951d46"},
        {"github.com/aquasecurity/go-version", "v0.0.0-20210121072130-637058cfe492"},
        {"golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1"},
        {"stdlib", "go1.15.2"}}},
  };
  return cases;
}

// Both ways a binary reaches the extractor: held in memory by the runner (other extractors
// read it too) and as the layer's stream (spilled or read forward).
TEST(GolangExtractor, FixtureBinariesThroughExtract) {
  for (bool streaming : {false, true}) {
    for (const Case& c : Cases()) {
      const std::string path = SharedPath(std::string("fixtures/lang/go/") + c.file);
      HS_REQUIRE_PATH(path);
      GolangExtractor x;
      RecordingSink sink("/usr/local/bin/x");
      common::MemoryFileInput in("/usr/local/bin/x", ReadTestFile(path));
      if (streaming) in.set_streaming();
      Status st = x.Extract(in, sink);
      ASSERT_TRUE(st) << c.file << ": " << st.error().message();
      EXPECT_TRUE(sink.warnings.empty()) << c.file;
      EXPECT_EQ(NamesOf(sink.packages), c.want) << c.file << (streaming ? " (stream)" : " (in memory)");
      for (const auto& p : sink.packages) EXPECT_EQ(p.path, "/usr/local/bin/x");
    }
  }
}

TEST(GolangExtractor, AllFixturesCarryTheGoBuildIdNote) {
  for (const Case& c : Cases()) {
    const std::string path = SharedPath(std::string("fixtures/lang/go/") + c.file);
    HS_REQUIRE_PATH(path);
    EXPECT_TRUE(HasGoBuildIdNote(ReadTestFile(path).substr(0, 4096))) << c.file;
  }
}

// The streaming path (no spill) finds Go >= 1.18 build info in the data segment; the pre-1.18
// pointer format needs random access and says so.
TEST(GoBuildInfo, ForwardOnlyReader) {
  for (const Case& c : Cases()) {
    const std::string path = SharedPath(std::string("fixtures/lang/go/") + c.file);
    HS_REQUIRE_PATH(path);
    const std::string bytes = ReadTestFile(path);
    MemorySource rest(std::string_view(bytes).substr(4096));
    common::ForwardElfReader r(bytes.substr(0, 4096), rest, bytes.size());
    auto raw = ReadBuildInfo(r);
    if (std::string(c.file) == "trivy-test.elf") {
      ASSERT_FALSE(raw);
      EXPECT_EQ(raw.error().code(), ErrorCode::kUnsupported);
      continue;
    }
    ASSERT_TRUE(raw) << c.file << ": " << raw.error().message();
    ASSERT_TRUE(raw->has_value()) << c.file;
    auto bi = ParseModInfo((*raw)->go_version, (*raw)->mod_info);
    ASSERT_TRUE(bi);
    EXPECT_EQ(NamesOf(PackagesOf(*bi)), c.want) << c.file;
  }
}

TEST(GoBuildInfo, ModInfoDetails) {
  const std::string path = SharedPath("fixtures/lang/go/scalibr-binary_with_module_replacement-linux-amd64");
  HS_REQUIRE_PATH(path);
  const std::string bytes = ReadTestFile(path);
  common::MemoryElfReader r(bytes);
  auto raw = ReadBuildInfo(r);
  ASSERT_TRUE(raw && raw->has_value());
  EXPECT_EQ((*raw)->go_version, "go1.22.0");
  auto bi = ParseModInfo((*raw)->go_version, (*raw)->mod_info);
  ASSERT_TRUE(bi);
  EXPECT_EQ(bi->path, "binary_with_module_replacement");
  ASSERT_EQ(bi->deps.size(), 1u);
  EXPECT_EQ(bi->deps[0].path, "golang.org/x/xerrors");
  EXPECT_TRUE(bi->deps[0].replaced);
  EXPECT_EQ(bi->deps[0].replace_path, "github.com/golang/xerrors");
  EXPECT_EQ(bi->deps[0].replace_version, "v0.0.0-20220907171357-04be3eba64a2");
}

TEST(GoBuildInfo, ParseModInfoEdgeCases) {
  auto bi = ParseModInfo("go1.21.0 X:boringcrypto", "path\tx\nmod\tx\tv1.0.0\t\ndep\ta\tv1\th1:abc\n=>\t../local\t\t\nbuild\tGOOS=linux\n");
  ASSERT_TRUE(bi);
  EXPECT_EQ(NamesOf(PackagesOf(*bi)),
            (std::vector<NameVersion>{{"x", "v1.0.0"}, {"../local", ""}, {"stdlib", "go1.21.0"}}));
  EXPECT_FALSE(ParseModInfo("go1.20", "=>\ta\tv1\n"));
  EXPECT_FALSE(ParseModInfo("go1.20", "dep\tonly-path\n"));
  EXPECT_FALSE(ParseModInfo("go1.20", "dep\ta\tv1\n=>\tb\tv2\n=>\tc\tv3\n"));
}

TEST(GolangExtractor, NonElfAndTruncatedInputs) {
  GolangExtractor x;
  RecordingSink sink;
  ASSERT_TRUE(common::ExtractFromMemory(x, "/usr/bin/script", "#!/bin/sh\necho hi\n" + std::string(100, ' '), sink));
  EXPECT_TRUE(sink.packages.empty());
  const std::string path = SharedPath("fixtures/lang/go/hello-go");
  HS_REQUIRE_PATH(path);
  const std::string bytes = ReadTestFile(path);
  // Cut inside the data segment: no crash, an error or nothing, never packages of garbage.
  for (uint64_t cut : {uint64_t{60}, uint64_t{4096}, uint64_t{0x170010}, uint64_t{0x170100}}) {
    RecordingSink s;
    Status st = common::ExtractFromMemory(x, "/x", bytes.substr(0, cut), s);
    if (st) {
      EXPECT_TRUE(s.packages.empty()) << cut;
    }
  }
}

// Section headers are only a short cut to the blob: a file cut before the end of its section
// name table is searched through its data segment, as a stripped one would be, and an error
// about the cut is left to the extractors that need sections (lang/rust).
TEST(GolangExtractor, NameTablePastTheEndFallsBackToTheDataSegment) {
  const std::string path = SharedPath("fixtures/lang/go/scalibr-binary_with_module_replacement-linux-amd64");
  HS_REQUIRE_PATH(path);
  const std::string bytes = ReadTestFile(path);
  GolangExtractor x;
  RecordingSink sink("/usr/local/bin/x");
  Status st = common::ExtractFromMemory(x, "/usr/local/bin/x", bytes.substr(0, bytes.size() - 1), sink);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(NamesOf(sink.packages), (std::vector<NameVersion>{{"binary_with_module_replacement", "(devel)"},
                                                              {"github.com/golang/xerrors",
                                                               "v0.0.0-20220907171357-04be3eba64a2"},
                                                              {"stdlib", "go1.22.0"}}));
  const std::string hello = SharedPath("fixtures/lang/go/hello-go");
  HS_REQUIRE_PATH(hello);
  RecordingSink cut_sink;
  ASSERT_TRUE(common::ExtractFromMemory(x, "/usr/local/bin/hello", ReadTestFile(hello).substr(0, 4096), cut_sink));
  EXPECT_TRUE(cut_sink.packages.empty());
  EXPECT_TRUE(cut_sink.warnings.empty());
}

// Hand-made ELF files (testdata/make_elf.py): 32/64-bit, both byte orders, with and without
// section headers and the Go note, both blob formats.
TEST(GoBuildInfo, HandMadeElfFiles) {
  const std::vector<NameVersion> want = {
      {"example.com/tiny", "(devel)"}, {"github.com/c/d", "v1.2.4"}, {"stdlib", "go1.21.5"}};
  for (const char* f : {"go121-le64-sections.elf", "go121-be32-nosections.elf", "go117-le64-pointers.elf",
                        "go117-be32-pointers-nosections.elf"}) {
    const std::string bytes = ReadTestFile(testing::SourceDir() + "/src/extract/lang/golang/testdata/" + f);
    GolangExtractor x;
    RecordingSink sink("/bin/tiny");
    Status st = common::ExtractFromMemory(x, "/bin/tiny", bytes, sink);
    ASSERT_TRUE(st) << f << ": " << st.error().message();
    EXPECT_EQ(NamesOf(sink.packages), want) << f;
    MemorySource rest(std::string_view(bytes).substr(64));
    common::ForwardElfReader r(bytes.substr(0, 64), rest, bytes.size());
    auto raw = ReadBuildInfo(r);
    if (std::string_view(f).starts_with("go117")) {
      ASSERT_FALSE(raw) << f;
      EXPECT_EQ(raw.error().code(), ErrorCode::kUnsupported) << f;
    } else {
      ASSERT_TRUE(raw && raw->has_value()) << f;
      EXPECT_EQ((*raw)->go_version, "go1.21.5") << f;
    }
  }
}

TEST(GolangExtractor, Wants) {
  GolangExtractor x;
  FileInfo info{"/usr/local/bin/hello-go", 2377316, 0755, layer::EntryType::kRegular};
  EXPECT_TRUE(x.Wants(info));
  info.mode = 0644;
  EXPECT_FALSE(x.Wants(info));
  info.mode = 0100;
  EXPECT_TRUE(x.Wants(info));
  info.size_bytes = 10;
  EXPECT_FALSE(x.Wants(info));
  info.size_bytes = 0;  // a hard link
  EXPECT_TRUE(x.Wants(info));
  info.size_bytes = kMaxBinaryBytes + 1;
  EXPECT_FALSE(x.Wants(info));
  info.size_bytes = 1000;
  info.type = layer::EntryType::kSymlink;
  EXPECT_FALSE(x.Wants(info));
}

}  // namespace
}  // namespace hullscan::extract::golang
