// Tests of the outer-archive tar index: header formats, link resolution, and hostile input.
#include "image/tar_index.h"

#include <gtest/gtest.h>

#include <cstring>

#include "image/test_tar_writer.h"
#include "testing/testing.h"

namespace hullscan::image {
namespace {

using testutil::TarWriter;

Result<TarIndex> Index(const std::string& bytes, Limits limits = Limits()) {
  MemoryReaderAt r(bytes);
  return TarIndex::Build(r, limits, "t.tar");
}

std::string Content(const std::string& archive, const TarMember& m) {
  return archive.substr(m.data_offset, m.size_bytes);
}

TEST(NormalizeMemberName, Table) {
  struct Row {
    const char* name;
    const char* raw;
    const char* base;
    const char* want;  // nullptr = error
  } rows[] = {
      {"plain", "a/b", "", "a/b"},
      {"dot slash", "./a/b", "", "a/b"},
      {"double slash and trailing", ".//a//b/", "", "a/b"},
      {"root itself", "./", "", ""},
      {"inner dotdot stays inside", "a/../b", "", "b"},
      {"relative link from dir", "../x.tar", "id", "x.tar"},
      {"escape", "../etc/passwd", "", nullptr},
      {"escape after descent", "a/../../b", "", nullptr},
      {"escape from base", "../../x", "id", nullptr},
      {"absolute", "/etc/passwd", "", nullptr},
  };
  for (const Row& r : rows) {
    auto got = NormalizeMemberName(r.raw, r.base);
    if (r.want == nullptr) {
      ASSERT_FALSE(got.has_value()) << r.name;
      EXPECT_EQ(got.error().code(), ErrorCode::kCorrupt) << r.name;
    } else {
      ASSERT_TRUE(got.has_value()) << r.name << ": " << got.error().message();
      EXPECT_EQ(*got, r.want) << r.name;
    }
  }
  EXPECT_FALSE(NormalizeMemberName(std::string("a\0b", 3)).has_value());
}

TEST(TarIndex, IndexesUstarMembersWithOffsets) {
  TarWriter w;
  w.AddDir("./blobs/");
  w.AddFile("./blobs/sha256/one", "hello");
  w.AddFile("index.json", std::string(700, 'x'));
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  EXPECT_EQ(idx->member_count(), 3u);
  const TarMember* one = idx->Find("blobs/sha256/one");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->type, TarMemberType::kRegular);
  EXPECT_EQ(one->data_offset, 1024u);
  EXPECT_EQ(Content(tar, *one), "hello");
  const TarMember* ij = idx->Find("./index.json");
  ASSERT_NE(ij, nullptr);
  EXPECT_EQ(ij->data_offset, 2048u);
  EXPECT_EQ(ij->size_bytes, 700u);
  EXPECT_EQ(idx->Find("blobs")->type, TarMemberType::kDirectory);
  EXPECT_EQ(idx->Find("missing"), nullptr);
}

TEST(TarIndex, UstarPrefixJoinsName) {
  std::string h = TarWriter::Header("name.txt", 3, '0');
  std::memcpy(h.data() + 345, "some/prefix", 11);
  TarWriter::FixChecksum(&h);
  TarWriter w;
  w.AddRaw(h);
  w.AddData("abc");
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  ASSERT_NE(idx->Find("some/prefix/name.txt"), nullptr);
  EXPECT_EQ(Content(tar, *idx->Find("some/prefix/name.txt")), "abc");
}

TEST(TarIndex, GnuLongNamesAndLinks) {
  std::string long_name = std::string(150, 'n') + "/" + std::string(120, 'm');
  std::string long_target = std::string(130, 't') + "/target";
  TarWriter w;
  w.AddGnuLong(long_name, "body");
  w.AddGnuLong("link", "", '2', long_target);
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  const TarMember* m = idx->Find(long_name);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Content(tar, *m), "body");
  ASSERT_NE(idx->Find("link"), nullptr);
  EXPECT_EQ(idx->Find("link")->link_target, long_target);
}

