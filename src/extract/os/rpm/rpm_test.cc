// Tests of the rpm extractor: every shared rpm fixture database against the package list the
// real rpm printed for it (rpm-qa.tsv, or upstream's packages.csv for NDB), the raw header
// fixture, headers built here byte by byte, hand-corrupted databases (each mutation says what
// it breaks), byte-swapped Berkeley DBs, and the Wants() table.
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/temp_dir.h"
#include "extract/common/testing_io.h"
#include "extract/os/rpm/bdb_reader.h"
#include "extract/os/rpm/ndb_reader.h"
#include "extract/os/rpm/rpm_extractor.h"
#include "extract/os/rpm/rpm_header.h"
#include "testing/testing.h"

namespace hullscan::extract::rpm {
namespace {

using hullscan::testing::ReadTestFile;
using hullscan::testing::SharedPath;

ByteView View(const std::string& s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

std::string Be32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}
void PutBe32(std::string& s, size_t off, uint32_t v) { s.replace(off, 4, Be32(v)); }
void PutLe32(std::string& s, size_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[off + i] = static_cast<char>(v >> (8 * i));
}
void PutLe16(std::string& s, size_t off, uint16_t v) {
  s[off] = static_cast<char>(v);
  s[off + 1] = static_cast<char>(v >> 8);
}
uint32_t GetLe32(const std::string& s, size_t off) { return LoadLe32(View(s), off); }
uint16_t GetLe16(const std::string& s, size_t off) { return LoadLe16(View(s), off); }

// ---------------------------------------------------------------------------------------------
// Ground truth

std::vector<std::string> Split(const std::string& line, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t pos; (pos = line.find(sep, start)) != std::string::npos; start = pos + sep.size()) {
    out.push_back(line.substr(start, pos - start));
  }
  out.push_back(line.substr(start));
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// One package as a comparable line: name, epoch, EVR, release, arch, sourcerpm, vendor,
// modularitylabel (absent fields empty).
std::string Row(const std::string& name, const std::string& epoch, const std::string& evr, const std::string& release,
                const std::string& arch, const std::string& srpm, const std::string& vendor, const std::string& modularity) {
  return name + "|" + epoch + "|" + evr + "|" + release + "|" + arch + "|" + srpm + "|" + vendor + "|" + modularity;
}
std::string Evr(const std::string& epoch, const std::string& version, const std::string& release) {
  return (epoch.empty() ? "" : epoch + ":") + version + "-" + release;
}

// rpm-qa.tsv: `rpm -qa --qf` NAME EPOCH VERSION RELEASE ARCH SOURCERPM VENDOR MODULARITYLABEL
// with a header line; rpm prints "(none)" for an absent tag.
std::vector<std::string> QaTsvRows(const std::string& path) {
  std::vector<std::string> rows;
  std::vector<std::string> lines = Lines(ReadTestFile(path));
  EXPECT_FALSE(lines.empty());
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = Split(lines[i], "\t");
    EXPECT_EQ(f.size(), 8u) << lines[i];
    if (f.size() != 8) continue;
    for (std::string& v : f) {
      if (v == "(none)") v.clear();
    }
    rows.push_back(Row(f[0], f[1], Evr(f[1], f[2], f[3]), f[3], f[4], f[5], f[6], f[7]));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// packages.csv (go-rpmdb, see command.sh): fields joined by "¶": EPOCH (empty when absent),
// NAME, VERSION, RELEASE, ARCH, SOURCERPM, SIZE, LICENSE, VENDOR, SUMMARY, SIGMD5. It has no
// MODULARITYLABEL; the fixtures using it have none. Returns rows plus "name|license" pairs.
std::vector<std::string> PackagesCsvRows(const std::string& path, std::vector<std::string>* licenses) {
  std::vector<std::string> rows;
  for (const std::string& line : Lines(ReadTestFile(path))) {
    std::vector<std::string> f = Split(line, "\xC2\xB6");
    EXPECT_EQ(f.size(), 11u) << line;
    if (f.size() != 11) continue;
    // gpg-pubkey headers store the literal placeholder "(none)" as SOURCERPM; we report "".
    if (f[5] == "(none)") f[5].clear();
    rows.push_back(Row(f[1], f[0], Evr(f[0], f[2], f[3]), f[3], f[4], f[5], f[8], ""));
    if (licenses != nullptr) licenses->push_back(f[1] + "|" + f[7]);
  }
  std::sort(rows.begin(), rows.end());
  if (licenses != nullptr) std::sort(licenses->begin(), licenses->end());
  return rows;
}

std::vector<std::string> OurRows(const std::vector<model::Package>& pkgs) {
  std::vector<std::string> rows;
  for (const model::Package& p : pkgs) {
    rows.push_back(Row(p.name, p.epoch, p.version, p.release, p.arch, p.source_rpm, p.vendor, p.modularity_label));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Copies a fixture into a fresh temp dir (the sqlite ones are WAL-mode files: readers must not
// leave -wal/-shm files beside them; the test checks that on the copy).
struct FixtureCopy {
  std::unique_ptr<TempDir> dir;
  std::string path;
};
FixtureCopy CopyFixture(const std::string& src, const std::string& name) {
  FixtureCopy c;
  auto dir = TempDir::Create();
  EXPECT_TRUE(dir.has_value());
  c.dir = std::move(*dir);
  c.path = c.dir->path() + "/" + name;
  std::filesystem::copy_file(src, c.path);
  return c;
}
std::vector<std::string> DirEntries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Every fixture database against what rpm printed for it.

struct FixtureCase {
  const char* name;
  const char* db;      // under fixtures/rpm/
  const char* truth;   // rpm-qa.tsv or packages.csv
  DbFormat format;
  size_t packages;
};

class FixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(FixtureTest, MatchesRpmQa) {
  const FixtureCase& c = GetParam();
  const std::string db_path = SharedPath(std::string("fixtures/rpm/") + c.db);
  const std::string truth_path = SharedPath(std::string("fixtures/rpm/") + c.truth);
  HS_REQUIRE_PATH(db_path);
  HS_REQUIRE_PATH(truth_path);
  const std::string file_name = std::filesystem::path(db_path).filename().string();
  FixtureCopy copy = CopyFixture(db_path, file_name);

  Result<PackageDb> db = ReadPackageDb(copy.path);
  ASSERT_TRUE(db.has_value()) << db.error().message();
  EXPECT_EQ(db->format, c.format);
  EXPECT_TRUE(db->problems.empty()) << db->problems.front().message();
  EXPECT_EQ(db->packages.size(), c.packages);

  std::vector<std::string> licenses;
  const bool csv = std::string(c.truth).ends_with(".csv");
  const std::vector<std::string> want = csv ? PackagesCsvRows(truth_path, &licenses) : QaTsvRows(truth_path);
  EXPECT_EQ(OurRows(db->packages), want);
  if (csv) {
    std::vector<std::string> ours;
    for (const model::Package& p : db->packages) ours.push_back(p.name + "|" + p.license);
    std::sort(ours.begin(), ours.end());
    EXPECT_EQ(ours, licenses);
  }
  for (const model::Package& p : db->packages) {
    EXPECT_EQ(p.type, model::PackageType::kRpm);
    EXPECT_TRUE(p.path.empty());
    if (!p.source_rpm.empty()) {
      EXPECT_FALSE(p.source_name.empty()) << p.source_rpm;
      EXPECT_TRUE(p.source_rpm.starts_with(p.source_name + "-" + p.source_version + ".")) << p.source_rpm;
    }
  }
  // Nothing was written beside the database (immutable=1 for sqlite, read-only mmap otherwise).
  EXPECT_EQ(DirEntries(copy.dir->path()), std::vector<std::string>{file_name});
}

INSTANTIATE_TEST_SUITE_P(
    Rpm, FixtureTest,
    ::testing::Values(
        FixtureCase{"bdb_centos8_dive", "bdb/centos8-dive/Packages", "bdb/centos8-dive/rpm-qa.tsv", DbFormat::kBdb, 1},
        FixtureCase{"bdb_epoch_hello", "bdb/epoch-hello/Packages", "bdb/epoch-hello/rpm-qa.tsv", DbFormat::kBdb, 1},
        FixtureCase{"bdb_rhel8_libuuid", "bdb/rhel8-libuuid/Packages", "bdb/rhel8-libuuid/rpm-qa.tsv", DbFormat::kBdb, 1},
        FixtureCase{"bdb_converted_al2023", "bdb-converted/amazonlinux2023-plain/Packages",
                    "bdb-converted/amazonlinux2023-plain/rpm-qa.tsv", DbFormat::kBdb, 103},
        FixtureCase{"ndb_sle15_bci", "ndb/sle15-bci/Packages.db", "ndb/sle15-bci/packages.csv", DbFormat::kNdb, 36},
        FixtureCase{"sqlite_al2023", "sqlite/amazonlinux2023-plain/rpmdb.sqlite",
                    "sqlite/amazonlinux2023-plain/rpm-qa.tsv", DbFormat::kSqlite, 103},
        FixtureCase{"sqlite_al2023_csv", "sqlite/amazonlinux2023-plain/rpmdb.sqlite",
                    "sqlite/amazonlinux2023-plain/packages.csv", DbFormat::kSqlite, 103},
        FixtureCase{"sqlite_mariner2", "sqlite/cbl-mariner-2.0/rpmdb.sqlite", "sqlite/cbl-mariner-2.0/rpm-qa.tsv",
                    DbFormat::kSqlite, 129},
        FixtureCase{"sqlite_empty", "sqlite/empty/rpmdb.sqlite", "sqlite/empty/rpm-qa.tsv", DbFormat::kSqlite, 0}),
    [](const ::testing::TestParamInfo<FixtureCase>& info) { return std::string(info.param.name); });

// A few exact values, so that a systematic mix-up cannot hide behind both sides of a compare.
TEST(RpmFixture, ExactValues) {
  const std::string path = SharedPath("fixtures/rpm/bdb/epoch-hello/Packages");
  HS_REQUIRE_PATH(path);
  Result<PackageDb> db = ReadPackageDbBytes(View(ReadTestFile(path)));
  ASSERT_TRUE(db.has_value()) << db.error().message();
  ASSERT_EQ(db->packages.size(), 1u);
  const model::Package& p = db->packages[0];
  EXPECT_EQ(p.name, "hello");
  EXPECT_EQ(p.epoch, "1");
  EXPECT_EQ(p.version, "1:0.0.1-rls");
  EXPECT_EQ(p.release, "rls");
  EXPECT_EQ(p.arch, "x86_64");
  EXPECT_EQ(p.source_rpm, "hello-0.0.1-rls.src.rpm");
  EXPECT_EQ(p.source_name, "hello");
  EXPECT_EQ(p.source_version, "0.0.1-rls");
  EXPECT_EQ(p.vendor, "");

  const std::string al = SharedPath("fixtures/rpm/bdb-converted/amazonlinux2023-plain/Packages");
  HS_REQUIRE_PATH(al);
  Result<PackageDb> al_db = ReadPackageDbBytes(View(ReadTestFile(al)));
  ASSERT_TRUE(al_db.has_value()) << al_db.error().message();
  auto it = std::find_if(al_db->packages.begin(), al_db->packages.end(),
                         [](const model::Package& q) { return q.name == "openssl-libs"; });
  ASSERT_NE(it, al_db->packages.end());
  EXPECT_EQ(it->version, "1:3.0.8-1.amzn2023.0.4");
  EXPECT_EQ(it->source_name, "openssl");
  EXPECT_EQ(it->source_version, "3.0.8-1.amzn2023.0.4");
  EXPECT_EQ(it->vendor, "Amazon Linux");
  auto key = std::find_if(al_db->packages.begin(), al_db->packages.end(),
                          [](const model::Package& q) { return q.name == "gpg-pubkey"; });
  ASSERT_NE(key, al_db->packages.end()) << "rpm -qa lists gpg-pubkey; so do we";
  EXPECT_EQ(key->version, "d832c631-63977702");
  EXPECT_EQ(key->arch, "");
  EXPECT_EQ(key->source_name, "");
}

// ---------------------------------------------------------------------------------------------
// Header blobs

TEST(RpmHeader, ClaircoreFixture) {
  const std::string path = SharedPath("fixtures/rpm/header/package.header");
  HS_REQUIRE_PATH(path);
  const std::string blob = ReadTestFile(path);
  Result<Header> h = Header::Parse(View(blob));
  ASSERT_TRUE(h.has_value()) << h.error().message();
  EXPECT_EQ(h->entry_count(), 77u);  // 78 index entries, the HEADERIMMUTABLE region one excluded

  Result<model::Package> p = PackageFromHeader(View(blob));
  ASSERT_TRUE(p.has_value()) << p.error().message();
  model::Package want;
  want.type = model::PackageType::kRpm;
  want.name = "crypto-policies";
  want.version = "20210213-1.git5c710c0.fc34";
  want.release = "1.git5c710c0.fc34";
  want.arch = "noarch";
  want.license = "LGPLv2+";
  want.vendor = "Fedora Project";
  want.source_rpm = "crypto-policies-20210213-1.git5c710c0.fc34.src.rpm";
  want.source_name = "crypto-policies";
  want.source_version = "20210213-1.git5c710c0.fc34";
  EXPECT_EQ(*p, want);

  // Every proper prefix is a clean error.
  for (size_t n : {size_t{0}, size_t{7}, size_t{8}, size_t{100}, blob.size() / 2, blob.size() - 1}) {
    Result<model::Package> t = PackageFromHeader(View(blob).first(n));
    ASSERT_FALSE(t.has_value()) << n;
    EXPECT_EQ(t.error().code(), ErrorCode::kCorrupt);
  }
}

// Builds header blobs the way rpm lays them out: an optional HEADERIMMUTABLE region whose
// trailer follows the region's data, then dribble entries after it.
constexpr uint32_t kChar = 1, kInt32 = 4, kString = 6, kBin = 7, kStringArray = 8, kI18n = 9;

class HeaderBuilder {
 public:
  HeaderBuilder& Add(uint32_t tag, uint32_t type, uint32_t count, std::string data, uint32_t align = 1) {
    (dribble_ ? dribbles_ : region_).push_back(Item{tag, type, count, std::move(data), align});
    return *this;
  }
  HeaderBuilder& Str(uint32_t tag, const std::string& s) { return Add(tag, kString, 1, s + '\0'); }
  HeaderBuilder& Int32(uint32_t tag, uint32_t v) { return Add(tag, kInt32, 1, Be32(v), 4); }
  /// Entries added from now on are dribbles (after the region).
  HeaderBuilder& Dribbles() {
    dribble_ = true;
    return *this;
  }
  HeaderBuilder& NoRegion() {
    region_tag_ = 0;
    return *this;
  }
  HeaderBuilder& Nevr() { return Str(kTagName, "pkg").Str(kTagVersion, "1.0").Str(kTagRelease, "1"); }

  std::string Build() const {
    std::vector<std::array<uint32_t, 4>> index;
    std::string data;
    auto place = [&](const Item& it) {
      while (data.size() % it.align != 0) data += '\0';
      index.push_back({it.tag, it.type, static_cast<uint32_t>(data.size()), it.count});
      data += it.data;
    };
    if (region_tag_ != 0) index.push_back({});
    for (const Item& it : region_) place(it);
    if (region_tag_ != 0) {
      index[0] = {region_tag_, kBin, static_cast<uint32_t>(data.size()), 16};
      data += Be32(region_tag_) + Be32(kBin) + Be32(static_cast<uint32_t>(-16 * static_cast<int32_t>(index.size()))) +
              Be32(16);
    }
    for (const Item& it : dribbles_) place(it);
    std::string blob = Be32(static_cast<uint32_t>(index.size())) + Be32(static_cast<uint32_t>(data.size()));
    for (const auto& e : index) {
      for (uint32_t v : e) blob += Be32(v);
    }
    return blob + data;
  }

 private:
  struct Item {
    uint32_t tag, type, count;
    std::string data;
    uint32_t align;
  };
  uint32_t region_tag_ = kTagHeaderImmutable;
  bool dribble_ = false;
  std::vector<Item> region_, dribbles_;
};

// Offset of field `f` (0 tag, 1 type, 2 offset, 3 count) of index entry `i`.
size_t Field(size_t i, size_t f) { return 8 + 16 * i + 4 * f; }

TEST(RpmHeader, AllFields) {
  const std::string blob = HeaderBuilder()
                               .Str(kTagName, "openssl-libs")
                               .Str(kTagVersion, "3.0.8")
                               .Str(kTagRelease, "1.amzn2023.0.4")
                               .Int32(kTagEpoch, 1)
                               .Str(kTagVendor, "Amazon Linux")
                               .Str(kTagLicense, "Apache-2.0")
                               .Str(kTagArch, "x86_64")
                               .Str(kTagSourceRpm, "openssl-3.0.8-1.amzn2023.0.4.src.rpm")
                               .Str(kTagModularityLabel, "perl:5.32:8040020210528134530:9fe1d287")
                               .Build();
  Result<model::Package> p = PackageFromHeader(View(blob));
  ASSERT_TRUE(p.has_value()) << p.error().message();
  model::Package want;
  want.type = model::PackageType::kRpm;
  want.name = "openssl-libs";
  want.epoch = "1";
  want.version = "1:3.0.8-1.amzn2023.0.4";
  want.release = "1.amzn2023.0.4";
  want.arch = "x86_64";
  want.license = "Apache-2.0";
  want.vendor = "Amazon Linux";
  want.modularity_label = "perl:5.32:8040020210528134530:9fe1d287";
  want.source_rpm = "openssl-3.0.8-1.amzn2023.0.4.src.rpm";
  want.source_name = "openssl";
  want.source_version = "3.0.8-1.amzn2023.0.4";
  EXPECT_EQ(*p, want);
}

TEST(RpmHeader, Variants) {
  // An EPOCH of 0 is still printed by rpm ("0"), so the EVR keeps "0:".
  Result<model::Package> zero = PackageFromHeader(View(HeaderBuilder().Nevr().Int32(kTagEpoch, 0).Build()));
  ASSERT_TRUE(zero.has_value()) << zero.error().message();
  EXPECT_EQ(zero->epoch, "0");
  EXPECT_EQ(zero->version, "0:1.0-1");

  // Legacy (v3) headers have no region.
  Result<model::Package> legacy = PackageFromHeader(View(HeaderBuilder().NoRegion().Nevr().Build()));
  ASSERT_TRUE(legacy.has_value()) << legacy.error().message();
  EXPECT_EQ(legacy->version, "1.0-1");
  EXPECT_EQ(legacy->epoch, "");

  // A dribble entry replaces the region entry with the same tag.
  Result<model::Package> dribble = PackageFromHeader(
      View(HeaderBuilder().Nevr().Str(kTagArch, "i686").Dribbles().Str(kTagArch, "x86_64").Build()));
  ASSERT_TRUE(dribble.has_value()) << dribble.error().message();
  EXPECT_EQ(dribble->arch, "x86_64");

  // String arrays and i18n strings give their first element.
  Result<model::Package> arrays = PackageFromHeader(View(HeaderBuilder()
                                                             .Nevr()
                                                             .Add(kTagVendor, kI18n, 2, std::string("Acme\0Akme\0", 10))
                                                             .Add(kTagLicense, kStringArray, 1, std::string("MIT\0", 4))
                                                             .Build()));
  ASSERT_TRUE(arrays.has_value()) << arrays.error().message();
  EXPECT_EQ(arrays->vendor, "Acme");
  EXPECT_EQ(arrays->license, "MIT");

  // Unknown tags of any type are fine; a source rpm that does not parse leaves source empty.
  Result<model::Package> odd = PackageFromHeader(View(
      HeaderBuilder().Nevr().Add(1234, kBin, 3, "abc").Str(kTagSourceRpm, "weird.rpm").Build()));
  ASSERT_TRUE(odd.has_value()) << odd.error().message();
  EXPECT_EQ(odd->source_rpm, "weird.rpm");
  EXPECT_EQ(odd->source_name, "");
  EXPECT_EQ(odd->source_version, "");
}

struct BadHeader {
  const char* name;
  std::string blob;
  const char* message;  // expected substring
};

std::vector<BadHeader> BadHeaders() {
  const std::string good = HeaderBuilder().Nevr().Int32(kTagEpoch, 2).Build();  // entries 1..4
  std::vector<BadHeader> v;
  auto patch = [&](size_t off, uint32_t value) {
    std::string b = good;
    PutBe32(b, off, value);
    return b;
  };
  v.push_back({"empty", "", "shorter than its 8-byte intro"});
  v.push_back({"truncated", good.substr(0, good.size() - 1), "does not match"});
  v.push_back({"trailing_byte", good + '\0', "does not match"});
  v.push_back({"il_huge", patch(0, 0x10000), "over 65535"});
  v.push_back({"dl_huge", patch(4, 0x10000000), "over 256 MiB"});
  v.push_back({"il_zero", std::string(8, '\0'), "no index entries"});
  v.push_back({"offset_out_of_range", patch(Field(4, 2), 0x7ffffff0), "offset outside the data store"});
  v.push_back({"int32_misaligned", patch(Field(4, 2), 13), "not aligned"});
  v.push_back({"overlap", patch(Field(2, 2), 0), "overlaps the previous entry"});
  v.push_back({"type_zero", patch(Field(1, 1), 0), "unknown data type"});
  v.push_back({"type_ten", patch(Field(1, 1), 10), "unknown data type"});
  v.push_back({"count_zero", patch(Field(4, 3), 0), "count out of range"});
  v.push_back({"count_huge", patch(Field(4, 3), 0xffffff), "count out of range"});
  v.push_back({"int32_past_end", patch(Field(4, 3), 6), "runs past the data store"});
  v.push_back({"string_count_two", patch(Field(1, 3), 2), "must have count 1"});
  v.push_back({"reserved_tag", patch(Field(1, 0), 50), "tag below 100"});
  v.push_back({"region_type", patch(Field(0, 1), kString), "want type 7 count 16"});
  v.push_back({"region_offset", patch(Field(0, 2), 0xfff0), "trailer offset"});
  v.push_back({"missing_name", HeaderBuilder().Str(kTagVersion, "1").Str(kTagRelease, "1").Build(), "no NAME tag"});
  v.push_back({"missing_release", HeaderBuilder().Str(kTagName, "a").Str(kTagVersion, "1").Build(), "no RELEASE tag"});
  v.push_back({"name_not_string", HeaderBuilder().Int32(kTagName, 7).Str(kTagVersion, "1").Str(kTagRelease, "1").Build(),
               "not a string"});
  v.push_back({"epoch_not_int", HeaderBuilder().Nevr().Str(kTagEpoch, "1").Build(), "not INT32"});
  v.push_back({"string_unterminated", HeaderBuilder().NoRegion().Nevr().Add(kTagArch, kString, 1, "x86_64").Build(),
               "not NUL-terminated"});
  v.push_back({"array_too_long", HeaderBuilder().Nevr().Add(1234, kChar, 0x100000, std::string(0x100000, 'a')).Build(),
               "more than 1048575 elements"});
  {
    // The region trailer must name the region and give its index size.
    std::string b = good;
    const size_t trailer = 8 + 16 * 5 + LoadBe32(View(good), Field(0, 2));
    PutBe32(b, trailer, kTagHeaderImage);
    v.push_back({"trailer_tag", b, "bad trailer"});
    b = good;
    PutBe32(b, trailer + 8, static_cast<uint32_t>(-17));
    v.push_back({"trailer_size", b, "does not fit"});
    b = good;
    PutBe32(b, trailer + 8, static_cast<uint32_t>(-16 * 6));
    v.push_back({"trailer_too_many", b, "does not fit"});
  }
  {
    // A dribble whose data starts inside the trailer.
    std::string b = HeaderBuilder().Nevr().Dribbles().Str(kTagArch, "x").Build();
    const uint32_t trailer = LoadBe32(View(b), Field(0, 2));
    PutBe32(b, Field(4, 2), trailer + 8);
    v.push_back({"data_in_trailer", b, "overlaps the region trailer"});
  }
  return v;
}

TEST(RpmHeader, CorruptInputsAreCleanErrors) {
  for (const BadHeader& c : BadHeaders()) {
    SCOPED_TRACE(c.name);
    Result<model::Package> p = PackageFromHeader(View(c.blob));
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().code(), ErrorCode::kCorrupt);
    EXPECT_NE(p.error().message().find(c.message), std::string::npos) << p.error().message();
    EXPECT_TRUE(p.error().message().starts_with("rpm header: ")) << p.error().message();
  }
}


// ---------------------------------------------------------------------------------------------
// Berkeley DB

constexpr size_t kPage = 4096;  // page size of every BDB fixture
size_t PageOff(uint32_t pgno) { return static_cast<size_t>(pgno) * kPage; }

std::string Fixture(const std::string& rel) {
  const std::string p = SharedPath("fixtures/rpm/" + rel);
  return p.empty() ? std::string() : ReadTestFile(p);
}

#define REQUIRE_FIXTURE(var, rel)                                            \
  const std::string var = Fixture(rel);                                      \
  if (var.empty()) GTEST_SKIP() << "SKIPPED: missing test data: fixtures/rpm/" << (rel)

// The one package record of a single-package fixture sits on page 2 as its second item:
// returns the offset of that H_OFFPAGE value item.
size_t OffPageItem(const std::string& db) {
  const size_t voff = GetLe16(db, PageOff(2) + 26 + 2);
  EXPECT_EQ(db[PageOff(2) + voff], 3) << "expected an H_OFFPAGE value";
  return PageOff(2) + voff;
}

TEST(RpmBdb, OverflowChainLoopIsARecordProblem) {
  REQUIRE_FIXTURE(db, "bdb/rhel8-libuuid/Packages");
  std::string bad = db;
  const size_t item = OffPageItem(bad);
  const uint32_t first = GetLe32(bad, item + 4);
  const uint32_t second = GetLe32(bad, PageOff(first) + 16);
  ASSERT_NE(second, 0u);
  PutLe32(bad, PageOff(second) + 16, first);  // second -> first: a loop
  Result<PackageDb> r = ReadPackageDbBytes(View(bad));
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_TRUE(r->packages.empty());
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_NE(r->problems[0].message().find("overflow chain loops"), std::string::npos) << r->problems[0].message();
  EXPECT_NE(r->problems[0].message().find("instance 1"), std::string::npos) << r->problems[0].message();
}

TEST(RpmBdb, CorruptDatabases) {
  REQUIRE_FIXTURE(db, "bdb/centos8-dive/Packages");
  const size_t item = OffPageItem(db);
  const uint32_t ovfl = GetLe32(db, item + 4);
  const uint32_t total = GetLe32(db, item + 8);
  struct Case {
    const char* name;
    std::string bytes;
    ErrorCode code;  // of the whole read, or of the one problem when record_problem
    bool record_problem;
    const char* message;
  };
  std::vector<Case> cases;
  auto mutate = [&](auto fn) {
    std::string b = db;
    fn(b);
    return b;
  };
  cases.push_back({"truncated", db.substr(0, db.size() - kPage), ErrorCode::kCorrupt, false, "truncated"});
  cases.push_back({"short", db.substr(0, 100), ErrorCode::kCorrupt, false, "shorter than a meta page"});
  cases.push_back({"bucket_loop", mutate([](std::string& b) { PutLe32(b, PageOff(1) + 16, 1); }), ErrorCode::kCorrupt,
                   false, "bucket chain loops"});
  cases.push_back({"page_type", mutate([](std::string& b) { b[PageOff(2) + 25] = 5; }), ErrorCode::kCorrupt, false,
                   "is not a hash page"});
  cases.push_back({"page_number", mutate([](std::string& b) { PutLe32(b, PageOff(2) + 8, 7); }), ErrorCode::kCorrupt,
                   false, "header names page 7"});
  cases.push_back({"entries_overflow_page", mutate([](std::string& b) { PutLe16(b, PageOff(2) + 20, 4000); }),
                   ErrorCode::kCorrupt, false, "do not fit the page"});
  cases.push_back({"item_offsets", mutate([](std::string& b) { PutLe16(b, PageOff(2) + 26, 10); }),
                   ErrorCode::kCorrupt, false, "out of order"});
  cases.push_back({"max_bucket", mutate([](std::string& b) { PutLe32(b, 72, 1000); }), ErrorCode::kCorrupt, false,
                   "max bucket"});
  cases.push_back({"page_size", mutate([](std::string& b) { PutLe32(b, 20, 4095); }), ErrorCode::kCorrupt, false,
                   "page size"});
  cases.push_back({"btree", mutate([](std::string& b) { PutLe32(b, 12, 0x00053162); }), ErrorCode::kUnsupported, false,
                   "B-tree"});
  cases.push_back({"hash_version", mutate([](std::string& b) { PutLe32(b, 16, 3); }), ErrorCode::kUnsupported, false,
                   "hash version 3"});
  cases.push_back({"encrypted", mutate([](std::string& b) { b[24] = 1; }), ErrorCode::kUnsupported, false, "encrypted"});
  cases.push_back({"checksums", mutate([](std::string& b) { b[26] = 1; }), ErrorCode::kUnsupported, false,
                   "checksums"});
  // Record-level: the overflow chain of the one package.
  cases.push_back({"overflow_self_loop", mutate([&](std::string& b) {
                     PutLe16(b, PageOff(ovfl) + 22, static_cast<uint16_t>(total / 2));
                     PutLe32(b, PageOff(ovfl) + 16, ovfl);
                   }),
                   ErrorCode::kCorrupt, true, "overflow chain loops"});
  cases.push_back({"overflow_ends_early", mutate([&](std::string& b) {
                     PutLe16(b, PageOff(ovfl) + 22, static_cast<uint16_t>(total / 2));
                     PutLe32(b, PageOff(ovfl) + 16, 0);
                   }),
                   ErrorCode::kCorrupt, true, "ends at page 0"});
  cases.push_back({"overflow_page_type", mutate([&](std::string& b) { b[PageOff(ovfl) + 25] = 13; }),
                   ErrorCode::kCorrupt, true, "not an overflow page"});
  cases.push_back({"overflow_to_meta", mutate([&](std::string& b) { PutLe32(b, item + 4, 0); }), ErrorCode::kCorrupt,
                   true, "ends at page 0"});
  cases.push_back({"overflow_length", mutate([&](std::string& b) { PutLe16(b, PageOff(ovfl) + 22, 0); }),
                   ErrorCode::kCorrupt, true, "bad data length 0"});
  cases.push_back({"overflow_huge", mutate([&](std::string& b) { PutLe32(b, item + 8, 0x7fffffff); }),
                   ErrorCode::kCorrupt, true, "not a header size"});
  cases.push_back({"header_damaged", mutate([&](std::string& b) { b[PageOff(ovfl) + 26] = 0x7f; }),
                   ErrorCode::kCorrupt, true, "rpm header: "});

  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<PackageDb> r = ReadPackageDbBytes(View(c.bytes));
    const Error* e = nullptr;
    if (c.record_problem) {
      ASSERT_TRUE(r.has_value()) << r.error().message();
      EXPECT_TRUE(r->packages.empty());
      ASSERT_EQ(r->problems.size(), 1u);
      e = &r->problems[0];
    } else {
      ASSERT_FALSE(r.has_value());
      e = &r.error();
    }
    EXPECT_EQ(e->code(), c.code) << e->message();
    EXPECT_NE(e->message().find(c.message), std::string::npos) << e->message();
  }
}

// Rewrites a little-endian BDB in big-endian order, as rpm's bdb_ro swaps pages the other way
// (bdb_swapmetapage, bdb_swappage): the meta fields, page headers, item offsets, off-page
// pgno/length and the 4-byte instance keys (rpm writes them in host order).
std::string SwapBdb(std::string db) {
  auto swap32 = [&](size_t off) { std::reverse(db.begin() + off, db.begin() + off + 4); };
  auto swap16 = [&](size_t off) { std::swap(db[off], db[off + 1]); };
  for (size_t i = 8; i < 224; i += 4) {
    if (i != 24) swap32(i);  // 24..27 are four single bytes
  }
  const size_t pages = db.size() / kPage;
  for (size_t p = 1; p < pages; ++p) {
    const size_t base = p * kPage;
    const uint8_t type = static_cast<uint8_t>(db[base + 25]);
    const uint16_t n = GetLe16(db, base + 20);
    if (type == 2 || type == 13) {
      std::vector<size_t> offs;
      for (size_t i = 0; i < n; ++i) offs.push_back(base + GetLe16(db, base + 26 + 2 * i));
      for (size_t i = 0; i < n; ++i) {
        const size_t off = offs[i];
        const size_t len = (i == 0 ? base + kPage : offs[i - 1]) - off;
        if (db[off] == 3) {
          swap32(off + 4);
          swap32(off + 8);
        } else if (i % 2 == 0 && db[off] == 1 && len == 5) {
          swap32(off + 1);  // a key
        }
        swap16(base + 26 + 2 * i);
      }
    }
    swap32(base + 8);
    swap32(base + 12);
    swap32(base + 16);
    swap16(base + 20);
    swap16(base + 22);
  }
  return db;
}

TEST(RpmBdb, BigEndianReadsTheSame) {
  for (const char* rel : {"bdb/centos8-dive/Packages", "bdb/epoch-hello/Packages", "bdb/rhel8-libuuid/Packages",
                          "bdb-converted/amazonlinux2023-plain/Packages"}) {
    SCOPED_TRACE(rel);
    REQUIRE_FIXTURE(le, rel);
    const std::string be = SwapBdb(le);
    ASSERT_NE(be, le);
    ASSERT_TRUE(IsBdb(View(be)));
    Result<PackageDb> a = ReadPackageDbBytes(View(le));
    Result<PackageDb> b = ReadPackageDbBytes(View(be));
    ASSERT_TRUE(a.has_value()) << a.error().message();
    ASSERT_TRUE(b.has_value()) << b.error().message();
    EXPECT_TRUE(b->problems.empty());
    EXPECT_EQ(OurRows(a->packages), OurRows(b->packages));
    EXPECT_FALSE(b->packages.empty());
    // Instance numbers come out right in both orders.
    std::vector<uint32_t> ia, ib;
    ASSERT_TRUE(ReadBdb(View(le), [&](const HeaderRecord& r) { ia.push_back(r.instance); }, [](Error) {}).has_value());
    ASSERT_TRUE(ReadBdb(View(be), [&](const HeaderRecord& r) { ib.push_back(r.instance); }, [](Error) {}).has_value());
    EXPECT_EQ(ia, ib);
  }
}

// ---------------------------------------------------------------------------------------------
// NDB

// Slot `n` (2.. in the first page) of an NDB file: {"Slot", instance, block offset, blocks}.
size_t SlotOff(size_t n) { return 16 * n; }

TEST(RpmNdb, CorruptDatabases) {
  REQUIRE_FIXTURE(db, "ndb/sle15-bci/Packages.db");
  const uint32_t blk = GetLe32(db, SlotOff(2) + 8);
  const uint32_t cnt = GetLe32(db, SlotOff(2) + 12);
  const size_t head = static_cast<size_t>(blk) * 16;
  const size_t tail = static_cast<size_t>(blk + cnt) * 16 - 12;
  auto mutate = [&](auto fn) {
    std::string b = db;
    fn(b);
    return b;
  };
  struct Case {
    const char* name;
    std::string bytes;
    ErrorCode code;
    const char* message;
  };
  const Case fatal[] = {
      {"truncated_block", db.substr(0, db.size() - 16), ErrorCode::kCorrupt, "ends past the file"},
      {"truncated_byte", db.substr(0, db.size() - 1), ErrorCode::kCorrupt, "not a multiple of 16"},
      {"truncated_slots", db.substr(0, 2048), ErrorCode::kCorrupt, "slot pages do not fit"},
      {"slot_magic", mutate([](std::string& b) { b[SlotOff(3)] = 'X'; }), ErrorCode::kCorrupt, "slot 3: bad magic"},
      {"slot_instance_zero", mutate([](std::string& b) { PutLe32(b, SlotOff(3) + 4, 0); }), ErrorCode::kCorrupt,
       "bad entry"},
      {"slot_in_slot_pages", mutate([](std::string& b) { PutLe32(b, SlotOff(3) + 8, 3); }), ErrorCode::kCorrupt,
       "bad entry"},
      {"slot_pages_zero", mutate([](std::string& b) { PutLe32(b, 12, 0); }), ErrorCode::kCorrupt, "slot page count"},
      {"slot_pages_huge", mutate([](std::string& b) { PutLe32(b, 12, 0x00ffffff); }), ErrorCode::kCorrupt,
       "slot pages do not fit"},
      {"version", mutate([](std::string& b) { PutLe32(b, 4, 1); }), ErrorCode::kUnsupported, "format version 1"},
  };
  for (const Case& c : fatal) {
    SCOPED_TRACE(c.name);
    Result<PackageDb> r = ReadPackageDbBytes(View(c.bytes));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), c.code);
    EXPECT_NE(r.error().message().find(c.message), std::string::npos) << r.error().message();
  }

  struct RecordCase {
    const char* name;
    std::string bytes;
    size_t packages;
    const char* message;
  };
  const RecordCase records[] = {
      // rpm verifies the checksum only in --verifydb; the record is kept, with a problem.
      {"adler32", mutate([&](std::string& b) { b[tail] ^= 1; }), 36, "adler32 mismatch"},
      {"head_magic", mutate([&](std::string& b) { b[head] = 'X'; }), 35, "bad head magic"},
      {"head_instance", mutate([&](std::string& b) { PutLe32(b, head + 4, 999); }), 35, "head names instance 999"},
      {"head_length", mutate([&](std::string& b) { PutLe32(b, head + 12, 5); }), 35, "does not match"},
      {"tail_magic", mutate([&](std::string& b) { b[tail + 8] = 'X'; }), 35, "bad tail"},
      {"too_few_blocks", mutate([](std::string& b) { PutLe32(b, SlotOff(2) + 12, 1); }), 35, "cannot hold a blob"},
      {"overlap", mutate([&](std::string& b) {
         PutLe32(b, SlotOff(3) + 8, blk);
         PutLe32(b, SlotOff(3) + 12, cnt);
       }),
       35, "overlaps the previous blob"},
  };
  for (const RecordCase& c : records) {
    SCOPED_TRACE(c.name);
    Result<PackageDb> r = ReadPackageDbBytes(View(c.bytes));
    ASSERT_TRUE(r.has_value()) << r.error().message();
    EXPECT_EQ(r->packages.size(), c.packages);
    ASSERT_EQ(r->problems.size(), 1u);
    EXPECT_NE(r->problems[0].message().find(c.message), std::string::npos) << r->problems[0].message();
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite

// Creates a SQLite database at `path` with the given statements.
void MakeSqlite(const std::string& path, const std::vector<std::string>& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const std::string& s : sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, s.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
  }
  sqlite3_close(db);
}

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

TEST(RpmSqlite, BadRowsAreProblems) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  const std::string path = (*dir)->path() + "/rpmdb.sqlite";
  const std::string good = HeaderBuilder().Nevr().Build();
  MakeSqlite(path, {"CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB)",
                    "INSERT INTO Packages VALUES (1, x'" + Hex(good) + "')",
                    "INSERT INTO Packages VALUES (2, NULL)",
                    "INSERT INTO Packages VALUES (3, x'00010203')",
                    "INSERT INTO Packages VALUES (-4, x'" + Hex(good) + "')"});
  Result<PackageDb> r = ReadPackageDb(path);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->format, DbFormat::kSqlite);
  ASSERT_EQ(r->packages.size(), 1u);
  EXPECT_EQ(r->packages[0].version, "1.0-1");
  ASSERT_EQ(r->problems.size(), 3u);
  EXPECT_NE(r->problems[0].message().find("out of range"), std::string::npos) << r->problems[0].message();
  EXPECT_NE(r->problems[1].message().find("empty blob"), std::string::npos) << r->problems[1].message();
  EXPECT_NE(r->problems[2].message().find("instance 3: rpm header: "), std::string::npos) << r->problems[2].message();
}

TEST(RpmSqlite, HostileAndBrokenFiles) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  const std::string view = (*dir)->path() + "/view.sqlite";
  MakeSqlite(view, {"CREATE TABLE t (x)", "CREATE VIEW Packages AS SELECT 1 AS hnum, x'00' AS blob"});
  Result<PackageDb> r = ReadPackageDb(view);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnsupported);

  // A name that needs URI escaping.
  const std::string odd = (*dir)->path() + "/we?ird#na%me.sqlite";
  MakeSqlite(odd, {"CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB)"});
  r = ReadPackageDb(odd);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_TRUE(r->packages.empty());

  const std::string mariner = SharedPath("fixtures/rpm/sqlite/cbl-mariner-2.0/rpmdb.sqlite");
  HS_REQUIRE_PATH(mariner);
  const std::string bytes = ReadTestFile(mariner);
  for (size_t keep : {size_t{100}, size_t{4096}, size_t{65536}, bytes.size() / 2}) {
    SCOPED_TRACE(keep);
    const std::string cut = (*dir)->path() + "/cut" + std::to_string(keep) + ".sqlite";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, keep);
    r = ReadPackageDb(cut);
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().message().starts_with("sqlite: ")) << r.error().message();
  }
}

