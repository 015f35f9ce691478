#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "base/byte_io.h"
#include "base/clock.h"
#include "base/digest.h"
#include "base/json.h"
#include "base/temp_dir.h"

namespace hullscan {
namespace {

TEST(Digest, ParsesValidAndRejectsInvalid) {
  std::string hex(64, 'a');
  auto d = Digest::Parse("sha256:" + hex);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->str(), "sha256:" + hex);
  EXPECT_FALSE(Digest::Parse("sha256:" + std::string(63, 'a')));
  EXPECT_FALSE(Digest::Parse("sha256:" + std::string(64, 'A')));
  EXPECT_FALSE(Digest::Parse("sha256:../../etc/passwd"));
  EXPECT_EQ(Digest::Parse("md5:abc").error().code(), ErrorCode::kUnsupported);
}

TEST(Digest, Sha256OfKnownValue) {
  EXPECT_EQ(Sha256Of("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestingSource, DetectsMismatchAtEnd) {
  MemorySource src(std::string_view("abc"));
  DigestingSource ds(src, "sha256:" + std::string(64, '0'), "blob x");
  auto r = ReadAll(ds, 100);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message().find("digest mismatch for blob x"), std::string::npos);
}

// Returns its data in chunks of varying size (1 byte up to 700 KiB), larger than the background
// hasher's buffers, so chunks are split and queued while earlier ones are still being hashed.
class ChunkySource final : public ByteSource {
 public:
  explicit ChunkySource(const std::string& data) : data_(data) {}
  Result<size_t> Read(std::span<std::byte> out) override {
    static constexpr size_t kSizes[] = {1, 4096, 700 * 1024, 13, 300 * 1024, 256 * 1024};
    size_t n = std::min({out.size(), data_.size() - pos_, kSizes[calls_++ % 6]});
    std::memcpy(out.data(), data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  const std::string& data_;
  size_t pos_ = 0;
  size_t calls_ = 0;
};

std::string PseudoRandomBytes(size_t n) {
  std::string s(n, '\0');
  uint64_t x = 0x9e3779b97f4a7c15;
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x);
  }
  return s;
}

TEST(DigestingSource, LongStreamHashedInBackgroundGivesTheSameDigest) {
  const std::string data = PseudoRandomBytes(9 * 1024 * 1024 + 77);
  const std::string want = Sha256Of(data);
  ChunkySource src(data);
  DigestingSource ds(src, want, "big blob");
  std::vector<std::byte> buf(1024 * 1024);
  uint64_t total = 0;
  for (;;) {
    auto n = ds.Read(buf);
    ASSERT_TRUE(n.has_value()) << n.error().message();
    if (*n == 0) break;
    total += *n;
  }
  EXPECT_EQ(total, data.size());
  EXPECT_EQ(ds.computed(), want);
}

TEST(DigestingSource, LongStreamMismatchDetectedAndEarlyDestructionJoins) {
  const std::string data = PseudoRandomBytes(5 * 1024 * 1024);
  {
    ChunkySource src(data);
    DigestingSource ds(src, "sha256:" + std::string(64, '0'), "big blob");
    auto r = ReadAll(ds, data.size() + 1);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message().find("digest mismatch for big blob"), std::string::npos);
    EXPECT_NE(r.error().message().find(Sha256Of(data)), std::string::npos);
  }
  {
    // Abandoned after 3 MiB (a consumer that failed): the destructor stops the worker.
    ChunkySource src(data);
    DigestingSource ds(src, "", "abandoned");
    std::vector<std::byte> buf(64 * 1024);
    uint64_t total = 0;
    while (total < 3 * 1024 * 1024) {
      auto n = ds.Read(buf);
      ASSERT_TRUE(n.has_value());
      total += *n;
    }
  }
}

TEST(ByteIo, ReadAllHonoursLimit) {
  MemorySource src(std::string(1000, 'x'));
  auto r = ReadAll(src, 999, "thing");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kLimitExceeded);
}

TEST(Error, ContextChains) {
  Error e(ErrorCode::kCorrupt, "missing 'V:' field");
  Error c = e.WithContext("lib/apk/db/installed:212").WithContext("layer 2/5");
  EXPECT_EQ(c.message(), "layer 2/5: lib/apk/db/installed:212: missing 'V:' field");
}

TEST(Clock, Rfc3339RoundTrip) {
  int64_t t = 0;
  ASSERT_TRUE(ParseRfc3339("2024-06-01T00:00:00Z", &t));
  EXPECT_EQ(t, 1717200000);
  EXPECT_EQ(FormatRfc3339(t), "2024-06-01T00:00:00Z");
  ASSERT_TRUE(ParseRfc3339("2024-06-01T02:00:00.123456789+02:00", &t));
  EXPECT_EQ(t, 1717200000);
  EXPECT_FALSE(ParseRfc3339("yesterday", &t));
}

TEST(Json, RejectsDeepNestingAndBadSyntax) {
  EXPECT_EQ(ParseJson(std::string(10000, '['), "doc").error().code(), ErrorCode::kLimitExceeded);
  auto bad = ParseJson("{\"a\":", "doc");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("doc: invalid JSON"), std::string::npos);
  auto ok = ParseJson("{\"a\": 1}", "doc");
  ASSERT_TRUE(ok.has_value());
  EXPECT_FALSE(JsonString(*ok, "a", "doc").has_value());
}

TEST(TempDir, RemovedOnDestruction) {
  std::string path;
  {
    auto dir = TempDir::Create();
    ASSERT_TRUE(dir.has_value());
    path = (*dir)->path();
    MemorySource src(std::string_view("hello"));
    auto f = TempFile::FromSource((*dir)->NewPath(), src, 100, "x");
    ASSERT_TRUE(f.has_value());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace hullscan