TEST(TarIndex, PaxPathLinkpathAndSize) {
  TarWriter w;
  std::string path = "blobs/sha256/" + std::string(200, 'p');
  w.AddPax({{"path", path}, {"mtime", "1717200000.5"}}, "short", "pax body");
  w.AddPax({{"linkpath", "../" + std::string(120, 'q')}, {"path", "d/s"}}, "s", "", '2');
  // A global header is ignored; its records do not rename the next member.
  w.AddRaw(TarWriter::Header("global", 18, 'g'));
  w.AddData("18 path=ignored/x\n");
  // pax size overrides the ustar size field.
  std::string body = "twelve bytes";
  w.AddRaw(TarWriter::Header("PaxHeaders/s", 11, 'x'));
  w.AddData("11 size=12\n");
  w.AddRaw(TarWriter::Header("sized", 0, '0'));
  w.AddData(body);
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  ASSERT_NE(idx->Find(path), nullptr);
  EXPECT_EQ(Content(tar, *idx->Find(path)), "pax body");
  EXPECT_EQ(idx->Find("short"), nullptr);
  ASSERT_NE(idx->Find("d/s"), nullptr);
  EXPECT_EQ(idx->Find("d/s")->link_target, "../" + std::string(120, 'q'));
  EXPECT_EQ(idx->Find("ignored/x"), nullptr);
  ASSERT_NE(idx->Find("sized"), nullptr);
  EXPECT_EQ(Content(tar, *idx->Find("sized")), body);
}

TEST(TarIndex, MalformedPaxIsCorrupt) {
  for (std::string rec : {"99 path=x\n", "3 p\n", "abc path=x\n", "10 path=xx"}) {
    TarWriter w;
    w.AddRaw(TarWriter::Header("PaxHeaders/x", rec.size(), 'x'));
    w.AddData(rec);
    w.AddFile("f", "x");
    auto idx = Index(w.Finish());
    ASSERT_FALSE(idx.has_value()) << rec;
    EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt) << rec;
  }
}

TEST(TarIndex, DuplicateNamesLastWins) {
  TarWriter w;
  w.AddFile("manifest.json", "first");
  w.AddFile("./manifest.json", "second");
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value());
  EXPECT_EQ(idx->member_count(), 1u);
  EXPECT_EQ(Content(tar, *idx->Find("manifest.json")), "second");
}

TEST(TarIndex, ResolvesSymlinksAndHardlinksBetweenMembers) {
  TarWriter w;
  w.AddFile("abc.tar", "layer bytes");
  w.AddDir("id/");
  w.AddSymlink("id/layer.tar", "../abc.tar");
  w.AddSymlink("abs", "/abc.tar");
  w.AddHardlink("hard", "./abc.tar");
  w.AddSymlink("chain", "id/layer.tar");
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  for (const char* name : {"id/layer.tar", "abs", "hard", "chain", "abc.tar"}) {
    auto r = idx->Resolve(name);
    ASSERT_TRUE(r.has_value()) << name << ": " << r.error().message();
    EXPECT_EQ((*r)->name, "abc.tar") << name;
    EXPECT_EQ(Content(tar, **r), "layer bytes") << name;
  }
  EXPECT_EQ(idx->Find("hard")->link_target, "abc.tar");
}

TEST(TarIndex, SymlinkLoopIsCorrupt) {
  TarWriter w;
  w.AddSymlink("a/layer.tar", "../b/layer.tar");
  w.AddSymlink("b/layer.tar", "../a/layer.tar");
  w.AddSymlink("self", "self");
  auto idx = Index(w.Finish());
  ASSERT_TRUE(idx.has_value());
  for (const char* name : {"a/layer.tar", "self"}) {
    auto r = idx->Resolve(name);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt);
    EXPECT_NE(r.error().message().find("link loop"), std::string::npos) << r.error().message();
  }
}

