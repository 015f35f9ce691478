// End-to-end tests over the real images built by shared/images/build-images.sh
// ($HULLSCAN_TEST_IMAGES): every on-disk form of debian-app, and zstd-layers, must yield the
// diff_ids and created_by of expected/debian-app.history.tsv, the same config digest, and layer
// streams that verify to their end. Skips (loudly) when the images are not there.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "image/image_source.h"
#include "testing/testing.h"

namespace hullscan::image {
namespace {

struct HistoryRow {
  int history = 0;
  int layer = -1;  // -1 for empty layers
  bool empty_layer = false;
  std::string created_by, diff_id, blob_digest, media_type;
  int64_t blob_size = -1;
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t tab = line.find('\t', pos);
    out.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
    if (tab == std::string::npos) return out;
    pos = tab + 1;
  }
}

std::vector<HistoryRow> ReadHistory(const std::string& path) {
  std::istringstream in(hullscan::testing::ReadTestFile(path));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("history\tlayer\tempty_layer\tcreated_by\tdiff_id\tblob_digest\tblob_size\tmedia_type", 0), 0u);
  std::vector<HistoryRow> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f = SplitTabs(line);
    EXPECT_GE(f.size(), 8u) << line;
    if (f.size() < 8) continue;
    HistoryRow r;
    r.history = std::stoi(f[0]);
    r.layer = f[1] == "-" ? -1 : std::stoi(f[1]);
    r.empty_layer = f[2] == "true";
    r.created_by = f[3];
    r.diff_id = f[4];
    r.blob_digest = f[5];
    r.blob_size = f[6] == "-" ? -1 : std::stoll(f[6]);
    r.media_type = f[7];
    rows.push_back(std::move(r));
  }
  return rows;
}

// Reads every layer to its end on two threads at once; each stream verifies its digest.
void ReadAllLayers(ImageSource& src, const std::string& name) {
  const size_t n = src.info().layers.size();
  std::vector<std::string> errors(n);
  std::vector<uint64_t> sizes(n, 0);
  auto work = [&](size_t first) {
    for (size_t i = first; i < n; i += 2) {
      auto s = src.OpenLayer(i);
      if (!s) {
        errors[i] = s.error().message();
        continue;
      }
      auto got = Drain(**s);
      if (!got) errors[i] = got.error().message();
      else sizes[i] = *got;
    }
  };
  std::thread t0(work, 0), t1(work, 1);
  t0.join();
  t1.join();
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(errors[i], "") << name << " layer " << i;
    EXPECT_EQ(static_cast<int64_t>(sizes[i]), src.info().layers[i].compressed_size_bytes) << name << " layer " << i;
  }
}

// Skips, naming the variable, when $HULLSCAN_TEST_IMAGES is not set.
#define HS_REQUIRE_TEST_IMAGES(dir)                                                                       \
  do {                                                                                              \
    if ((dir).empty())                                                                              \
      GTEST_SKIP() << "SKIPPED: $HULLSCAN_TEST_IMAGES is not set (the output dir of "               \
                      "shared/images/build-images.sh)";                                            \
    HS_REQUIRE_PATH(dir);                                                                           \
  } while (0)

struct Form {
  std::string file;
  std::string kind;
  std::string layer_media_type;  // "" = as in the history table
  bool digest_is_diff_id;
  std::string manifest_digest;   // "" = not checked; "-" = must be empty
};

