#include <gtest/gtest.h>

#include <span>
#include <utility>

#include "base/byte_io.h"
#include "base/digest.h"
#include "extract/runner.h"
#include "layer/memory_reader.h"

namespace hullscan::extract {
namespace {

// A small real extractor: "/pkgs.txt" holds "name version" lines.
class LinesExtractor final : public PackageExtractor {
 public:
  explicit LinesExtractor(std::vector<std::string>* reads) : reads_(reads) {}
  std::string_view name() const override { return "test/lines"; }
  int version() const override { return 1; }
  bool Wants(const FileInfo& info) const override { return info.path == "/pkgs.txt" || info.path == "/link.txt"; }
  Status Extract(FileInput& in, ExtractSink& out) override {
    reads_->push_back(std::string(in.path()));
    HS_ASSIGN_OR_RETURN(std::string text, in.ReadAll());
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      std::string line = text.substr(pos, nl - pos);
      pos = nl == std::string::npos ? text.size() : nl + 1;
      size_t sp = line.find(' ');
      if (sp == std::string::npos) return MakeError(ErrorCode::kCorrupt, "line without version");
      model::Package p;
      p.type = model::PackageType::kDeb;
      p.name = line.substr(0, sp);
      p.version = line.substr(sp + 1);
      out.AddPackage(p);
    }
    return OkStatus();
  }

 private:
  std::vector<std::string>* reads_;
};

layer::MemoryEntryReader::Item File(std::string path, std::string body) {
  layer::TarEntry e;
  e.path = std::move(path);
  e.size_bytes = body.size();
  return {e, std::move(body)};
}

TEST(RunExtractors, ReadsOnlyWantedFilesAndRecordsWhiteouts) {
  std::vector<std::string> reads;
  ExtractorList list;
  list.push_back(std::make_unique<LinesExtractor>(&reads));
  layer::TarEntry wh;
  wh.path = "/gone";
  wh.whiteout = layer::Whiteout::kFile;
  layer::TarEntry opq;
  opq.path = "/opaque";
  opq.whiteout = layer::Whiteout::kOpaqueDir;
  layer::TarEntry link;
  link.path = "/link.txt";
  link.type = layer::EntryType::kHardlink;
  link.link_target = "/pkgs.txt";
  layer::MemoryEntryReader reader({File("/other.txt", "zzz"), File("/pkgs.txt", "a 1\nb 2"), {wh, ""}, {opq, ""},
                                   {link, ""}});
  auto tmp = TempDir::Create();
  ASSERT_TRUE(tmp.has_value());
  RunOptions opts;
  opts.temp_dir = tmp->get();
  opts.layer_index = 3;
  auto r = RunExtractors(reader, list, opts);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(reads, std::vector<std::string>{"/pkgs.txt"});  // the hard link is not read again
  ASSERT_EQ(r->packages.size(), 4u);
  EXPECT_EQ(r->packages[0].path, "/link.txt");
  EXPECT_EQ(r->packages[1].path, "/pkgs.txt");
  EXPECT_EQ(r->packages[1].extractor, "test/lines");
  EXPECT_EQ(r->deleted_paths, std::vector<std::string>{"/gone"});
  EXPECT_EQ(r->opaque_dirs, std::vector<std::string>{"/opaque"});
  EXPECT_EQ(r->evidence_paths, (std::vector<std::string>{"/link.txt", "/pkgs.txt"}));
  EXPECT_EQ(r->file_count, 2u);
  EXPECT_EQ(r->content_bytes, 10u);
}

TEST(RunExtractors, ExtractorErrorBecomesDiagnosticAndEvidenceCounts) {
  std::vector<std::string> reads;
  ExtractorList list;
  list.push_back(std::make_unique<LinesExtractor>(&reads));
  layer::MemoryEntryReader reader({File("/pkgs.txt", "broken")});
  auto tmp = TempDir::Create();
  RunOptions opts;
  opts.temp_dir = tmp->get();
  opts.layer_index = 1;
  auto r = RunExtractors(reader, list, opts);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->diagnostics.size(), 1u);
  EXPECT_EQ(r->diagnostics[0].extractor, "test/lines");
  EXPECT_EQ(r->diagnostics[0].path, "/pkgs.txt");
  EXPECT_EQ(r->diagnostics[0].layer_index, 1);
  EXPECT_EQ(r->diagnostics[0].code, "corrupt");
  EXPECT_EQ(r->evidence_paths, std::vector<std::string>{"/pkgs.txt"});
}

