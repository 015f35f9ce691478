#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <map>

#include "base/digest.h"
#include "layer/layer_reader.h"

namespace hullscan::layer {
namespace {

struct TestEntry {
  std::string name;
  char type = 'f';  // f file, d dir, l symlink, h hardlink
  std::string data_or_target;
};

// Writes a PAX tar with libarchive (a real tar writer, not ours).
std::string MakeTar(const std::vector<TestEntry>& entries) {
  std::vector<char> buf(64 * 1024 * 1024);
  size_t used = 0;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const auto& e : entries) {
    struct archive_entry* ae = archive_entry_new();
    archive_entry_set_pathname(ae, e.name.c_str());
    archive_entry_set_perm(ae, 0644);
    if (e.type == 'd') {
      archive_entry_set_filetype(ae, AE_IFDIR);
    } else if (e.type == 'l') {
      archive_entry_set_filetype(ae, AE_IFLNK);
      archive_entry_set_symlink(ae, e.data_or_target.c_str());
    } else if (e.type == 'h') {
      archive_entry_set_filetype(ae, AE_IFREG);
      archive_entry_set_hardlink(ae, e.data_or_target.c_str());
    } else {
      archive_entry_set_filetype(ae, AE_IFREG);
      archive_entry_set_size(ae, static_cast<la_int64_t>(e.data_or_target.size()));
    }
    archive_write_header(a, ae);
    if (e.type == 'f') archive_write_data(a, e.data_or_target.data(), e.data_or_target.size());
    archive_entry_free(ae);
  }
  archive_write_close(a);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

std::string Gzip(const std::string& in) {
  std::string out(in.size() + in.size() / 2 + 1024, '\0');
  isal_zstream s;
  isal_deflate_init(&s);
  s.gzip_flag = IGZIP_GZIP;
  s.end_of_stream = 1;
  s.flush = NO_FLUSH;
  s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uint32_t>(in.size());
  s.next_out = reinterpret_cast<uint8_t*>(out.data());
  s.avail_out = static_cast<uint32_t>(out.size());
  std::vector<uint8_t> level_buf(ISAL_DEF_LVL1_DEFAULT);
  s.level = 1;
  s.level_buf = level_buf.data();
  s.level_buf_size = static_cast<uint32_t>(level_buf.size());
  EXPECT_EQ(isal_deflate(&s), COMP_OK);
  out.resize(s.total_out);
  return out;
}

std::string Zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

struct ReadResult {
  std::vector<TarEntry> entries;
  std::map<std::string, std::string> bodies;
  Status status;
  std::vector<model::Diagnostic> diagnostics;
  std::string diff_id;
};

// `blob_digest`, when set, is verified by a DigestingSource under the reader (as an ImageSource
// does) and passed on as the reader's verified_blob_digest.
ReadResult ReadLayer(const std::string& blob, const std::string& expected_diff_id = "", Limits limits = {},
                     const std::string& blob_digest = "") {
  ReadResult out;
  MemorySource mem{std::string_view(blob)};
  DigestingSource src(mem, blob_digest, "layer blob");
  LayerReaderOptions opts;
  opts.expected_diff_id = expected_diff_id;
  opts.verified_blob_digest = blob_digest;
  opts.limits = limits;
  auto reader = LayerReader::Open(src, opts);
  if (!reader) {
    out.status = MakeError(reader.error());
    return out;
  }
  while ((*reader)->Next()) {
    const TarEntry& e = (*reader)->entry();
    out.entries.push_back(e);
    if (e.type == EntryType::kRegular && e.whiteout == Whiteout::kNone) {
      auto body = ReadAll((*reader)->body(), 1 << 20);
      if (body) out.bodies[e.path] = *body;
    }
  }
  out.status = (*reader)->status();
  out.diagnostics = (*reader)->diagnostics();
  out.diff_id = (*reader)->diff_id();
  return out;
}

const std::vector<TestEntry> kSample = {
    {"./etc/", 'd', ""},
    {"./etc/os-release", 'f', "ID=debian\n"},
    {"usr/lib/os-release", 'l', "../../etc/os-release"},
    {"etc/hard", 'h', "./etc/os-release"},
    {"var/lib/dpkg/.wh.status", 'f', ""},
    {"app/node_modules/.wh..wh..opq", 'f', ""},
    {"/abs/file", 'f', "x"},
};

TEST(LayerReader, ReadsEntriesWhiteoutsAndLinks) {
  std::string tar = MakeTar(kSample);
  for (const std::string& blob : {tar, Gzip(tar), Zstd(tar)}) {
    ReadResult r = ReadLayer(blob, Sha256Of(tar));
    ASSERT_TRUE(r.status.has_value()) << r.status.error().message();
    ASSERT_EQ(r.entries.size(), 7u);
    EXPECT_EQ(r.entries[0].path, "/etc");
    EXPECT_EQ(r.entries[0].type, EntryType::kDirectory);
    EXPECT_EQ(r.entries[1].path, "/etc/os-release");
    EXPECT_EQ(r.bodies["/etc/os-release"], "ID=debian\n");
    EXPECT_EQ(r.entries[2].type, EntryType::kSymlink);
    EXPECT_EQ(r.entries[2].link_target, "../../etc/os-release");
    EXPECT_EQ(r.entries[3].type, EntryType::kHardlink);
    EXPECT_EQ(r.entries[3].link_target, "/etc/os-release");
    EXPECT_EQ(r.entries[4].whiteout, Whiteout::kFile);
    EXPECT_EQ(r.entries[4].path, "/var/lib/dpkg/status");
    EXPECT_EQ(r.entries[5].whiteout, Whiteout::kOpaqueDir);
    EXPECT_EQ(r.entries[5].path, "/app/node_modules");
    EXPECT_EQ(r.entries[6].path, "/abs/file");
    EXPECT_EQ(r.diff_id, Sha256Of(tar));
  }
}

TEST(LayerReader, DiffIdMismatchIsCorrupt) {
  std::string tar = MakeTar(kSample);
  ReadResult r = ReadLayer(Gzip(tar), "sha256:" + std::string(64, '0'));
  ASSERT_FALSE(r.status.has_value());
  EXPECT_EQ(r.status.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(r.status.error().message().find("digest mismatch for layer diff_id"), std::string::npos);
}

TEST(LayerReader, UncompressedBlobVerifiedBelowIsNotHashedTwiceButStillChecked) {
  std::string tar = MakeTar(kSample);
  const std::string digest = Sha256Of(tar);
  ReadResult ok = ReadLayer(tar, digest, {}, digest);
  ASSERT_TRUE(ok.status.has_value()) << ok.status.error().message();
  EXPECT_EQ(ok.diff_id, digest);
  EXPECT_EQ(ok.entries.size(), 7u);

  // The blob's digest check underneath still fails a tampered stream.
  std::string bogus = "sha256:" + std::string(64, '1');
  ReadResult bad = ReadLayer(tar, bogus, {}, bogus);
  ASSERT_FALSE(bad.status.has_value());
  EXPECT_NE(bad.status.error().message().find("digest mismatch for layer blob"), std::string::npos);

  // A compressed blob is never trusted for the diffID, whatever the descriptor says.
  ReadResult gz = ReadLayer(Gzip(tar), bogus, {}, "");
  ASSERT_FALSE(gz.status.has_value());
  std::string gz_digest = Sha256Of(Gzip(tar));
  ReadResult gz2 = ReadLayer(Gzip(tar), gz_digest, {}, gz_digest);
  ASSERT_FALSE(gz2.status.has_value());
  EXPECT_NE(gz2.status.error().message().find("digest mismatch for layer diff_id"), std::string::npos);
}

TEST(LayerReader, PathTraversalIsSkippedWithDiagnostic) {
  std::string tar = MakeTar({{"../../etc/passwd", 'f', "root::0:0"}, {"a/../../b", 'f', "x"}, {"ok", 'f', "y"},
                             {"evil", 'h', "../../../etc/shadow"}});
  ReadResult r = ReadLayer(tar);
  ASSERT_TRUE(r.status.has_value());
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].path, "/ok");
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_NE(r.diagnostics[0].message.find("escapes the image root"), std::string::npos);
}

TEST(LayerReader, HugeNamesAreSkippedWithDiagnostic) {
  std::string tar = MakeTar({{std::string(20000, 'a'), 'f', "x"}, {"ok", 'l', std::string(9000, 'b')}, {"fine", 'f', "y"}});
  ReadResult r = ReadLayer(tar);
  ASSERT_TRUE(r.status.has_value()) << r.status.error().message();
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].path, "/fine");
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_NE(r.diagnostics[0].message.find("longer than 4096"), std::string::npos);
}