TEST(ImageE2E, DebianAppAllFormsMatchHistory) {
  const std::string dir = hullscan::testing::ImagesDir();
  HS_REQUIRE_TEST_IMAGES(dir);
  HS_REQUIRE_PATH(dir + "/expected/debian-app.history.tsv");
  std::vector<HistoryRow> rows = ReadHistory(dir + "/expected/debian-app.history.tsv");
  ASSERT_EQ(rows.size(), 16u);
  std::vector<Form> forms = {
      {"debian-app.docker.tar", "docker-archive", "application/vnd.docker.image.rootfs.diff.tar", true, "-"},
      {"debian-app.docker-oci.tar", "docker-archive", "application/vnd.oci.image.layer.v1.tar", true, ""},
      {"debian-app.oci", "oci", "", false, ""},
      {"debian-app.oci.tar", "oci-archive", "", false, ""},
  };
  std::string config_digest;
  std::string oci_manifest_digest;
  for (const Form& form : forms) {
    SCOPED_TRACE(form.file);
    const std::string path = dir + "/" + form.file;
    HS_REQUIRE_PATH(path);
    auto ref = ParseImageRef(path);
    ASSERT_TRUE(ref.has_value()) << ref.error().message();
    EXPECT_EQ(ImageRefKindName(ref->kind), form.kind);
    auto src = ImageSource::Open(*ref, SourceOptions());
    ASSERT_TRUE(src.has_value()) << src.error().message();
    const model::ImageInfo& info = (*src)->info();
    EXPECT_EQ(info.source_kind, form.kind);
    EXPECT_EQ(info.os, "linux");
    EXPECT_EQ(info.architecture, "amd64");
    EXPECT_EQ(info.created, "2024-06-01T00:00:16Z");
    ASSERT_EQ(info.layers.size(), 9u);
    ASSERT_EQ(info.history.size(), rows.size());
    for (const HistoryRow& r : rows) {
      const model::HistoryEntry& h = info.history[static_cast<size_t>(r.history)];
      EXPECT_EQ(h.created_by, r.created_by);
      EXPECT_EQ(h.empty_layer, r.empty_layer);
      EXPECT_EQ(h.layer_index, r.layer);
      if (r.layer < 0) continue;
      const model::LayerInfo& l = info.layers[static_cast<size_t>(r.layer)];
      EXPECT_EQ(l.index, r.layer);
      EXPECT_EQ(l.diff_id, r.diff_id) << "layer " << r.layer;
      EXPECT_EQ(l.created_by, r.created_by) << "layer " << r.layer;
      EXPECT_EQ(l.history_index, r.history) << "layer " << r.layer;
      if (form.digest_is_diff_id) {
        EXPECT_EQ(l.digest, r.diff_id) << "layer " << r.layer;
        EXPECT_EQ(l.media_type, form.layer_media_type);
      } else {
        EXPECT_EQ(l.digest, r.blob_digest) << "layer " << r.layer;
        EXPECT_EQ(l.compressed_size_bytes, r.blob_size) << "layer " << r.layer;
        EXPECT_EQ(l.media_type, r.media_type) << "layer " << r.layer;
      }
    }
    if (config_digest.empty()) config_digest = info.config_digest;
    EXPECT_EQ(info.config_digest, config_digest);
    if (form.manifest_digest == "-") EXPECT_EQ(info.manifest_digest, "");
    else EXPECT_EQ(info.manifest_digest.rfind("sha256:", 0), 0u) << info.manifest_digest;
    if (form.kind == "docker-archive") {
      ASSERT_EQ(info.repo_tags.size(), 1u);
      EXPECT_NE(info.repo_tags[0].find("hullscan-test/debian-app:latest"), std::string::npos);
    }
    if (form.kind == "oci" || form.kind == "oci-archive") {
      if (oci_manifest_digest.empty()) oci_manifest_digest = info.manifest_digest;
      EXPECT_EQ(info.manifest_digest, oci_manifest_digest);
    }
    ReadAllLayers(**src, form.file);
  }
  EXPECT_EQ(config_digest.rfind("sha256:", 0), 0u);
}

TEST(ImageE2E, ExplicitReferences) {
  const std::string dir = hullscan::testing::ImagesDir();
  HS_REQUIRE_TEST_IMAGES(dir);
  for (std::string text : {"oci:" + dir + "/debian-app.oci:latest", "oci-archive:" + dir + "/debian-app.oci.tar:latest",
                           "docker-archive:" + dir + "/debian-app.docker.tar:docker.io/hullscan-test/debian-app:latest",
                           "docker-archive:" + dir + "/debian-app.docker-oci.tar:hullscan-test/debian-app"}) {
    auto ref = ParseImageRef(text);
    ASSERT_TRUE(ref.has_value()) << text << ": " << ref.error().message();
    auto src = ImageSource::Open(*ref, SourceOptions());
    ASSERT_TRUE(src.has_value()) << text << ": " << src.error().message();
    EXPECT_EQ((*src)->info().layers.size(), 9u) << text;
  }
  auto missing = ParseImageRef("oci:" + dir + "/debian-app.oci:nope");
  ASSERT_TRUE(missing.has_value());
  auto src = ImageSource::Open(*missing, SourceOptions());
  ASSERT_FALSE(src.has_value());
  EXPECT_EQ(src.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(src.error().message().find("tags present: latest"), std::string::npos) << src.error().message();
}

TEST(ImageE2E, ZstdLayersMatchDebianAppHistory) {
  const std::string dir = hullscan::testing::ImagesDir();
  HS_REQUIRE_TEST_IMAGES(dir);
  HS_REQUIRE_PATH(dir + "/expected/debian-app.history.tsv");
  std::vector<HistoryRow> rows = ReadHistory(dir + "/expected/debian-app.history.tsv");
  for (std::string file : {"zstd-layers.oci", "zstd-layers.oci.tar"}) {
    SCOPED_TRACE(file);
    HS_REQUIRE_PATH(dir + "/" + file);
    auto ref = ParseImageRef(dir + "/" + file);
    ASSERT_TRUE(ref.has_value()) << ref.error().message();
    auto src = ImageSource::Open(*ref, SourceOptions());
    ASSERT_TRUE(src.has_value()) << src.error().message();
    const model::ImageInfo& info = (*src)->info();
    ASSERT_EQ(info.layers.size(), 9u);
    for (const HistoryRow& r : rows) {
      if (r.layer < 0) continue;
      const model::LayerInfo& l = info.layers[static_cast<size_t>(r.layer)];
      EXPECT_EQ(l.diff_id, r.diff_id) << "layer " << r.layer;
      EXPECT_EQ(l.created_by, r.created_by) << "layer " << r.layer;
      EXPECT_EQ(l.history_index, r.history) << "layer " << r.layer;
      EXPECT_EQ(l.media_type, "application/vnd.oci.image.layer.v1.tar+zstd") << "layer " << r.layer;
    }
    ReadAllLayers(**src, file);
  }
}

}  // namespace
}  // namespace hullscan::image
