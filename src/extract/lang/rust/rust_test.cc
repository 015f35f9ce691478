#include "extract/lang/rust/rust_extractor.h"

#include <zlib.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/common/elf.h"
#include "extract/common/testing_elf.h"
#include "extract/common/testing_io.h"
#include "extract/lang/rust/rust_parsers.h"
#include "testing/testing.h"

namespace hullscan::extract::rust {
namespace {

using common::MakeTestElf;
using common::MemoryElfReader;
using common::RecordingSink;
using testing::ReadTestFile;
using testing::SharedPath;
using common::NameVersion;
using common::Pairs;

std::string Fixture(const std::string& rel) { return SharedPath("fixtures/lang/rust/" + rel); }
std::string TestData(const std::string& rel) {
  return testing::SourceDir() + "/src/extract/lang/rust/testdata/" + rel;
}

const common::ExtractWith Extract(NewRustExtractor);

std::string Zlib(std::string_view data, int level = 9) {
  uLongf n = compressBound(data.size());
  std::string out(n, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(data.data()),
                      data.size(), level),
            Z_OK);
  out.resize(n);
  return out;
}

// A FileInput over a stream read once, spilling what is left of it, like the runner's input
// for a file only one extractor wants (extract/runner.cc EntryInput).
class StreamFileInput final : public FileInput {
 public:
  StreamFileInput(std::string path, std::string data) : path_(std::move(path)), data_(std::move(data)), src_(data_) {
    info_.path = path_;
    info_.size_bytes = data_.size();
    info_.mode = 0755;
  }
  const FileInfo& info() const override { return info_; }
  ByteSource& content() override { return src_; }
  Result<std::string> ReadAll() override { return hullscan::ReadAll(src_, 1ull << 30, path_); }
  Result<TempFile> Materialize() override {
    ++spills;
    if (dir_ == nullptr) {
      HS_ASSIGN_OR_RETURN(dir_, TempDir::Create());
    }
    return TempFile::FromSource(dir_->NewPath(), src_, 1ull << 30, path_);
  }
  int spills = 0;