// ---------------------------------------------------------------------------------------------
// The extractor

TEST(RpmExtractor, Identity) {
  auto x = NewRpmExtractor();
  EXPECT_EQ(x->name(), "os/rpm");
  EXPECT_EQ(x->version(), 2);
}

TEST(RpmExtractor, Wants) {
  struct Case {
    const char* path;
    bool want;
  };
  const Case cases[] = {
      {"/var/lib/rpm/Packages", true},
      {"/var/lib/rpm/Packages.db", true},
      {"/var/lib/rpm/rpmdb.sqlite", true},
      {"/usr/lib/sysimage/rpm/Packages", true},
      {"/usr/lib/sysimage/rpm/Packages.db", true},
      {"/usr/lib/sysimage/rpm/rpmdb.sqlite", true},
      // near misses
      {"/var/lib/rpm/packages", false},
      {"/var/lib/rpm/Packages.bak", false},
      {"/var/lib/rpm/Packages/", false},
      {"/var/lib/rpm/rpmdb.sqlite-wal", false},
      {"/var/lib/rpm/rpmdb.sqlite-shm", false},
      {"/var/lib/rpm/Name", false},
      {"/var/lib/rpm/Index.db", false},
      {"/var/lib/rpm", false},
      {"var/lib/rpm/Packages", false},
      {"/root/var/lib/rpm/Packages", false},
      {"/var/lib/rpm-state/Packages", false},
      {"/usr/lib/sysimage/rpm/Packages.db.old", false},
      {"/usr/share/rpm/Packages", false},
      {"/var/lib/dpkg/status", false},
      {"", false},
  };
  RpmExtractor x;
  for (const Case& c : cases) {
    FileInfo info;
    info.path = c.path;
    EXPECT_EQ(x.Wants(info), c.want) << c.path;
  }
}

