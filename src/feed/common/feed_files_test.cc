#include "feed/common/feed_files.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/temp_dir.h"

namespace hullscan::feed {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string name;
  std::string content;
  bool operator==(const Entry&) const = default;
};

// What ForEachFeedEntry hands over, in order.
Result<std::vector<Entry>> Entries(const std::string& path, const FeedFileLimits& limits = {}) {
  std::vector<Entry> out;
  HS_RETURN_IF_ERROR(ForEachFeedEntry(path, limits, [&](std::string_view name, std::string_view content) -> Status {
    out.push_back({std::string(name), std::string(content)});
    return {};
  }));
  return out;
}

struct Line {
  std::string text;
  uint64_t no;
  bool operator==(const Line&) const = default;
};

Result<std::vector<Line>> Lines(const std::string& path, const FeedFileLimits& limits = {}) {
  std::vector<Line> out;
  HS_RETURN_IF_ERROR(ForEachFeedLine(path, limits, [&](std::string_view line, uint64_t no) -> Status {
    out.push_back({std::string(line), no});
    return {};
  }));
  return out;
}

void WriteFile(const std::string& path, std::string_view bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(f.good()) << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

struct WriterCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};

enum class Kind { kZip, kTarZst, kTarGz, kRawGz };

struct Member {
  std::string name;
  std::string content;  // regular file body, or the link target for kSymlink
  int type = AE_IFREG;  // AE_IFREG, AE_IFDIR, AE_IFLNK
};

// Writes an archive with libarchive's writer (https://github.com/libarchive/libarchive/wiki/Examples).
void WriteArchive(const std::string& path, Kind kind, const std::vector<Member>& members) {
  std::unique_ptr<archive, WriterCloser> a(archive_write_new());
  switch (kind) {
    case Kind::kZip:
      ASSERT_EQ(archive_write_set_format_zip(a.get()), ARCHIVE_OK);
      break;
    case Kind::kTarZst:
      ASSERT_EQ(archive_write_set_format_pax_restricted(a.get()), ARCHIVE_OK);
      ASSERT_EQ(archive_write_add_filter_zstd(a.get()), ARCHIVE_OK);
      break;
    case Kind::kTarGz:
      ASSERT_EQ(archive_write_set_format_pax_restricted(a.get()), ARCHIVE_OK);
      ASSERT_EQ(archive_write_add_filter_gzip(a.get()), ARCHIVE_OK);
      break;
    case Kind::kRawGz:
      ASSERT_EQ(archive_write_set_format_raw(a.get()), ARCHIVE_OK);
      ASSERT_EQ(archive_write_add_filter_gzip(a.get()), ARCHIVE_OK);
      break;
  }
  ASSERT_EQ(archive_write_open_filename(a.get(), path.c_str()), ARCHIVE_OK) << archive_error_string(a.get());
  for (const Member& m : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), m.name.c_str());
    archive_entry_set_filetype(e.get(), static_cast<unsigned>(m.type));
    archive_entry_set_perm(e.get(), 0644);
    if (m.type == AE_IFLNK) archive_entry_set_symlink(e.get(), m.content.c_str());
    archive_entry_set_size(e.get(), m.type == AE_IFREG ? static_cast<la_int64_t>(m.content.size()) : 0);
    ASSERT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK) << archive_error_string(a.get());
    if (m.type == AE_IFREG && !m.content.empty()) {
      ASSERT_EQ(archive_write_data(a.get(), m.content.data(), m.content.size()),
                static_cast<la_ssize_t>(m.content.size()));
    }
  }
  ASSERT_EQ(archive_write_close(a.get()), ARCHIVE_OK) << archive_error_string(a.get());
}

class FeedFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Create();
    ASSERT_TRUE(dir) << dir.error().message();
    dir_ = std::move(*dir);
  }
  std::string Path(const std::string& name) const { return dir_->path() + "/" + name; }

  const std::vector<Member> kMembers = {
      {"osv/", "", AE_IFDIR},
      {"osv/b/GO-2.json", "{\"id\": \"GO-2\"}", AE_IFREG},
      {"osv/a/GO-1.json", "{\"id\": \"GO-1\"}", AE_IFREG},
      {"osv/link.json", "b/GO-2.json", AE_IFLNK},
      {"osv/empty.json", "", AE_IFREG},
  };
  const std::vector<Entry> kArchiveOrder = {
      {"osv/b/GO-2.json", "{\"id\": \"GO-2\"}"}, {"osv/a/GO-1.json", "{\"id\": \"GO-1\"}"}, {"osv/empty.json", ""}};
  std::unique_ptr<TempDir> dir_;
};

TEST_F(FeedFilesTest, ZipEntriesInArchiveOrderRegularFilesOnly) {
  std::string zip = Path("all.zip");
  ASSERT_NO_FATAL_FAILURE(WriteArchive(zip, Kind::kZip, kMembers));
  auto entries = Entries(zip);
  ASSERT_TRUE(entries) << entries.error().message();
  EXPECT_EQ(*entries, kArchiveOrder);
  auto head = ReadFeedHead(zip);
  ASSERT_TRUE(head) << head.error().message();
  EXPECT_EQ(head->path, zip);
  EXPECT_TRUE(head->is_archive);
  EXPECT_EQ(head->first_name, "osv/b/GO-2.json");
  EXPECT_EQ(head->head, "{\"id\": \"GO-2\"}");
}

TEST_F(FeedFilesTest, TarZstAndTarGz) {
  for (auto [name, kind] : {std::pair{"feed.tar.zst", Kind::kTarZst}, std::pair{"feed.tar.gz", Kind::kTarGz}}) {
    std::string path = Path(name);
    ASSERT_NO_FATAL_FAILURE(WriteArchive(path, kind, kMembers));
    auto entries = Entries(path);
    ASSERT_TRUE(entries) << name << ": " << entries.error().message();
    EXPECT_EQ(*entries, kArchiveOrder) << name;
    auto head = ReadFeedHead(path);
    ASSERT_TRUE(head) << head.error().message();
    EXPECT_TRUE(head->is_archive);
    EXPECT_EQ(head->first_name, "osv/b/GO-2.json");
    EXPECT_EQ(head->head, "{\"id\": \"GO-2\"}");
  }
}

TEST_F(FeedFilesTest, DirectoryTreeSortedWithoutSymlinks) {
  std::string root = Path("tree");
  WriteFile(root + "/z.json", "z");
  WriteFile(root + "/a/b.json", "ab");
  WriteFile(root + "/a/a.json", "aa");
  WriteFile(Path("outside/secret.json"), "secret");
  fs::create_symlink(root + "/z.json", root + "/a/link.json");
  fs::create_directory_symlink(Path("outside"), root + "/linkdir");
  auto entries = Entries(root);
  ASSERT_TRUE(entries) << entries.error().message();
  EXPECT_EQ(*entries, (std::vector<Entry>{{"a/a.json", "aa"}, {"a/b.json", "ab"}, {"z.json", "z"}}));
  auto head = ReadFeedHead(root);
  ASSERT_TRUE(head) << head.error().message();
  EXPECT_TRUE(head->is_archive);
  EXPECT_EQ(head->first_name, "a/a.json");
  EXPECT_EQ(head->head, "aa");
}

TEST_F(FeedFilesTest, SingleGzipFileIsOneEntryWithoutTheSuffix) {
  std::string gz = Path("GO-1.json.gz");
  ASSERT_NO_FATAL_FAILURE(WriteArchive(gz, Kind::kRawGz, {{"x", "{\"id\": \"GO-1\"}"}}));
  auto entries = Entries(gz);
  ASSERT_TRUE(entries) << entries.error().message();
  EXPECT_EQ(*entries, (std::vector<Entry>{{"GO-1.json", "{\"id\": \"GO-1\"}"}}));
  auto head = ReadFeedHead(gz);
  ASSERT_TRUE(head) << head.error().message();
  EXPECT_FALSE(head->is_archive);
  EXPECT_EQ(head->first_name, "GO-1.json");
  EXPECT_EQ(head->head, "{\"id\": \"GO-1\"}");
}