 private:
  std::string path_;
  std::string data_;
  MemorySource src_;
  FileInfo info_;
  std::unique_ptr<TempDir> dir_;
};

// --- the extractor -------------------------------------------------------------------------

TEST(RustExtractorTest, NameAndVersion) { common::ExpectNameAndVersion(*NewRustExtractor(), "lang/rust", 1); }

TEST(RustExtractorTest, WantsLockfiles) {
  using layer::EntryType;
  const common::WantsCase cases[] = {
      {"app lock", "/app/Cargo.lock", EntryType::kRegular, true},
      {"nested workspace", "/src/tools/xtask/Cargo.lock", EntryType::kRegular, true},
      {"root", "/Cargo.lock", EntryType::kRegular, true},
      {"registry source", "/root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/ripgrep-14.1.0/Cargo.lock",
       EntryType::kRegular, false},
      {"registry source, rust image CARGO_HOME",
       "/usr/local/cargo/registry/src/index.crates.io-1949cf8c6b5b557f/bat-0.24.0/Cargo.lock", EntryType::kRegular,
       false},
      {"git checkout", "/root/.cargo/git/checkouts/regex-1a2b3c/1a069b9/Cargo.lock", EntryType::kRegular, false},
      {"manifest", "/app/Cargo.toml", EntryType::kRegular, false},
      {"lowercase", "/app/cargo.lock", EntryType::kRegular, false},
      {"backup", "/app/Cargo.lock.orig", EntryType::kRegular, false},
      {"suffix", "/app/MyCargo.lock", EntryType::kRegular, false},
      {"directory", "/app/Cargo.lock", EntryType::kDirectory, false},
      {"symlink", "/app/Cargo.lock", EntryType::kSymlink, false},
  };
  auto e = NewRustExtractor();
  common::ExpectWants(*e, cases);
}

TEST(RustExtractorTest, WantsExecutables) {
  auto e = NewRustExtractor();
  auto wants = [&](uint64_t size, uint32_t mode, layer::EntryType type = layer::EntryType::kRegular) {
    FileInfo info;
    info.path = "/usr/local/bin/gzcat";
    info.size_bytes = size;
    info.mode = mode;
    info.type = type;
    return e->Wants(info);
  };
  EXPECT_TRUE(wants(9704, 0755));
  EXPECT_TRUE(wants(9704, 0100));  // any executable bit
  EXPECT_TRUE(wants(0, 0755));     // hard link: the runner copies the target's results
  EXPECT_TRUE(wants(kMinBinaryBytes, 0755));
  EXPECT_TRUE(wants(kMaxBinaryBytes, 0755));
  EXPECT_FALSE(wants(kMinBinaryBytes - 1, 0755));
  EXPECT_FALSE(wants(kMaxBinaryBytes + 1, 0755));
  EXPECT_FALSE(wants(9704, 0644));
  EXPECT_FALSE(wants(9704, 0755, layer::EntryType::kSymlink));
  EXPECT_FALSE(wants(9704, 0755, layer::EntryType::kDirectory));
}

// --- Cargo.lock ----------------------------------------------------------------------------

// syft's Cargo.lock: no version line (format 2 layout), 14 crates, all from crates.io; one
// `dependencies` array holds a comment and a name that is not locked ("bogus"), which does not
// matter for the package list.
TEST(RustExtractorTest, CargoLockSyft) {
  const std::string f = Fixture("Cargo.lock");
  HS_REQUIRE_PATH(f);
  RecordingSink sink("/app/Cargo.lock");
  ASSERT_TRUE(Extract("/app/Cargo.lock", ReadTestFile(f), sink));
  const std::vector<NameVersion> want = {
      {"ansi_term", "0.12.1"},
      {"errno", "0.3.9"},
      {"matches", "0.1.8"},
      {"memchr", "2.3.3"},
      {"natord", "1.0.9"},
      {"nom", "4.2.3"},
      {"schannel", "0.1.26"},
      {"unicode-bidi", "0.3.4"},
      {"version_check", "0.1.5"},
      {"winapi", "0.3.9"},
      {"winapi-i686-pc-windows-gnu", "0.4.0"},
      {"winapi-x86_64-pc-windows-gnu", "0.4.0"},
      {"windows-sys", "0.52.0"},
      {"windows-sys", "0.59.0"},
  };
  EXPECT_EQ(Pairs(sink.packages), want);
  for (const model::Package& p : sink.packages) {
    EXPECT_EQ(p.type, model::PackageType::kCargo);
    EXPECT_EQ(p.path, "/app/Cargo.lock");
    EXPECT_EQ(p.extractor, "lang/rust");
    EXPECT_FALSE(p.dev);
  }
  EXPECT_TRUE(sink.warnings.empty());
}

// syft's Cargo.lock-with-git-deps (format 3): 12 [[package]] tables. hello_world has no source
// (the workspace root): not reported. regex, regex-automata and regex-syntax are locked twice
// at the same version, from crates.io and from git: one package each.
TEST(RustExtractorTest, CargoLockGitDeps) {
  const std::string f = Fixture("Cargo-git-deps.lock");
  HS_REQUIRE_PATH(f);
  RecordingSink sink;
  ASSERT_TRUE(Extract("/src/hello/Cargo.lock", ReadTestFile(f), sink));
  const std::vector<NameVersion> want = {
      {"aho-corasick", "1.1.3"}, {"memchr", "2.7.4"},      {"minimal-lexical", "0.2.1"},
      {"nom", "7.1.3"},          {"nom-regex", "0.2.0"},   {"regex", "1.11.1"},
      {"regex-automata", "0.4.9"}, {"regex-syntax", "0.8.5"},
  };
  EXPECT_EQ(Pairs(sink.packages), want);
  EXPECT_TRUE(sink.warnings.empty());
}

// trivy's trivy-ci-test Cargo.lock: format 1, checksums in [metadata], 74 tables of which the
// root crate "normal" has no source.
TEST(RustExtractorTest, CargoLockV1Metadata) {
  const std::string f = Fixture("Cargo-trivy-ci-test.lock");
  HS_REQUIRE_PATH(f);
  auto parsed = ParseCargoLock(ReadTestFile(f));
  ASSERT_TRUE(parsed) << parsed.error().message();
  const std::vector<NameVersion> got = Pairs(parsed->packages);
  ASSERT_EQ(got.size(), 73u);
  EXPECT_EQ(got.front(), NameVersion("ammonia", "1.9.0"));
  EXPECT_EQ(got[1], NameVersion("autocfg", "0.1.2"));
  EXPECT_EQ(got[2], NameVersion("bitflags", "0.7.0"));
  EXPECT_EQ(got[3], NameVersion("bitflags", "1.0.4"));
  EXPECT_EQ(got.back(), NameVersion("winapi-x86_64-pc-windows-gnu", "0.4.0"));
  for (const NameVersion& nv : {NameVersion("url", "1.7.2"), NameVersion("idna", "0.1.5"),
                                NameVersion("winapi", "0.2.8"), NameVersion("winapi", "0.3.7")}) {
    EXPECT_NE(std::find(got.begin(), got.end(), nv), got.end()) << nv.first << " " << nv.second;
  }
  for (const NameVersion& nv : got) EXPECT_NE(nv.first, "normal");
  EXPECT_TRUE(parsed->warnings.empty());
}

// Format 4 (cargo >= 1.78): `version = 4`; sources of other registries ("sparse+") are
// reported like crates.io; path dependencies (no source) are not.
TEST(RustExtractorTest, CargoLockV4) {
  constexpr std::string_view kLock = R"(# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 4

[[package]]
name = "anyhow"
version = "1.0.93"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "4c95c10ba0b00a02636238b814946408b1322d5ac4760326e6fb8ec956d85775"

[[package]]
name = "internal-auth"
version = "2.3.0"
source = "sparse+https://cargo.example.com/index/"
checksum = "0f4a4fa5e2aab4c1a5a6f6d1c5bb7d2b8d7c5f5e1d3b2a1c0e9f8e7d6c5b4a39"

[[package]]
name = "svc"
version = "0.1.0"
dependencies = [
 "anyhow",
 "internal-auth",
 "svc-core",
]

[[package]]
name = "svc-core"
version = "0.1.0"
)";
  auto parsed = ParseCargoLock(kLock);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(Pairs(parsed->packages),
            (std::vector<NameVersion>{{"anyhow", "1.0.93"}, {"internal-auth", "2.3.0"}}));
  EXPECT_TRUE(parsed->warnings.empty());
}