TEST(RpmExtractor, ExtractEachFormat) {
  struct Case {
    const char* fixture;
    const char* path;
    size_t packages;
  };
  const Case cases[] = {
      {"bdb/rhel8-libuuid/Packages", "/var/lib/rpm/Packages", 1},
      {"ndb/sle15-bci/Packages.db", "/usr/lib/sysimage/rpm/Packages.db", 36},
      {"sqlite/cbl-mariner-2.0/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", 129},
      // The backend comes from the content, not the name.
      {"sqlite/cbl-mariner-2.0/rpmdb.sqlite", "/var/lib/rpm/Packages", 129},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    REQUIRE_FIXTURE(bytes, c.fixture);
    RpmExtractor x;
    common::RecordingSink sink(c.path);
    Status st = common::ExtractFromMemory(x, c.path, bytes, sink);
    ASSERT_TRUE(st.has_value()) << st.error().message();
    EXPECT_TRUE(sink.warnings.empty());
    ASSERT_EQ(sink.packages.size(), c.packages);
    for (const model::Package& p : sink.packages) {
      EXPECT_EQ(p.path, c.path);
      EXPECT_EQ(p.extractor, "os/rpm");
      EXPECT_EQ(p.type, model::PackageType::kRpm);
    }
  }
}

// The header file lists (BASENAMES/DIRNAMES/DIRINDEXES) name the owners of files where language
// packages may live; the owners below are what `rpm --dbpath COPY -ql NAME` lists for this DB.
TEST(RpmExtractor, FileListsNameTheOwners) {
  REQUIRE_FIXTURE(bytes, "sqlite/amazonlinux2023-plain/rpmdb.sqlite");
  RpmExtractor x;
  common::RecordingSink sink("/var/lib/rpm/rpmdb.sqlite");
  ASSERT_TRUE(common::ExtractFromMemory(x, "/var/lib/rpm/rpmdb.sqlite", bytes, sink));
  std::map<std::string, std::string> owner;
  for (const model::OwnedFile& f : sink.owned_files) owner[f.path] = f.owner;
  EXPECT_EQ(owner["/usr/bin/bash"], "bash");
  EXPECT_EQ(owner["/usr/bin/python3"], "python3");
  EXPECT_EQ(owner["/sbin/ldconfig"], "glibc");  // as the header spells it (ApplyLayers merges /usr)
  EXPECT_EQ(owner.count("/etc/bashrc"), 0u) << "not a place for language packages";
}