TEST(TarIndex, LinksOutOfTheArchiveOrToNothing) {
  TarWriter w;
  w.AddSymlink("id/layer.tar", "../../etc/passwd");
  w.AddSymlink("dangling", "nothing.tar");
  auto idx = Index(w.Finish());
  ASSERT_TRUE(idx.has_value());
  auto out = idx->Resolve("id/layer.tar");
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(out.error().message().find("outside the archive"), std::string::npos);
  auto dangling = idx->Resolve("dangling");
  ASSERT_FALSE(dangling.has_value());
  EXPECT_EQ(dangling.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(dangling.error().message().find("nothing.tar"), std::string::npos);
  auto escape = idx->Resolve("../x");
  ASSERT_FALSE(escape.has_value());
  EXPECT_EQ(escape.error().code(), ErrorCode::kCorrupt);
}

TEST(TarIndex, RejectsMemberNamesEscapingTheRoot) {
  for (std::string name : {"../evil", "a/../../evil", "/etc/passwd"}) {
    TarWriter w;
    w.AddFile(name, "x");
    auto idx = Index(w.Finish());
    ASSERT_FALSE(idx.has_value()) << name;
    EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt) << name;
  }
  TarWriter w;
  w.AddHardlink("h", "../outside");
  auto idx = Index(w.Finish());
  ASSERT_FALSE(idx.has_value());
  EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt);
}

TEST(TarIndex, BadChecksumIsCorrupt) {
  TarWriter w;
  w.AddFile("a", "x");
  std::string tar = w.Finish();
  tar[10] = 'Z';  // inside the name, checksum not updated
  auto idx = Index(tar);
  ASSERT_FALSE(idx.has_value());
  EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(idx.error().message().find("checksum"), std::string::npos);
  EXPECT_NE(idx.error().message().find("offset 0"), std::string::npos);
}

TEST(TarIndex, TruncatedArchives) {
  TarWriter w;
  w.AddFile("a", std::string(600, 'a'));
  w.AddFile("b", std::string(2000, 'b'));
  std::string full = w.Finish();
  // Cut inside b's data, inside b's header, and after an extended header.
  for (size_t cut : {size_t{2048 + 1000}, size_t{1536 + 100}}) {
    auto idx = Index(full.substr(0, cut));
    ASSERT_FALSE(idx.has_value()) << cut;
    EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt) << cut;
    EXPECT_NE(idx.error().message().find("truncated"), std::string::npos) << idx.error().message();
  }
  TarWriter pax;
  pax.AddPax({{"path", "x"}}, "x", "body");
  std::string only_header = pax.bytes().substr(0, 1024);
  auto idx = Index(only_header);
  ASSERT_FALSE(idx.has_value());
  EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt);
  // Empty input is not an archive.
  auto empty = Index("");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code(), ErrorCode::kCorrupt);
}

TEST(TarIndex, HugeSizeFields) {
  struct Row {
    const char* name;
    std::string size_field;  // 12 bytes
  };
  std::string base256_big(12, '\0');
  base256_big[0] = static_cast<char>(0x80);
  base256_big[4] = 0x40;  // 2^62
  std::string base256_overflow(12, static_cast<char>(0xff));
  base256_overflow[0] = static_cast<char>(0x80);
  std::string negative(12, static_cast<char>(0xff));
  std::string octal_max = "77777777777 ";
  std::string bad_octal = "0000000009  ";
  for (const Row& r : {Row{"base-256 2^62", base256_big}, Row{"base-256 overflow", base256_overflow},
                       Row{"negative", negative}, Row{"octal 8 GiB", octal_max}, Row{"bad octal", bad_octal}}) {
    std::string h = TarWriter::Header("big", 0, '0');
    std::memcpy(h.data() + 124, r.size_field.data(), 12);
    TarWriter::FixChecksum(&h);
    TarWriter w;
    w.AddRaw(h);
    w.AddData("tiny");
    auto idx = Index(w.Finish());
    ASSERT_FALSE(idx.has_value()) << r.name;
    EXPECT_EQ(idx.error().code(), ErrorCode::kCorrupt) << r.name << ": " << idx.error().message();
  }
  // A valid base-256 size is read.
  std::string h = TarWriter::Header("b256", 0, '0');
  std::string field(12, '\0');
  field[0] = static_cast<char>(0x80);
  field[11] = 5;
  std::memcpy(h.data() + 124, field.data(), 12);
  TarWriter::FixChecksum(&h);
  TarWriter w;
  w.AddRaw(h);
  w.AddData("fives");
  std::string tar = w.Finish();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  EXPECT_EQ(Content(tar, *idx->Find("b256")), "fives");
}