TEST_F(FeedFilesTest, SinglePlainFile) {
  std::string plain = Path("list");
  std::string body = "[29 Mar 2023] DSA-5380-1 xorg-server - security update\n";
  WriteFile(plain, body);
  auto entries = Entries(plain);
  ASSERT_TRUE(entries) << entries.error().message();
  EXPECT_EQ(*entries, (std::vector<Entry>{{"list", body}}));
  auto head = ReadFeedHead(plain);
  ASSERT_TRUE(head) << head.error().message();
  EXPECT_FALSE(head->is_archive);
  EXPECT_EQ(head->first_name, "list");
  EXPECT_EQ(head->head, body);
  // The head is at most 64 KiB.
  WriteFile(plain, std::string(100000, 'x'));
  head = ReadFeedHead(plain);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->head.size(), 65536u);
}

TEST_F(FeedFilesTest, EmptyFileHasNoEntries) {
  std::string empty = Path("list");
  WriteFile(empty, "");
  auto entries = Entries(empty);
  ASSERT_TRUE(entries) << entries.error().message();
  EXPECT_TRUE(entries->empty());
  auto lines = Lines(empty);
  ASSERT_TRUE(lines) << lines.error().message();
  EXPECT_TRUE(lines->empty());
  auto head = ReadFeedHead(empty);
  ASSERT_TRUE(head) << head.error().message();
  EXPECT_EQ(head->head, "");
}