TEST(RustExtractorTest, CargoLockEmptyAndRecordWarnings) {
  auto empty = ParseCargoLock("# It is not intended for manual editing.\nversion = 3\n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->packages.empty());

  auto partial = ParseCargoLock(
      "[[package]]\nname = \"a\"\nsource = \"registry+x\"\n\n"
      "[[package]]\nversion = \"1.0.0\"\nsource = \"registry+x\"\n\n"
      "[[package]]\nname = \"c\"\nversion = \"1.0.0\"\nsource = 7\n\n"
      "[[package]]\nname = \"d\"\nversion = \"0.4.1\"\nsource = \"registry+x\"\n");
  ASSERT_TRUE(partial) << partial.error().message();
  EXPECT_EQ(Pairs(partial->packages), (std::vector<NameVersion>{{"d", "0.4.1"}}));
  ASSERT_EQ(partial->warnings.size(), 3u);
  EXPECT_EQ(partial->warnings[0].message(), "parse Cargo.lock: package 1: 'a' has no string 'version' (line 1)");
  EXPECT_EQ(partial->warnings[1].message(), "parse Cargo.lock: package 2: no string 'name' (line 5)");
  EXPECT_EQ(partial->warnings[2].message(), "parse Cargo.lock: package 3: 'c': 'source' is not a string (line 9)");
}

TEST(RustExtractorTest, CargoLockCorrupt) {
  struct Case {
    const char* name;
    std::string text;
    const char* want_prefix;
  };
  const Case cases[] = {
      {"not toml", "[[package]\nname = \"a\"\n", "parse Cargo.lock: "},
      {"package is a string", "package = \"a\"\n", "parse Cargo.lock: 'package' is not an array of tables (line 1)"},
      {"package of numbers", "package = [1, 2]\n", "parse Cargo.lock: 'package' is not an array of tables (line 1)"},
      {"unterminated string", "version = 3\n\n[[package]]\nname = \"abc\n", "parse Cargo.lock: "},
      {"binary", std::string("\x00\xff\xfe[[package]]", 14), "parse Cargo.lock: "},
  };
  for (const Case& c : cases) {
    auto r = ParseCargoLock(c.text);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt) << c.name;
    EXPECT_EQ(r.error().message().rfind(c.want_prefix, 0), 0u) << c.name << ": " << r.error().message();
    EXPECT_NE(r.error().message().find("(line "), std::string::npos) << c.name << ": " << r.error().message();
  }
  auto line4 = ParseCargoLock("version = 3\n\n[[package]]\nname = \"abc\n");
  ASSERT_FALSE(line4);
  EXPECT_NE(line4.error().message().find("(line 4)"), std::string::npos) << line4.error().message();
}

