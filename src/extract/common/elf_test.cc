#include "extract/common/elf.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/temp_dir.h"
#include "extract/common/testing_elf.h"
#include "testing/testing.h"

namespace hullscan::extract::common {
namespace {

using testing::ReadTestFile;
using testing::SharedPath;

// The sections of `elf` by name, in table order.
std::vector<std::string> Names(const std::string& elf) {
  MemoryElfReader r(elf);
  auto h = ParseElfHeader(elf);
  EXPECT_TRUE(h && *h);
  auto table = ReadElfSections(r, **h);
  EXPECT_TRUE(table) << table.error().message();
  std::vector<std::string> out;
  for (const ElfSection& s : table->sections()) out.emplace_back(table->NameOf(s));
  return out;
}

// Expects `result` to fail with `code` and a message holding `want`.
template <typename T>
void ExpectError(const Result<T>& result, ErrorCode code, const std::string& want) {
  ASSERT_FALSE(result) << "wanted an error holding: " << want;
  EXPECT_EQ(result.error().code(), code) << result.error().message();
  EXPECT_NE(result.error().message().find(want), std::string::npos) << result.error().message();
}

TEST(ElfTest, HeaderOfEitherClassAndByteOrder) {
  for (bool is64 : {true, false}) {
    for (bool big : {false, true}) {
      const std::string elf = MakeTestElf({{".text", "\x90"}}, is64, big);
      auto h = ParseElfHeader(elf);
      ASSERT_TRUE(h && *h) << is64 << big;
      EXPECT_EQ((*h)->is64, is64);
      EXPECT_EQ((*h)->big_endian, big);
      EXPECT_EQ((*h)->shentsize, is64 ? 64u : 40u);
      EXPECT_EQ((*h)->shnum, 3u);  // null, .text, .shstrtab
      EXPECT_EQ((*h)->shstrndx, 2u);
      EXPECT_EQ((*h)->shoff, elf.size() - 3 * (*h)->shentsize);
    }
  }
}

TEST(ElfTest, NotElfAndTruncatedHeader) {
  auto text = ParseElfHeader("#!/bin/sh\n" + std::string(100, ' '));
  ASSERT_TRUE(text);
  EXPECT_FALSE(text->has_value());
  std::string odd_class = MakeTestElf({});
  odd_class[4] = 3;
  EXPECT_FALSE(ParseElfHeader(odd_class)->has_value());
  std::string odd_order = MakeTestElf({});
  odd_order[5] = 0;
  EXPECT_FALSE(ParseElfHeader(odd_order)->has_value());
  ExpectError(ParseElfHeader(MakeTestElf({}).substr(0, 63)), ErrorCode::kCorrupt,
              "elf: file of 63 bytes is shorter than its ELF header");
  ExpectError(ParseElfHeader(MakeTestElf({}, false).substr(0, 51)), ErrorCode::kCorrupt,
              "elf: file of 51 bytes is shorter than its ELF header");
  EXPECT_FALSE(ParseElfHeader(std::string("\x7f" "EL", 3))->has_value());
}

TEST(ElfTest, SectionsOfEitherClassAndByteOrder) {
  for (bool is64 : {true, false}) {
    for (bool big : {false, true}) {
      const std::string elf = MakeTestElf({{".text", "\x90\x90", 1, 0x6, 0x401000},
                                           {".bss", std::string(16, '\0'), 8, 0x3, 0x402000},
                                           {".comment", "rustc"}},
                                          is64, big);
      EXPECT_EQ(Names(elf), (std::vector<std::string>{"", ".text", ".bss", ".comment", ".shstrtab"})) << is64 << big;
      MemoryElfReader r(elf);
      auto text = FindElfSection(r, ".text");
      ASSERT_TRUE(text && *text) << is64 << big;
      EXPECT_EQ((*text)->type, 1u);
      EXPECT_EQ((*text)->flags, 0x6u);
      EXPECT_EQ((*text)->addr, 0x401000u);
      EXPECT_EQ((*text)->offset, is64 ? 64u : 52u);
      EXPECT_EQ((*text)->size, 2u);
      auto bytes = ReadElfSection(r, **text, ".text", 1024);
      ASSERT_TRUE(bytes);
      EXPECT_EQ(*bytes, "\x90\x90");
      auto comment = FindElfSection(r, ".comment");
      ASSERT_TRUE(comment && *comment);
      EXPECT_EQ(*ReadElfSection(r, **comment, ".comment", 5), "rustc");
    }
  }
}

TEST(ElfTest, FindMatchesWholeNamesOnly) {
  const std::string elf = MakeTestElf({{".dep-v0.old", "x"}, {".dep", "y"}});
  MemoryElfReader r(elf);
  auto none = FindElfSection(r, ".dep-v0");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto dep = FindElfSection(r, ".dep");
  ASSERT_TRUE(dep && *dep);
  EXPECT_EQ(*ReadElfSection(r, **dep, ".dep", 1), "y");
}

TEST(ElfTest, NoSectionTable) {
  std::string elf = MakeTestElf({{".text", "\xc3"}});
  for (int i = 40; i < 48; ++i) elf[i] = 0;  // e_shoff = 0
  MemoryElfReader r(elf);
  auto found = FindElfSection(r, ".text");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
  auto h = ParseElfHeader(elf);
  EXPECT_TRUE(ReadElfSections(r, **h)->sections().empty());
  EXPECT_TRUE(CheckElfSectionTableFits(**h, elf.size()));
}

TEST(ElfTest, SectionTableOutOfBounds) {
  const std::string elf = MakeTestElf({{".text", "\xc3"}});
  const uint64_t shoff = ElfUint(elf, 40, 8, false);
  // Truncated inside the table.
  const std::string cut = elf.substr(0, elf.size() - 10);
  MemoryElfReader cut_reader(cut);
  ExpectError(FindElfSection(cut_reader, ".text"), ErrorCode::kCorrupt,
              "elf: section headers at offset " + std::to_string(shoff) + " lie past the end of the file (" +
                  std::to_string(cut.size()) + " bytes)");
  EXPECT_FALSE(CheckElfSectionTableFits(**ParseElfHeader(cut), cut.size()));
  EXPECT_TRUE(CheckElfSectionTableFits(**ParseElfHeader(elf), elf.size()));
  // e_shoff far past the end.
  std::string far = elf;
  PutElfUint(far, 40, 1ull << 62, 8, false);
  MemoryElfReader far_reader(far);
  ExpectError(FindElfSection(far_reader, ".text"), ErrorCode::kCorrupt, "lie past the end of the file");
  EXPECT_FALSE(CheckElfSectionTableFits(**ParseElfHeader(far), far.size()));
  // An entry size too small for the class.
  std::string small = elf;
  PutElfUint(small, 58, 40, 2, false);
  MemoryElfReader small_reader(small);
  ExpectError(FindElfSection(small_reader, ".text"), ErrorCode::kCorrupt, "elf: section header entry size 40");
  // e_shstrndx past the table.
  std::string index = elf;
  PutElfUint(index, 62, 7, 2, false);
  MemoryElfReader index_reader(index);
  ExpectError(FindElfSection(index_reader, ".text"), ErrorCode::kCorrupt,
              "elf: section name table index 7 out of range");
}

TEST(ElfTest, NameTableOutOfBounds) {
  const std::string elf = MakeTestElf({{".text", "\xc3"}});
  const uint64_t shoff = ElfUint(elf, 40, 8, false);
  const uint64_t strtab = shoff + 2 * 64;  // section 2: .shstrtab
  std::string past = elf;
  PutElfUint(past, strtab + 24, elf.size() - 4, 8, false);  // sh_offset: 4 bytes before the end
  MemoryElfReader past_reader(past);
  ExpectError(FindElfSection(past_reader, ".text"), ErrorCode::kCorrupt,
              "elf: section name table lies past the end of the file");
  std::string nobits = elf;
  PutElfUint(nobits, strtab + 4, kShtNobits, 4, false);
  MemoryElfReader nobits_reader(nobits);
  ExpectError(FindElfSection(nobits_reader, ".text"), ErrorCode::kCorrupt,
              "elf: section name table lies past the end of the file");
}

TEST(ElfTest, NameOffsetOutsideTheNameTable) {
  std::string elf = MakeTestElf({{".text", "\xc3"}, {".data", "d"}});
  const uint64_t shoff = ElfUint(elf, 40, 8, false);
  PutElfUint(elf, shoff + 1 * 64, 0xfffffff0, 4, false);  // .text's sh_name: far outside
  // .data's sh_name: the last byte of the table, the NUL after ".shstrtab": an empty name.
  const uint64_t names_size = ElfUint(elf, shoff + 3 * 64 + 32, 8, false);
  PutElfUint(elf, shoff + 2 * 64, names_size - 1, 4, false);
  EXPECT_EQ(Names(elf), (std::vector<std::string>{"", "", "", ".shstrtab"}));
  MemoryElfReader r(elf);
  auto text = FindElfSection(r, ".text");
  ASSERT_TRUE(text);
  EXPECT_FALSE(text->has_value());
  // A name that runs to the end of the table without a NUL is no name at all.
  std::string unterminated = MakeTestElf({{".text", "\xc3"}});
  const uint64_t u_shoff = ElfUint(unterminated, 40, 8, false);
  const uint64_t strtab = u_shoff + 2 * 64;
  PutElfUint(unterminated, strtab + 32, ElfUint(unterminated, strtab + 32, 8, false) - 1, 8, false);
  MemoryElfReader u(unterminated);
  auto h = ParseElfHeader(unterminated);
  auto table = ReadElfSections(u, **h);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->NameOf(table->sections()[1]), ".text");
  EXPECT_EQ(table->NameOf(table->sections()[2]), "");  // ".shstrtab" lost its NUL
  EXPECT_EQ(table->Find(".shstrtab"), nullptr);
}

TEST(ElfTest, HugeCounts) {
  // Extended numbering: e_shnum = 0, the count in section 0's sh_size.
  std::string elf = MakeTestElf({{".text", "\xc3"}});
  const uint64_t shoff = ElfUint(elf, 40, 8, false);
  PutElfUint(elf, 60, 0, 2, false);
  PutElfUint(elf, shoff + 32, 1ull << 40, 8, false);
  MemoryElfReader r(elf);
  ExpectError(FindElfSection(r, ".text"), ErrorCode::kLimitExceeded,
              "elf: 1099511627776 section headers, more than 65535");
  // The real count there: found as usual.
  PutElfUint(elf, shoff + 32, 3, 8, false);
  auto found = FindElfSection(r, ".text");
  ASSERT_TRUE(found && *found);
  // SHN_XINDEX: the name table index in section 0's sh_link.
  PutElfUint(elf, 62, 0xffff, 2, false);
  PutElfUint(elf, shoff + 40, 2, 4, false);
  found = FindElfSection(r, ".text");
  ASSERT_TRUE(found && *found);
  // A count within the limit that the file cannot hold.
  PutElfUint(elf, shoff + 32, 60000, 8, false);
  ExpectError(FindElfSection(r, ".text"), ErrorCode::kCorrupt, "lie past the end of the file");
  // Tighter limits.
  const std::string plain = MakeTestElf({{".text", "\xc3"}, {".data", "d"}});
  MemoryElfReader p(plain);
  ElfLimits limits;
  limits.max_section_headers = 3;
  ExpectError(FindElfSection(p, ".text", limits), ErrorCode::kLimitExceeded, "elf: 4 section headers, more than 3");
  limits = ElfLimits{};
  limits.max_name_table_bytes = 8;
  ExpectError(FindElfSection(p, ".text", limits), ErrorCode::kLimitExceeded, "elf: section name table of 23 bytes");
}

TEST(ElfTest, ManySectionsSharingOneLongName) {
  // 65,000 sections all named by one 4 MiB string: the names are views, found in one pass.
  const uint64_t kCount = 65000;
  const std::string long_name(4 * 1024 * 1024 - 100, 'n');
  std::string elf = MakeTestElf({{long_name, ""}});
  const uint64_t old_shoff = ElfUint(elf, 40, 8, false);
  const std::string section1 = elf.substr(old_shoff + 64, 64);
  const std::string strtab = elf.substr(old_shoff + 2 * 64, 64);
  elf.resize(old_shoff);
  const uint64_t shoff = elf.size();
  elf.append(64, '\0');
  for (uint64_t i = 1; i < kCount; ++i) elf += section1;
  elf += strtab;
  PutElfUint(elf, 40, shoff, 8, false);
  PutElfUint(elf, 60, kCount + 1, 2, false);
  PutElfUint(elf, 62, kCount, 2, false);
  MemoryElfReader r(elf);
  auto h = ParseElfHeader(elf);
  auto table = ReadElfSections(r, **h);
  ASSERT_TRUE(table) << table.error().message();
  ASSERT_EQ(table->sections().size(), kCount + 1);
  EXPECT_EQ(table->NameOf(table->sections()[kCount - 1]).size(), long_name.size());
  EXPECT_EQ(table->Find(long_name), &table->sections()[1]);
}

TEST(ElfTest, SectionBytes) {
  const std::string elf = MakeTestElf({{".dep-v0", std::string(100, 'z')}, {".bss", std::string(8, '\0'), 8}});
  MemoryElfReader r(elf);
  auto dep = FindElfSection(r, ".dep-v0");
  ASSERT_TRUE(dep && *dep);
  EXPECT_EQ(ReadElfSection(r, **dep, ".dep-v0", 100)->size(), 100u);
  ExpectError(ReadElfSection(r, **dep, ".dep-v0", 99), ErrorCode::kLimitExceeded,
              "read .dep-v0: section of 100 bytes, larger than the limit of 99");
  auto bss = FindElfSection(r, ".bss");
  ASSERT_TRUE(bss && *bss);
  ExpectError(ReadElfSection(r, **bss, ".bss", 1024), ErrorCode::kCorrupt,
              "elf: section .bss has no bytes in the file");
  ElfSection past = **dep;
  past.offset = elf.size() - 10;
  ExpectError(ReadElfSection(r, past, ".dep-v0", 1024), ErrorCode::kCorrupt,
              "elf: section .dep-v0 (100 bytes at offset " + std::to_string(elf.size() - 10) +
                  ") lies past the end of the file (" + std::to_string(elf.size()) + " bytes)");
  past.offset = UINT64_MAX - 5;
  ExpectError(ReadElfSection(r, past, ".dep-v0", 1024), ErrorCode::kCorrupt, "lies past the end of the file");
}

// Ground truth: `readelf -SW` and `readelf -lW` of the fixture.
TEST(ElfTest, GoFixtureBinary) {
  const std::string path = SharedPath("fixtures/lang/go/hello-go");
  HS_REQUIRE_PATH(path);
  const std::string bytes = ReadTestFile(path);
  MemoryElfReader r(bytes);
  auto h = ParseElfHeader(bytes.substr(0, 64));
  ASSERT_TRUE(h && *h);
  EXPECT_TRUE((*h)->is64);
  EXPECT_FALSE((*h)->big_endian);
  EXPECT_EQ((*h)->shoff, 0x1c8u);
  auto table = ReadElfSections(r, **h);
  ASSERT_TRUE(table) << table.error().message();
  ASSERT_EQ(table->sections().size(), 23u);
  EXPECT_EQ(table->NameOf(table->sections()[3]), ".shstrtab");
  EXPECT_EQ(table->NameOf(table->sections()[22]), ".strtab");
  const ElfSection* bi = table->Find(".go.buildinfo");
  ASSERT_NE(bi, nullptr);
  EXPECT_EQ(bi - table->sections().data(), 8);
  EXPECT_EQ(bi->type, 1u);
  EXPECT_EQ(bi->flags, 0x3u);  // WA
  EXPECT_EQ(bi->addr, 0x570000u);
  EXPECT_EQ(bi->offset, 0x170000u);
  EXPECT_EQ(bi->size, 0x150u);
  auto blob = ReadElfSection(r, *bi, ".go.buildinfo", 4096);
  ASSERT_TRUE(blob);
  EXPECT_EQ(blob->substr(0, 14), std::string_view("\xff Go buildinf:", 14));
  EXPECT_EQ(table->Find(".bss")->type, kShtNobits);
  auto segments = ReadElfSegments(r, **h);
  ASSERT_TRUE(segments);
  ASSERT_EQ(segments->size(), 7u);
  EXPECT_EQ((*segments)[1].type, kPtNote);
  EXPECT_EQ((*segments)[1].offset, 0xf9cu);
  EXPECT_EQ((*segments)[1].filesz, 0x64u);
  EXPECT_EQ((*segments)[4].type, kPtLoad);
  EXPECT_EQ((*segments)[4].flags, kPfW | 4u);  // RW
  EXPECT_EQ((*segments)[4].offset, 0x170000u);
  EXPECT_EQ((*segments)[4].vaddr, 0x570000u);
  EXPECT_EQ((*segments)[4].filesz, 0x1c640u);
}

// A binary of the machine (whatever its toolchain): every section with bytes lies in the file,
// the name table is called .shstrtab, and .text is executable code.
TEST(ElfTest, MachineBinary) {
  const std::string path = "/bin/true";
  HS_REQUIRE_PATH(path);
  const std::string bytes = ReadTestFile(path);
  MemoryElfReader r(bytes);
  auto h = ParseElfHeader(bytes);
  ASSERT_TRUE(h && *h);
  auto table = ReadElfSections(r, **h);
  ASSERT_TRUE(table) << table.error().message();
  ASSERT_GT(table->sections().size(), 10u);
  EXPECT_EQ(table->NameOf(table->sections()[(*h)->shstrndx]), ".shstrtab");
  for (const ElfSection& s : table->sections()) {
    if (s.type == kShtNobits || s.type == 0) continue;
    EXPECT_TRUE(CheckElfSectionInFile(s, table->NameOf(s), bytes.size())) << table->NameOf(s);
  }
  const ElfSection* text = table->Find(".text");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->type, 1u);
  EXPECT_EQ(text->flags & 0x6, 0x6u);  // SHF_ALLOC | SHF_EXECINSTR
  auto found = FindElfSection(r, ".text");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->offset, text->offset);
  auto segments = ReadElfSegments(r, **h);
  ASSERT_TRUE(segments);
  bool code = false;
  for (const ElfSegment& s : *segments) code = code || (s.type == kPtLoad && (s.flags & kPfX) != 0);
  EXPECT_TRUE(code);
}

