#include "registry/manifest_cache.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/digest.h"
#include "base/temp_dir.h"

namespace hullscan::registry {
namespace {

CachedManifest Entry() {
  CachedManifest e;
  e.key = "127.0.0.1:5000/hs/alpine:3.20|linux/amd64";
  e.top_digest = "sha256:" + std::string(64, 'a');
  e.manifest = R"({"schemaVersion":2})";
  e.manifest_digest = Sha256Of(e.manifest);
  e.manifest_media_type = "application/vnd.oci.image.manifest.v1+json";
  e.config = std::string("{\"os\":\"linux\"}\0\xff", 16);
  return e;
}

TEST(ManifestCacheTest, RoundTrip) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir);
  CachedManifest e = Entry();
  EXPECT_FALSE(LoadCachedManifest((*dir)->path(), e.key));
  ASSERT_TRUE(StoreCachedManifest((*dir)->path(), e));
  auto got = LoadCachedManifest((*dir)->path(), e.key);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->top_digest, e.top_digest);
  EXPECT_EQ(got->manifest, e.manifest);
  EXPECT_EQ(got->manifest_digest, e.manifest_digest);
  EXPECT_EQ(got->manifest_media_type, e.manifest_media_type);
  EXPECT_FALSE(LoadCachedManifest((*dir)->path(), e.key + "x"));
  EXPECT_FALSE(LoadCachedManifest("", e.key));
}

TEST(ManifestCacheTest, TamperedFileIsAMiss) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir);
  CachedManifest e = Entry();
  e.manifest_digest = "sha256:" + std::string(64, 'b');  // does not match the body
  ASSERT_TRUE(StoreCachedManifest((*dir)->path(), e));
  EXPECT_FALSE(LoadCachedManifest((*dir)->path(), e.key));
  // Garbage in the file: a miss, not an error.
  std::string h = Sha256Of(e.key);
  std::ofstream((*dir)->path() + "/registry/" + h.substr(7) + ".json") << "{not json";
  EXPECT_FALSE(LoadCachedManifest((*dir)->path(), e.key));
}

}  // namespace
}  // namespace hullscan::registry