TEST(TarIndex, LongNameOverLimit) {
  Limits limits;
  TarWriter w;
  w.AddGnuLong(std::string(limits.max_path_bytes + 10, 'x'), "b");
  auto idx = Index(w.Finish(), limits);
  ASSERT_FALSE(idx.has_value());
  EXPECT_EQ(idx.error().code(), ErrorCode::kLimitExceeded);
}

TEST(TarIndex, MemberLimit) {
  Limits limits;
  limits.max_archive_members = 3;
  TarWriter w;
  for (int i = 0; i < 4; ++i) w.AddFile("f" + std::to_string(i), "x");
  auto idx = Index(w.Finish(), limits);
  ASSERT_FALSE(idx.has_value());
  EXPECT_EQ(idx.error().code(), ErrorCode::kLimitExceeded);
  TarWriter ok;
  for (int i = 0; i < 3; ++i) ok.AddFile("f" + std::to_string(i), "x");
  EXPECT_TRUE(Index(ok.Finish(), limits).has_value());
}

TEST(TarIndex, AcceptsArchiveWithoutEndBlocksAndLinksWithSizes) {
  TarWriter w;
  w.AddFile("a", "x");
  // A hard link whose size field is not zero carries no data (as GNU tar reads it).
  w.AddRaw(TarWriter::Header("h", 4096, '1', "a"));
  w.AddFile("b", "y");
  std::string tar = w.bytes();
  auto idx = Index(tar);
  ASSERT_TRUE(idx.has_value()) << idx.error().message();
  EXPECT_EQ(idx->member_count(), 3u);
  EXPECT_EQ(Content(tar, *idx->Find("b")), "y");
}

// Archives written by Python's tarfile (GNU and pax formats), kept as fuzz seeds.
TEST(TarIndex, ArchivesWrittenByPythonTarfile) {
  const std::string dir = hullscan::testing::SourceDir() + "/fuzz/corpus/tar_index/";
  HS_REQUIRE_PATH(dir + "gnu_longnames.tar");
  std::string gnu = hullscan::testing::ReadTestFile(dir + "gnu_longnames.tar");
  auto g = Index(gnu);
  ASSERT_TRUE(g.has_value()) << g.error().message();
  std::string long_file = "d/" + std::string(150, 'n') + "/file";
  ASSERT_NE(g->Find(long_file), nullptr);
  EXPECT_EQ(Content(gnu, *g->Find(long_file)), "long");
  ASSERT_NE(g->Find(std::string(120, 'l')), nullptr);
  EXPECT_EQ(g->Find(std::string(120, 'l'))->link_target, std::string(130, 't'));
  auto hard = g->Resolve("hard");
  ASSERT_TRUE(hard.has_value()) << hard.error().message();
  EXPECT_EQ((*hard)->name, long_file);

  std::string pax = hullscan::testing::ReadTestFile(dir + "pax_records.tar");
  auto p = Index(pax);
  ASSERT_TRUE(p.has_value()) << p.error().message();
  EXPECT_EQ(p->member_count(), 4u);  // "dup" twice: the last wins
  ASSERT_NE(p->Find("p/" + std::string(200, 'x')), nullptr);
  EXPECT_EQ(Content(pax, *p->Find("p/" + std::string(200, 'x'))), "pax");
  EXPECT_EQ(p->Find("sym")->link_target, "../" + std::string(150, 'y'));
  EXPECT_EQ(p->Find("dot/name")->type, TarMemberType::kDirectory);
  EXPECT_EQ(Content(pax, *p->Find("dup")), "22");

  std::string classic = hullscan::testing::ReadTestFile(dir + "docker_classic_symlinks.tar");
  auto c = Index(classic);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  auto layer = c->Resolve(std::string(64, 'b') + "/layer.tar");
  ASSERT_TRUE(layer.has_value()) << layer.error().message();
  EXPECT_EQ(Content(classic, **layer), "layer");
}

}  // namespace
}  // namespace hullscan::image