TEST_F(FeedFilesTest, MissingPathIsNotFound) {
  auto entries = Entries(Path("nope.zip"));
  ASSERT_FALSE(entries);
  EXPECT_EQ(entries.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(ReadFeedHead(Path("nope.zip")).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Lines(Path("nope")).error().code(), ErrorCode::kNotFound);
}

TEST_F(FeedFilesTest, Lines) {
  std::string path = Path("lines.csv");
  WriteFile(path, "a,1\r\nb,2\n\nlast");
  auto lines = Lines(path);
  ASSERT_TRUE(lines) << lines.error().message();
  EXPECT_EQ(*lines, (std::vector<Line>{{"a,1", 1}, {"b,2", 2}, {"", 3}, {"last", 4}}));
  // The same through gzip.
  std::string gz = Path("lines.csv.gz");
  ASSERT_NO_FATAL_FAILURE(WriteArchive(gz, Kind::kRawGz, {{"x", "a,1\r\nb,2\n\nlast"}}));
  auto glines = Lines(gz);
  ASSERT_TRUE(glines) << glines.error().message();
  EXPECT_EQ(*glines, *lines);
  // A final newline ends the last line; it does not start an empty one.
  WriteFile(path, "x\n");
  EXPECT_EQ(*Lines(path), (std::vector<Line>{{"x", 1}}));
  // The callback's error stops the walk.
  int calls = 0;
  auto st = ForEachFeedLine(gz, {}, [&](std::string_view, uint64_t) -> Status {
    ++calls;
    return MakeError(ErrorCode::kCorrupt, "stop");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "stop");
  EXPECT_EQ(calls, 1);
}

TEST_F(FeedFilesTest, LineLongerThanTheLimit) {
  FeedFileLimits limits;
  limits.max_line_bytes = 4;
  std::string path = Path("long.txt");
  WriteFile(path, "abc\nabcdefgh\nx\n");  // the long line lies inside one read
  auto lines = Lines(path, limits);
  ASSERT_FALSE(lines);
  EXPECT_EQ(lines.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(lines.error().message(), path + ": line 2 longer than 4 bytes");
  // A line spanning reads (64 KiB each), with and without a final newline.
  limits.max_line_bytes = 70000;
  for (std::string tail : {"\n", ""}) {
    WriteFile(path, "ok\n" + std::string(80000, 'y') + tail);
    lines = Lines(path, limits);
    ASSERT_FALSE(lines);
    EXPECT_EQ(lines.error().code(), ErrorCode::kLimitExceeded);
    EXPECT_EQ(lines.error().message(), path + ": line 2 longer than 70000 bytes");
  }
  WriteFile(path, "ok\n" + std::string(69999, 'y') + "\r\n");
  lines = Lines(path, limits);
  ASSERT_TRUE(lines) << lines.error().message();
  EXPECT_EQ(lines->back().text.size(), 69999u);
}

TEST_F(FeedFilesTest, EntryAndCountLimits) {
  std::string zip = Path("all.zip");
  ASSERT_NO_FATAL_FAILURE(WriteArchive(zip, Kind::kZip, kMembers));
  FeedFileLimits limits;
  limits.max_entry_bytes = 5;
  auto big = Entries(zip, limits);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(big.error().message(), zip + ": osv/b/GO-2.json: entry larger than 5 bytes");

  limits = {};
  limits.max_entries = 2;  // the directory, the first file, then one too many
  auto many = Entries(zip, limits);
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(many.error().message(), zip + ": more than 2 entries");

  limits = {};
  limits.max_total_bytes = 20;  // 13 + 13 bytes
  auto total = Entries(zip, limits);
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(total.error().message(), zip + ": more than 20 bytes after decompression");

  std::string root = Path("tree");
  WriteFile(root + "/a.json", "0123456789");
  WriteFile(root + "/b.json", "0123456789");
  WriteFile(root + "/c.json", "0123456789");
  limits = {};
  limits.max_entries = 2;
  auto dir_many = Entries(root, limits);
  ASSERT_FALSE(dir_many);
  EXPECT_EQ(dir_many.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(dir_many.error().message(), root + ": more than 2 files");
  limits = {};
  limits.max_entry_bytes = 9;
  EXPECT_EQ(Entries(root, limits).error().code(), ErrorCode::kLimitExceeded);
  limits = {};
  limits.max_total_bytes = 25;
  auto dir_total = Entries(root, limits);
  ASSERT_FALSE(dir_total);
  EXPECT_EQ(dir_total.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(dir_total.error().message(), root + ": more than 25 bytes in its files");
}

TEST_F(FeedFilesTest, CorruptArchive) {
  std::vector<Member> members = {{"a.json", std::string(200000, 'a')}, {"b.json", std::string(200000, 'b')}};
  for (auto [name, kind] : {std::pair{"x.tar.zst", Kind::kTarZst}, std::pair{"x.tar.gz", Kind::kTarGz}}) {
    std::string path = Path(name);
    ASSERT_NO_FATAL_FAILURE(WriteArchive(path, kind, members));
    std::string bytes = ReadFile(path);
    ASSERT_GT(bytes.size(), 100u);
    WriteFile(path, bytes.substr(0, bytes.size() / 2));  // truncated
    auto entries = Entries(path);
    ASSERT_FALSE(entries) << name;
    EXPECT_EQ(entries.error().code(), ErrorCode::kCorrupt) << name << ": " << entries.error().message();
    EXPECT_EQ(entries.error().message().rfind(path + ": ", 0), 0u) << entries.error().message();
  }
}

// ---- YamlToJson ----

Json Yaml(std::string_view text) {
  auto j = YamlToJson(text, "t.yaml");
  EXPECT_TRUE(j) << j.error().message();
  return j ? *j : Json();
}

TEST(YamlToJson, PlainScalarsAreTypedQuotedStayStrings) {
  Json j = Yaml(
      "int: 123\nquoted: \"123\"\nsingle: '123'\nneg: -7\nfloat: 1.5\nexp: 1e3\n"
      "ts: 2024-06-01T00:00:00.5Z\ndate: 2024-06-01\nversion: 1.2.3\n"
      "t: true\nf: false\nT: True\nn: null\ntilde: ~\nempty:\nqnull: \"null\"\nqtrue: 'true'\n"
      "big: 12345678901234567890\nword: yes\n");
  EXPECT_EQ(j, Json::parse(R"({"int": 123, "quoted": "123", "single": "123", "neg": -7, "float": 1.5,
      "exp": 1000.0, "ts": "2024-06-01T00:00:00.5Z", "date": "2024-06-01", "version": "1.2.3",
      "t": true, "f": false, "T": true, "n": null, "tilde": null, "empty": null, "qnull": "null",
      "qtrue": "true", "big": 1.2345678901234567e19, "word": "yes"})"));
  EXPECT_TRUE(j["int"].is_number_integer());
  EXPECT_TRUE(j["quoted"].is_string());
}

TEST(YamlToJson, NestedMapsListsAndBlockScalars) {
  Json j = Yaml(
      "id: GO-1\naffected:\n  - package: {name: x, ecosystem: Go}\n    ranges:\n      - events: [{introduced: \"0\"}, "
      "{fixed: 1.2.3}]\ndetails: |\n  line one\n  line two\n1: numeric key\n");
  EXPECT_EQ(j, Json::parse(R"({"id": "GO-1", "affected": [{"package": {"name": "x", "ecosystem": "Go"},
      "ranges": [{"events": [{"introduced": "0"}, {"fixed": "1.2.3"}]}]}],
      "details": "line one\nline two\n", "1": "numeric key"})"));
  EXPECT_EQ(Yaml("- a\n- b\n"), Json::parse(R"(["a", "b"])"));
  EXPECT_EQ(Yaml(""), Json());
  // Only the first document of a stream.
  EXPECT_EQ(Yaml("a: 1\n---\nb: 2\n"), Json::parse(R"({"a": 1})"));
}

TEST(YamlToJson, AnchorsAndAliases) {
  EXPECT_EQ(Yaml("base: &b {x: 1, y: [1, 2]}\nuse: *b\nlist: [&s hello, *s]\n"),
            Json::parse(R"({"base": {"x": 1, "y": [1, 2]}, "use": {"x": 1, "y": [1, 2]}, "list": ["hello", "hello"]})"));
  auto unknown = YamlToJson("a: *nope\n", "t.yaml");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::kCorrupt);
}

TEST(YamlToJson, BillionLaughsIsBounded) {
  std::string doc = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string name(1, c);
    doc += name + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) doc += (i ? ", *" : "*") + prev;
    doc += "]\n";
    prev = name;
  }
  auto j = YamlToJson(doc, "laughs.yaml");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(j.error().message(), "laughs.yaml: document expands too much");
}