TEST(ElfTest, SegmentsOutOfBounds) {
  std::string elf = MakeTestElf({});
  PutElfUint(elf, 32, 64, 8, false);  // e_phoff
  PutElfUint(elf, 54, 56, 2, false);  // e_phentsize
  PutElfUint(elf, 56, 1000, 2, false);  // e_phnum: far more than the file holds
  MemoryElfReader r(elf);
  ExpectError(ReadElfSegments(r, **ParseElfHeader(elf)), ErrorCode::kCorrupt,
              "elf: program headers at offset 64 lie past the end of the file");
  PutElfUint(elf, 54, 30, 2, false);
  ExpectError(ReadElfSegments(r, **ParseElfHeader(elf)), ErrorCode::kCorrupt, "elf: program header entry size 30");
  PutElfUint(elf, 56, 0, 2, false);
  EXPECT_TRUE(ReadElfSegments(r, **ParseElfHeader(elf))->empty());
}

TEST(ElfTest, SplicedReaderBothSpillForms) {
  const std::string data = "0123456789abcdef";
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir);
  for (const std::string& spilled : {data.substr(5), data}) {
    const std::string p = (*dir)->NewPath();
    MemorySource src{std::string_view(spilled)};
    auto tf = TempFile::FromSource(p, src, 1024, "test");
    ASSERT_TRUE(tf);
    auto r = SplicedElfReader::Open(data.substr(0, 5), tf->path(), data.size());
    ASSERT_TRUE(r);
    EXPECT_TRUE((*r)->random_access());
    auto v = (*r)->ReadAt(3, 10);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, "3456789abc");
    EXPECT_FALSE((*r)->ReadAt(10, 7));
  }
  const std::string p = (*dir)->NewPath();
  MemorySource src{std::string_view("xy")};
  auto tf = TempFile::FromSource(p, src, 1024, "test");
  ASSERT_TRUE(tf);
  auto bad = SplicedElfReader::Open(data.substr(0, 5), tf->path(), data.size());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kCorrupt);
}