TEST(RustExtractorTest, CargoLockTruncatedFixture) {
  const std::string f = Fixture("Cargo-git-deps.lock");
  HS_REQUIRE_PATH(f);
  const std::string text = ReadTestFile(f);
  const size_t cut = text.find("checksum = \"8e60d3430d");
  ASSERT_NE(cut, std::string::npos);
  RecordingSink sink;
  Status st = Extract("/app/Cargo.lock", text.substr(0, cut + 20), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_TRUE(sink.packages.empty());
}

TEST(RustExtractorTest, CargoLockOversized) {
  RecordingSink sink;
  Status st = Extract("/app/Cargo.lock", std::string(kMaxLockfileBytes + 1, '#'), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
}

// --- cargo-auditable executables -----------------------------------------------------------

const std::vector<NameVersion>& GzcatWant() {
  // testdata/make-auditable-elf.sh: runtime crates not from the workspace.
  static const std::vector<NameVersion> want = {
      {"adler2", "2.0.0"},  {"cfg-if", "1.0.0"},      {"crc32fast", "1.4.2"},
      {"flate2", "1.0.35"}, {"libz-sys", "1.1.20"},   {"miniz_oxide", "0.8.0"},
  };
  return want;
}

TEST(RustExtractorTest, AuditableElfFromMemoryInput) {
  const std::string elf = ReadTestFile(TestData("auditable-gzcat.elf"));
  ASSERT_GT(elf.size(), kHeadBytes);  // the section table lies beyond the head: read on
  ASSERT_LT(elf.size(), 32u * 1024);
  RecordingSink sink("/usr/local/bin/gzcat");
  ASSERT_TRUE(Extract("/usr/local/bin/gzcat", elf, sink));
  EXPECT_EQ(Pairs(sink.packages), GzcatWant());
  for (const model::Package& p : sink.packages) {
    EXPECT_EQ(p.type, model::PackageType::kCargo);
    EXPECT_EQ(p.path, "/usr/local/bin/gzcat");
    EXPECT_EQ(p.extractor, "lang/rust");
  }
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(RustExtractorTest, AuditableElfFromStream) {
  StreamFileInput in("/usr/local/bin/gzcat", ReadTestFile(TestData("auditable-gzcat.elf")));
  RecordingSink sink("/usr/local/bin/gzcat");
  auto e = NewRustExtractor();
  ASSERT_TRUE(e->Extract(in, sink));
  EXPECT_EQ(Pairs(sink.packages), GzcatWant());
  EXPECT_EQ(in.spills, 0) << "a small executable is read into memory";

  // Past kInMemoryBinaryBytes the rest is spilled (bytes after the section table keep the
  // ELF valid).
  std::string big = ReadTestFile(TestData("auditable-gzcat.elf"));
  big.resize(kInMemoryBinaryBytes + 1, '\0');
  StreamFileInput big_in("/usr/local/bin/gzcat", big);
  RecordingSink big_sink("/usr/local/bin/gzcat");
  ASSERT_TRUE(e->Extract(big_in, big_sink));
  EXPECT_EQ(Pairs(big_sink.packages), GzcatWant());
  EXPECT_EQ(big_in.spills, 1);
}

TEST(RustExtractorTest, AuditableJsonOfTestdata) {
  // The same list straight from the JSON the script compresses.
  auto parsed = ParseAuditJson(ReadTestFile(TestData("dep-v0.json")));
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(Pairs(parsed->packages), GzcatWant());
}

TEST(RustExtractorTest, AuditableElfTruncated) {
  const std::string elf = ReadTestFile(TestData("auditable-gzcat.elf"));
  for (size_t keep : {elf.size() - 1, elf.size() / 2, size_t{4097}, size_t{kHeadBytes}, size_t{100}}) {
    RecordingSink sink;
    StreamFileInput in("/usr/local/bin/gzcat", elf.substr(0, keep));
    auto e = NewRustExtractor();
    Status st = e->Extract(in, sink);
    ASSERT_FALSE(st) << keep;
    EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt) << keep;
    EXPECT_NE(st.error().message().find("past the end of the file"), std::string::npos) << st.error().message();
    EXPECT_EQ(st.error().message().rfind("/usr/local/bin/gzcat: ", 0), 0u) << st.error().message();
    EXPECT_EQ(in.spills, 0) << keep;  // decided from the ELF header alone
    EXPECT_TRUE(sink.packages.empty());
  }
  RecordingSink sink;
  Status short_header = Extract("/usr/local/bin/gzcat", elf.substr(0, 40), sink);
  ASSERT_FALSE(short_header);
  EXPECT_EQ(short_header.error().code(), ErrorCode::kCorrupt);
}

TEST(RustExtractorTest, AuditableSectionZlibBomb) {
  // 9 MiB of JSON whitespace compresses to a few KiB and inflates beyond the 8 MiB cap.
  const std::string bomb = Zlib(std::string(9u << 20, ' ') + "{\"packages\":[]}");
  ASSERT_LT(bomb.size(), 64u * 1024);
  RecordingSink sink;
  Status st = Extract("/usr/bin/bomb", MakeTestElf({{".text", "\xc3"}, {".dep-v0", bomb}}), sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(st.error().message().find("read .dep-v0: zlib: inflates to more than the limit of 8388608 bytes"),
            std::string::npos)
      << st.error().message();
  // Just under the cap is fine.
  const std::string json = "{\"packages\":[{\"name\":\"a\",\"version\":\"1.0.0\",\"source\":\"crates.io\"}]}";
  auto ok = InflateZlib(Zlib(std::string(kMaxAuditDataBytes - json.size(), ' ') + json));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), kMaxAuditDataBytes);
}

TEST(RustExtractorTest, AuditableSectionDamaged) {
  const std::string json = ReadTestFile(TestData("dep-v0.json"));
  const std::string z = Zlib(json);
  struct Case {
    const char* name;
    std::string section;
    ErrorCode code;
    const char* want;
  };
  const Case cases[] = {
      {"truncated stream", z.substr(0, z.size() - 10), ErrorCode::kCorrupt, "zlib: stream ends early"},
      {"not zlib", json, ErrorCode::kCorrupt, "read .dep-v0: zlib: incorrect header check"},
      {"empty", "", ErrorCode::kCorrupt, "zlib: stream ends early"},
      {"bad json", Zlib("{\"packages\":[{\"name\":"), ErrorCode::kCorrupt, "parse .dep-v0: invalid JSON"},
      {"no packages", Zlib("{\"format\":1}"), ErrorCode::kCorrupt, "parse .dep-v0: no \"packages\" array (at /packages)"},
      {"not an object", Zlib("[]"), ErrorCode::kCorrupt, "parse .dep-v0: not a JSON object (at /)"},
  };
  for (const Case& c : cases) {
    RecordingSink sink;
    Status st = Extract("/usr/bin/x", MakeTestElf({{".dep-v0", c.section}}), sink);
    ASSERT_FALSE(st) << c.name;
    EXPECT_EQ(st.error().code(), c.code) << c.name;
    EXPECT_NE(st.error().message().find(c.want), std::string::npos) << c.name << ": " << st.error().message();
    EXPECT_TRUE(sink.packages.empty()) << c.name;
  }
}

TEST(RustExtractorTest, AuditableJsonRules) {
  constexpr std::string_view kJson = R"({"packages":[
    {"name":"ripgrep","version":"14.1.0","source":"crates.io","dependencies":[1,2,3],"root":true},
    {"name":"grep","version":"0.3.1","source":"crates.io"},
    {"name":"private-log","version":"0.2.0","source":"registry"},
    {"name":"regex","version":"1.11.1","source":"git"},
    {"name":"regex","version":"1.11.1","source":"crates.io"},
    {"name":"mirror-crate","version":"0.1.0","source":"sparse"},
    {"name":"cc","version":"1.2.1","source":"crates.io","kind":"build"},
    {"name":"memchr","version":"2.7.4","source":"crates.io","kind":"runtime"},
    {"name":"workspace-util","version":"0.1.0","source":"local"},
    {"name":"bad","version":1,"source":"crates.io"},
    {"name":"nosource","version":"1.0.0"},
    {"name":"badkind","version":"1.0.0","source":"crates.io","kind":3},
    {"name":"badroot","version":"1.0.0","source":"crates.io","root":"yes"},
    "not an object"
  ],"format":1})";
  auto parsed = ParseAuditJson(kJson);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(Pairs(parsed->packages), (std::vector<NameVersion>{{"ripgrep", "14.1.0"},
                                                               {"grep", "0.3.1"},
                                                               {"private-log", "0.2.0"},
                                                               {"regex", "1.11.1"},
                                                               {"mirror-crate", "0.1.0"},
                                                               {"memchr", "2.7.4"}}));
  ASSERT_EQ(parsed->warnings.size(), 5u);
  EXPECT_EQ(parsed->warnings[0].message(),
            "parse .dep-v0: package needs string \"name\", \"version\" and \"source\" (at /packages/9)");
  EXPECT_EQ(parsed->warnings[2].message(), "parse .dep-v0: \"kind\" of 'badkind' is not a string (at /packages/11)");
  EXPECT_EQ(parsed->warnings[3].message(), "parse .dep-v0: \"root\" of 'badroot' is not a boolean (at /packages/12)");
  EXPECT_EQ(parsed->warnings[4].message(), "parse .dep-v0: package is not an object (at /packages/13)");

  // A root package from git or from the workspace is the executable's own crate: not reported.
  auto git_root = ParseAuditJson(
      R"({"packages":[{"name":"tool","version":"0.3.0","source":"git","root":true},)"
      R"({"name":"libc","version":"0.2.164","source":"crates.io"}]})");
  ASSERT_TRUE(git_root);
  EXPECT_EQ(Pairs(git_root->packages), (std::vector<NameVersion>{{"libc", "0.2.164"}}));
  auto registry_root = ParseAuditJson(R"({"packages":[{"name":"tool","version":"0.3.0","source":"registry","root":true}]})");
  ASSERT_TRUE(registry_root);
  EXPECT_EQ(Pairs(registry_root->packages), (std::vector<NameVersion>{{"tool", "0.3.0"}}));
}

