// Tests of the root-filesystem walker (dir:PATH): order, types, symlinks never followed,
// bodies, limits, and the RootfsSource around it.
#include "image/dir_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "base/temp_dir.h"
#include "image/image_source.h"
#include "image/test_tar_writer.h"

namespace hullscan::image {
namespace {

using layer::EntryType;

class DirReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = TempDir::Create();
    ASSERT_TRUE(t.has_value());
    tmp_ = std::move(*t);
    root_ = tmp_->path() + "/rootfs";
    namespace fs = std::filesystem;
    fs::create_directories(root_ + "/a");
    fs::create_directories(root_ + "/c");
    testutil::WriteFile(root_ + "/b.txt", "bee");
    testutil::WriteFile(root_ + "/.hidden", "h");
    testutil::WriteFile(root_ + "/a/z", "zed");
    fs::create_directory_symlink("../c", root_ + "/a/link-to-dir");
    fs::create_symlink("/etc/passwd", root_ + "/c/passwd-link");
    fs::create_hard_link(root_ + "/b.txt", root_ + "/c/hard");
    ASSERT_EQ(::mkfifo((root_ + "/c/fifo").c_str(), 0600), 0);
  }
  std::unique_ptr<TempDir> tmp_;
  std::string root_;
};

struct Seen {
  std::string path;
  EntryType type;
  uint64_t size;
  std::string link;
  std::string body;
};

std::vector<Seen> Walk(layer::EntryReader& r) {
  std::vector<Seen> out;
  while (r.Next()) {
    const layer::TarEntry& e = r.entry();
    Seen s{e.path, e.type, e.size_bytes, e.link_target, ""};
    if (e.type == EntryType::kRegular) {
      auto body = ReadAll(r.body(), 1 << 20);
      EXPECT_TRUE(body.has_value()) << e.path << ": " << body.error().message();
      if (body) s.body = *body;
    } else {
      auto body = ReadAll(r.body(), 1 << 20);
      EXPECT_TRUE(body.has_value() && body->empty()) << e.path;
    }
    out.push_back(std::move(s));
  }
  return out;
}

TEST_F(DirReaderTest, WalksSortedDepthFirstWithoutFollowingSymlinks) {
  auto r = DirReader::Open(root_, Limits());
  ASSERT_TRUE(r.has_value()) << r.error().message();
  std::vector<Seen> got = Walk(**r);
  ASSERT_TRUE((*r)->status().has_value()) << (*r)->status().error().message();
  EXPECT_TRUE((*r)->diagnostics().empty());
  std::vector<Seen> want = {
      {"/.hidden", EntryType::kRegular, 1, "", "h"},
      {"/a", EntryType::kDirectory, 0, "", ""},
      {"/a/link-to-dir", EntryType::kSymlink, 0, "../c", ""},
      {"/a/z", EntryType::kRegular, 3, "", "zed"},
      {"/b.txt", EntryType::kRegular, 3, "", "bee"},
      {"/c", EntryType::kDirectory, 0, "", ""},
      {"/c/fifo", EntryType::kOther, 0, "", ""},
      {"/c/hard", EntryType::kRegular, 3, "", "bee"},
      {"/c/passwd-link", EntryType::kSymlink, 0, "/etc/passwd", ""},
  };
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].path, want[i].path) << i;
    EXPECT_EQ(got[i].type, want[i].type) << want[i].path;
    EXPECT_EQ(got[i].size, want[i].size) << want[i].path;
    EXPECT_EQ(got[i].link, want[i].link) << want[i].path;
    EXPECT_EQ(got[i].body, want[i].body) << want[i].path;
  }
}

TEST_F(DirReaderTest, BodiesNotReadAreSkipped) {
  auto r = DirReader::Open(root_, Limits());
  ASSERT_TRUE(r.has_value());
  uint64_t n = 0;
  while ((*r)->Next()) ++n;
  EXPECT_EQ(n, 9u);
  EXPECT_TRUE((*r)->status().has_value());
}

TEST_F(DirReaderTest, EntryLimitStopsTheWalk) {
  Limits limits;
  limits.max_entries = 3;
  auto r = DirReader::Open(root_, limits);
  ASSERT_TRUE(r.has_value());
  uint64_t n = 0;
  while ((*r)->Next()) ++n;
  EXPECT_EQ(n, 3u);
  ASSERT_FALSE((*r)->status().has_value());
  EXPECT_EQ((*r)->status().error().code(), ErrorCode::kLimitExceeded);
}

TEST_F(DirReaderTest, OverlongPathsBecomeDiagnostics) {
  Limits limits;
  limits.max_path_bytes = 8;
  auto r = DirReader::Open(root_, limits);
  ASSERT_TRUE(r.has_value());
  std::vector<Seen> got = Walk(**r);
  EXPECT_TRUE((*r)->status().has_value());
  // "/a/link-to-dir" and "/c/passwd-link" are over 8 bytes.
  for (const Seen& s : got) EXPECT_LE(s.path.size(), 8u) << s.path;
  ASSERT_EQ((*r)->diagnostics().size(), 2u);
  EXPECT_EQ((*r)->diagnostics()[0].code, "limit_exceeded");
  EXPECT_EQ((*r)->diagnostics()[0].stage, "layer");
}

TEST_F(DirReaderTest, OpenErrors) {
  auto missing = DirReader::Open(tmp_->path() + "/nope", Limits());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  auto file = DirReader::Open(root_ + "/b.txt", Limits());
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(DirReaderTest, RootfsSource) {
  auto ref = ParseImageRef("dir:" + root_);
  ASSERT_TRUE(ref.has_value());
  auto src = ImageSource::Open(*ref, SourceOptions());
  ASSERT_TRUE(src.has_value()) << src.error().message();
  const model::ImageInfo& info = (*src)->info();
  EXPECT_EQ(info.source_kind, "dir");
  EXPECT_EQ(info.ref, "dir:" + root_);
  ASSERT_EQ(info.layers.size(), 1u);
  EXPECT_EQ(info.layers[0].digest, "");
  EXPECT_EQ(info.layers[0].diff_id, "");
  EXPECT_EQ(info.layers[0].created_by, "dir:" + root_);
  EXPECT_EQ(info.layers[0].history_index, -1);
  auto blob = (*src)->OpenLayer(0);
  ASSERT_FALSE(blob.has_value());
  EXPECT_EQ(blob.error().code(), ErrorCode::kUnsupported);
  auto entries = (*src)->OpenLayerEntries(0);
  ASSERT_TRUE(entries.has_value()) << entries.error().message();
  ASSERT_NE(entries->get(), nullptr);
  EXPECT_EQ(Walk(**entries).size(), 9u);
  auto bad = (*src)->OpenLayerEntries(1);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace hullscan::image