TEST(RpmExtractor, DamagedRecordIsAWarning) {
  REQUIRE_FIXTURE(db, "ndb/sle15-bci/Packages.db");
  std::string bad = db;
  bad[static_cast<size_t>(GetLe32(db, SlotOff(2) + 8)) * 16] = 'X';
  RpmExtractor x;
  common::RecordingSink sink;
  Status st = common::ExtractFromMemory(x, "/usr/lib/sysimage/rpm/Packages.db", bad, sink);
  ASSERT_TRUE(st.has_value()) << st.error().message();
  EXPECT_EQ(sink.packages.size(), 35u);
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].path, "/usr/lib/sysimage/rpm/Packages.db");
  EXPECT_EQ(sink.warnings[0].error.code(), ErrorCode::kCorrupt);
}

TEST(RpmExtractor, BadInputs) {
  RpmExtractor x;
  {
    const std::string invalid = SharedPath("fixtures/rpm/bad/invalid");
    HS_REQUIRE_PATH(invalid);
    common::RecordingSink sink;
    Status st = common::ExtractFromMemory(x, "/var/lib/rpm/Packages", ReadTestFile(invalid), sink);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
    EXPECT_NE(st.error().message().find("not an rpm database"), std::string::npos) << st.error().message();
    EXPECT_TRUE(sink.packages.empty());
  }
  {
    // A database that fails part-way adds nothing.
    REQUIRE_FIXTURE(al, "bdb-converted/amazonlinux2023-plain/Packages");
    std::string bad = al;
    PutLe32(bad, PageOff(2) + 16, 1);  // bucket 1's page chains into bucket 0's page
    common::RecordingSink sink;
    Status st = common::ExtractFromMemory(x, "/var/lib/rpm/Packages", bad, sink);
    ASSERT_FALSE(st.has_value());
    EXPECT_NE(st.error().message().find("bucket chain loops"), std::string::npos) << st.error().message();
    EXPECT_TRUE(sink.packages.empty());
  }
  {
    // An empty file is an empty database.
    common::RecordingSink sink;
    Status st = common::ExtractFromMemory(x, "/var/lib/rpm/rpmdb.sqlite", "", sink);
    ASSERT_TRUE(st.has_value()) << st.error().message();
    EXPECT_TRUE(sink.packages.empty());
    EXPECT_TRUE(sink.warnings.empty());
  }
  {
    // Over the spill limit: Materialize refuses, the extractor passes the error on.
    Limits limits;
    limits.max_spill_bytes = 10;
    common::RecordingSink sink;
    Status st = common::ExtractFromMemory(x, "/var/lib/rpm/Packages", std::string(100, 'x'), sink, limits);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  }
}