TEST(RustExtractorTest, ElfLayouts) {
  const std::string z = Zlib(R"({"packages":[{"name":"libc","version":"0.2.164","source":"crates.io"}]})");
  const std::vector<NameVersion> want = {{"libc", "0.2.164"}};
  for (bool is64 : {true, false}) {
    for (bool big : {false, true}) {
      const std::string elf = MakeTestElf({{".text", "\x90\x90"}, {".comment", "rustc"}, {".dep-v0", z}}, is64, big);
      MemoryElfReader reader(elf);
      auto parsed = ReadAuditableElf(reader);
      ASSERT_TRUE(parsed) << is64 << big << ": " << parsed.error().message();
      ASSERT_TRUE(parsed->has_value());
      EXPECT_EQ(Pairs((*parsed)->packages), want) << is64 << big;
    }
  }
  // A section whose name only starts with ".dep-v0" is not it.
  std::string longer = MakeTestElf({{".dep-v0.old", z}});
  MemoryElfReader longer_reader(longer);
  auto none = ReadAuditableElf(longer_reader);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  // SHT_NOBITS: no bytes to read.
  std::string nobits = MakeTestElf({{".dep-v0", z, 8}});
  MemoryElfReader nobits_reader(nobits);
  auto nb = ReadAuditableElf(nobits_reader);
  ASSERT_FALSE(nb);
  EXPECT_EQ(nb.error().code(), ErrorCode::kCorrupt);
}

