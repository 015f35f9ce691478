#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "base/temp_dir.h"
#include "store/layer_cache.h"

namespace hullscan::store {
namespace {

model::LayerResult Sample() {
  model::LayerResult r;
  r.diff_id = "sha256:" + std::string(64, 'a');
  r.cache_key = "k1";
  model::Package p;
  p.type = model::PackageType::kRpm;
  p.name = "openssl";
  p.version = "1:3.0.8-1";
  p.epoch = "1";
  p.release = "1";
  p.path = "/var/lib/rpm/rpmdb.sqlite";
  p.extractor = "os/rpm";
  r.packages.push_back(p);
  r.evidence_paths = {"/var/lib/rpm/rpmdb.sqlite"};
  r.distro_facts = {{"/etc/os-release", {"amzn", "2023", "", "Amazon Linux", "", "fedora"}}};
  r.deleted_paths = {"/usr/bin/curl"};
  r.opaque_dirs = {"/usr/share/doc"};
  r.entry_count = 10;
  r.file_count = 7;
  r.content_bytes = 12345;
  r.tar_bytes = 20480;
  r.diagnostics.push_back({"extract", 0, "/x", "os/rpm", "corrupt", "bad header"});
  return r;
}

TEST(LayerCache, RoundTripAndMiss) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  {
    auto cache = LayerCache::Open((*dir)->path() + "/cache");
    ASSERT_TRUE(cache.has_value()) << cache.error().message();
    auto miss = (*cache)->Get("k1");
    ASSERT_TRUE(miss.has_value());
    EXPECT_FALSE(miss->has_value());
    ASSERT_TRUE((*cache)->Put("k1", Sample()).has_value());
  }
  // A second process (here: a second open) sees the row.
  auto cache = LayerCache::Open((*dir)->path() + "/cache");
  ASSERT_TRUE(cache.has_value());
  auto hit = (*cache)->Get("k1");
  ASSERT_TRUE(hit.has_value());
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ(**hit, Sample());
}

TEST(LayerCache, GarbageFileIsDatabaseError) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string cdir = (*dir)->path() + "/c";
  std::filesystem::create_directories(cdir);
  FILE* f = std::fopen((cdir + "/layers.db").c_str(), "w");
  std::fputs("this is not a database, just text that is long enough to look like a header....", f);
  std::fclose(f);
  auto cache = LayerCache::Open(cdir);
  ASSERT_FALSE(cache.has_value());
  EXPECT_EQ(cache.error().code(), ErrorCode::kDatabase);
}

TEST(LayerResultJson, RejectsOtherFormats) {
  EXPECT_FALSE(LayerResultFromJson("{\"format\": 99}").has_value());
  EXPECT_FALSE(LayerResultFromJson("not json").has_value());
  EXPECT_FALSE(LayerResultFromJson("{\"format\": 1}").has_value());
}

}  // namespace
}  // namespace hullscan::store