TEST(RunExtractors, ReaderErrorFailsTheLayer) {
  std::vector<std::string> reads;
  ExtractorList list;
  list.push_back(std::make_unique<LinesExtractor>(&reads));
  layer::MemoryEntryReader reader({File("/pkgs.txt", "a 1")}, MakeError(ErrorCode::kCorrupt, "truncated"));
  auto tmp = TempDir::Create();
  RunOptions opts;
  opts.temp_dir = tmp->get();
  auto r = RunExtractors(reader, list, opts);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt);
}

// Reads a wanted file through a chosen FileInput method and records a digest of what it saw.
class DigestExtractor final : public PackageExtractor {
 public:
  enum class Via { kStream, kReadAll, kMaterialize, kHeadThenMaterialize };
  DigestExtractor(std::string name, Via via) : name_(std::move(name)), via_(via) {}
  std::string_view name() const override { return name_; }
  int version() const override { return 1; }
  bool Wants(const FileInfo& info) const override { return info.path == "/big.bin" || info.path == "/small.bin"; }
  Status Extract(FileInput& in, ExtractSink& out) override {
    std::string bytes;
    if (via_ == Via::kReadAll) {
      HS_ASSIGN_OR_RETURN(bytes, in.ReadAll());
    } else if (via_ == Via::kStream) {
      HS_ASSIGN_OR_RETURN(bytes, hullscan::ReadAll(in.content(), 1ull << 30, "test"));
    } else {
      if (via_ == Via::kHeadThenMaterialize) {
        bytes.resize(10);
        HS_ASSIGN_OR_RETURN(size_t n, in.content().Read(std::as_writable_bytes(std::span(bytes))));
        bytes.resize(n);
      }
      HS_ASSIGN_OR_RETURN(TempFile f, in.Materialize());
      HS_ASSIGN_OR_RETURN(std::string rest, ReadFile(f.path(), 1ull << 30));
      bytes += rest;
    }
    model::Package p;
    p.type = model::PackageType::kDeb;
    p.name = name_;
    p.version = Sha256Of(bytes).substr(0, 16);
    out.AddPackage(p);
    return OkStatus();
  }

 private:
  std::string name_;
  Via via_;
};

// Several extractors wanting one file each see all of its bytes, whichever way they read it:
// from the shared buffer (small files) or the shared spill (files over 8 MiB).
TEST(RunExtractors, SharedFilesReachEveryExtractorWhole) {
  using Via = DigestExtractor::Via;
  std::string big(9u << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + i / 4096);
  const std::string want_big = Sha256Of(big).substr(0, 16);
  const std::string want_small = Sha256Of("small file").substr(0, 16);
  ExtractorList list;
  for (auto [name, via] : {std::pair{"a", Via::kStream}, {"b", Via::kReadAll}, {"c", Via::kMaterialize},
                           {"d", Via::kHeadThenMaterialize}}) {
    list.push_back(std::make_unique<DigestExtractor>(name, via));
  }
  layer::MemoryEntryReader reader({File("/big.bin", big), File("/small.bin", "small file")});
  auto tmp = TempDir::Create();
  ASSERT_TRUE(tmp.has_value());
  RunOptions opts;
  opts.temp_dir = tmp->get();
  auto r = RunExtractors(reader, list, opts);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  ASSERT_EQ(r->packages.size(), 8u);
  for (const model::Package& p : r->packages) {
    EXPECT_EQ(p.version, p.path == "/big.bin" ? want_big : want_small) << p.name << " " << p.path;
  }
  EXPECT_TRUE(r->diagnostics.empty());
}

TEST(ExtractorSetKey, ChangesWithVersion) {
  std::vector<std::string> reads;
  ExtractorList a;
  a.push_back(std::make_unique<LinesExtractor>(&reads));
  EXPECT_EQ(ExtractorSetKey(a), ExtractorSetKey(a));
  EXPECT_NE(ExtractorSetKey(a), ExtractorSetKey(DefaultExtractors()));
}

}  // namespace
}  // namespace hullscan::extract