TEST(RpmExtractor, ProblemsAreCapped) {
  // An NDB whose 254 slots (one slot page) all point at bad blobs: 100 problems and one summary.
  std::string db(4096 + 300 * 32, '\0');
  db.replace(0, 4, "RpmP");
  PutLe32(db, 12, 1);
  for (size_t n = 2; n < 256; ++n) db.replace(SlotOff(n), 4, "Slot");
  for (size_t n = 2; n < 256; ++n) {
    PutLe32(db, SlotOff(n) + 4, static_cast<uint32_t>(n));
    PutLe32(db, SlotOff(n) + 8, static_cast<uint32_t>(256 + 2 * (n - 2)));
    PutLe32(db, SlotOff(n) + 12, 2);
  }
  Result<PackageDb> r = ReadPackageDbBytes(View(db));
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_TRUE(r->packages.empty());
  ASSERT_EQ(r->problems.size(), kMaxProblems + 1);
  EXPECT_EQ(r->problems.back().code(), ErrorCode::kLimitExceeded);
  EXPECT_NE(r->problems.back().message().find("154 more"), std::string::npos) << r->problems.back().message();
}

TEST(RpmExtractor, DetectFormat) {
  EXPECT_EQ(DetectDbFormat(View(std::string("SQLite format 3\0xxxx", 20))), DbFormat::kSqlite);
  EXPECT_EQ(DetectDbFormat(View(std::string("RpmP"))), DbFormat::kNdb);
  std::string bdb(16, '\0');
  PutLe32(bdb, 12, 0x00061561);
  EXPECT_EQ(DetectDbFormat(View(bdb)), DbFormat::kBdb);
  PutBe32(bdb, 12, 0x00061561);
  EXPECT_EQ(DetectDbFormat(View(bdb)), DbFormat::kBdb);
  EXPECT_EQ(DetectDbFormat(View(std::string("asdf\n"))), DbFormat::kUnknown);
  EXPECT_EQ(DetectDbFormat(View(std::string())), DbFormat::kUnknown);
  EXPECT_EQ(DbFormatName(DbFormat::kNdb), "ndb");
}

}  // namespace
}  // namespace hullscan::extract::rpm