TEST(LayerReader, TruncatedStreamsAreCorrupt) {
  std::string noise(300000, '\0');
  uint32_t x = 12345;
  for (char& c : noise) c = static_cast<char>((x = x * 1103515245 + 12345) >> 24);
  std::string tar = MakeTar({{"big", 'f', noise}});
  struct Case {
    const char* name;
    std::string blob;
  } cases[] = {
      {"truncated gzip", Gzip(tar).substr(0, Gzip(tar).size() / 2)},
      {"truncated zstd", Zstd(tar).substr(0, Zstd(tar).size() / 2)},
      {"truncated tar", tar.substr(0, 100000)},
  };
  for (const auto& c : cases) {
    ReadResult r = ReadLayer(c.blob);
    EXPECT_FALSE(r.status.has_value()) << c.name;
    if (!r.status) {
      EXPECT_EQ(r.status.error().code(), ErrorCode::kCorrupt) << c.name << ": " << r.status.error().message();
    }
  }
}

TEST(LayerReader, CorruptGzipIsCorrupt) {
  std::string gz = Gzip(MakeTar(kSample));
  for (size_t i = 20; i < gz.size() - 8; i += 7) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  ReadResult r = ReadLayer(gz);
  ASSERT_FALSE(r.status.has_value());
  EXPECT_EQ(r.status.error().code(), ErrorCode::kCorrupt);
}