TEST(RustExtractorTest, OtherFilesGiveNothing) {
  // Not ELF: nothing read beyond the head, no spill.
  {
    StreamFileInput in("/usr/bin/script.sh", "#!/bin/sh\nexec true\n" + std::string(10000, '#'));
    RecordingSink sink;
    auto e = NewRustExtractor();
    ASSERT_TRUE(e->Extract(in, sink));
    EXPECT_TRUE(sink.packages.empty());
    EXPECT_EQ(in.spills, 0);
  }
  // ELF without a section header table (e_shoff = 0): no spill.
  {
    std::string elf = MakeTestElf({{".text", "\xc3"}});
    for (int i = 40; i < 48; ++i) elf[i] = 0;
    elf += std::string(8000, '\0');
    StreamFileInput in("/usr/bin/sstripped", elf);
    RecordingSink sink;
    auto e = NewRustExtractor();
    ASSERT_TRUE(e->Extract(in, sink));
    EXPECT_TRUE(sink.packages.empty());
    EXPECT_EQ(in.spills, 0);
  }
  // ELF without .dep-v0: a real Go executable.
  {
    const std::string go = SharedPath("fixtures/lang/go/hello-go");
    HS_REQUIRE_PATH(go);
    RecordingSink sink;
    ASSERT_TRUE(Extract("/usr/local/bin/hello-go", ReadTestFile(go), sink));
    EXPECT_TRUE(sink.packages.empty());
    EXPECT_TRUE(sink.warnings.empty());
  }
  // Empty file (a hard link entry).
  {
    RecordingSink sink;
    ASSERT_TRUE(Extract("/usr/bin/link", "", sink));
    EXPECT_TRUE(sink.packages.empty());
  }
}

}  // namespace
}  // namespace hullscan::extract::rust