TEST(ElfTest, SplicedReaderGivesTheSameTableAsMemory) {
  const std::string path = SharedPath("fixtures/lang/go/hello-go");
  HS_REQUIRE_PATH(path);
  const std::string bytes = ReadTestFile(path);
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir);
  MemorySource rest{std::string_view(bytes).substr(4096)};
  auto tf = TempFile::FromSource((*dir)->NewPath(), rest, bytes.size(), "test");
  ASSERT_TRUE(tf);
  auto spliced = SplicedElfReader::Open(bytes.substr(0, 4096), tf->path(), bytes.size());
  ASSERT_TRUE(spliced);
  auto a = FindElfSection(**spliced, ".gopclntab");
  MemoryElfReader memory(bytes);
  auto b = FindElfSection(memory, ".gopclntab");
  ASSERT_TRUE(a && *a && b && *b);
  EXPECT_EQ((*a)->offset, (*b)->offset);
  EXPECT_EQ((*a)->size, (*b)->size);
  EXPECT_EQ(*ReadElfSection(**spliced, **a, ".gopclntab", 1 << 20),
            *ReadElfSection(memory, **b, ".gopclntab", 1 << 20));
}

TEST(ElfTest, ForwardReader) {
  const std::string data = "0123456789abcdef";
  MemorySource rest{std::string_view(data).substr(4)};
  ForwardElfReader r(data.substr(0, 4), rest, data.size());
  EXPECT_FALSE(r.random_access());
  EXPECT_EQ(*r.ReadAt(2, 4), "2345");
  EXPECT_EQ(*r.ReadAt(10, 3), "abc");
  ExpectError(r.ReadAt(5, 1), ErrorCode::kUnsupported, "elf: offset 5 lies behind the stream position");
  ExpectError(r.ReadAt(14, 4), ErrorCode::kCorrupt, "elf: read of 4 bytes at offset 14 past the end");
  EXPECT_EQ(*r.ReadAt(15, 1), "f");
  // A stream shorter than the size it was announced with.
  MemorySource short_rest{std::string_view("45")};
  ForwardElfReader s(data.substr(0, 4), short_rest, data.size());
  ExpectError(s.ReadAt(3, 5), ErrorCode::kCorrupt, "elf: stream ended at offset 6");
}

TEST(ElfTest, ReadHeadStopsAtTheLimitOrTheEnd) {
  MemorySource src{std::string_view("0123456789")};
  EXPECT_EQ(*ReadHead(src, 4), "0123");
  EXPECT_EQ(*ReadHead(src, 100), "456789");
  EXPECT_EQ(*ReadHead(src, 100), "");
}

}  // namespace
}  // namespace hullscan::extract::common