TEST(LayerReader, GarbageIsNotATar) {
  ReadResult r = ReadLayer(std::string(5000, 'z'));
  ASSERT_FALSE(r.status.has_value());
  EXPECT_EQ(r.status.error().code(), ErrorCode::kCorrupt);
}

TEST(LayerReader, DecompressionBombStops) {
  std::string tar = MakeTar({{"zeros", 'f', std::string(8 << 20, '\0')}});
  Limits limits;
  limits.bomb_min_bytes = 1 << 20;
  limits.max_compression_ratio = 50;
  ReadResult r = ReadLayer(Gzip(tar), "", limits);
  ASSERT_FALSE(r.status.has_value());
  EXPECT_EQ(r.status.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(r.status.error().message().find("decompression bomb"), std::string::npos);
}

TEST(LayerReader, EntryLimit) {
  std::vector<TestEntry> many;
  for (int i = 0; i < 100; ++i) many.push_back({"f" + std::to_string(i), 'f', ""});
  Limits limits;
  limits.max_entries = 50;
  ReadResult r = ReadLayer(MakeTar(many), "", limits);
  ASSERT_FALSE(r.status.has_value());
  EXPECT_EQ(r.status.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.entries.size(), 50u);
}

TEST(LayerReader, MultiMemberGzip) {
  std::string tar = MakeTar(kSample);
  std::string half1 = tar.substr(0, 1000), half2 = tar.substr(1000);
  ReadResult r = ReadLayer(Gzip(half1) + Gzip(half2), Sha256Of(tar));
  ASSERT_TRUE(r.status.has_value()) << r.status.error().message();
  EXPECT_EQ(r.entries.size(), 7u);
}

TEST(NormalizePath, Table) {
  struct Row {
    const char* name;
    const char* in;
    const char* base;
    const char* want;  // nullptr = error
  } rows[] = {
      {"dot slash", "./etc/passwd", "/", "/etc/passwd"},
      {"absolute", "/etc//x/", "/", "/etc/x"},
      {"dotdot inside", "a/b/../c", "/", "/a/c"},
      {"escape", "../x", "/", nullptr},
      {"relative symlink", "../lib/os-release", "/usr/etc", "/usr/lib/os-release"},
      {"symlink escape", "../../../x", "/usr/etc", nullptr},
      {"root", "./", "/", "/"},
  };
  for (const auto& row : rows) {
    auto got = NormalizePath(row.in, row.base);
    if (row.want == nullptr) {
      EXPECT_FALSE(got.has_value()) << row.name;
    } else {
      ASSERT_TRUE(got.has_value()) << row.name;
      EXPECT_EQ(*got, row.want) << row.name;
    }
  }
}

}  // namespace
}  // namespace hullscan::layer