TEST(YamlToJson, NestingLimit) {
  FeedFileLimits limits;
  limits.max_depth = 8;
  EXPECT_TRUE(YamlToJson(std::string(8, '[') + std::string(8, ']'), "t", limits));
  auto deep = YamlToJson(std::string(9, '[') + std::string(9, ']'), "deep.yaml", limits);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(deep.error().message(), "deep.yaml: nested deeper than 8");
  EXPECT_EQ(YamlToJson(std::string(100000, '['), "t").error().code(), ErrorCode::kLimitExceeded);
  // Aliases cannot stack nesting past the limit: each level wraps the previous one in 5 lists.
  std::string doc = "a0: &a0 [[[[[x]]]]]\n";
  for (int i = 1; i < 4; ++i) {
    doc += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [[[[[*a" + std::to_string(i - 1) + "]]]]]\n";
  }
  auto stacked = YamlToJson(doc, "stacked.yaml", limits);
  ASSERT_FALSE(stacked);
  EXPECT_EQ(stacked.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(stacked.error().message(), "stacked.yaml: nested deeper than 8");
}

TEST(YamlToJson, BrokenYamlNamesLineAndColumn) {
  auto j = YamlToJson("id: x\nlist: [a, b\nother: 1\n", "broken.yaml");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(j.error().message().rfind("broken.yaml: line ", 0), 0u) << j.error().message();
  EXPECT_NE(j.error().message().find(" column "), std::string::npos) << j.error().message();
  auto tab = YamlToJson("a:\n\t- b\n", "tab.yaml");
  ASSERT_FALSE(tab);
  EXPECT_EQ(tab.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(tab.error().message().rfind("tab.yaml: line 2 column ", 0), 0u) << tab.error().message();
  auto key = YamlToJson("? [a]\n: b\n", "key.yaml");
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message(), "key.yaml: mapping key is not a scalar");
}

}  // namespace
}  // namespace hullscan::feed
