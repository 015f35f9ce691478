#include "registry/reference.h"

#include <gtest/gtest.h>

namespace hullscan::registry {
namespace {

struct Row {
  const char* name;
  const char* in;
  const char* registry;
  const char* repository;
  const char* tag;
  const char* digest;
  const char* api_host;
};

const char* kD = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(ReferenceTest, Parses) {
  const std::string pinned = std::string("alpine@") + kD;
  const std::string tag_pinned = std::string("127.0.0.1:5000/a/b:1.0@") + kD;
  const Row rows[] = {
      {"hub short", "alpine", "docker.io", "library/alpine", "latest", "", "index.docker.io"},
      {"hub tag", "alpine:3.20", "docker.io", "library/alpine", "3.20", "", "index.docker.io"},
      {"hub user", "user/app", "docker.io", "user/app", "latest", "", "index.docker.io"},
      {"hub explicit", "docker.io/alpine:1", "docker.io", "library/alpine", "1", "", "index.docker.io"},
      {"hub index host", "index.docker.io/x/y", "docker.io", "x/y", "latest", "", "index.docker.io"},
      {"prefix", "registry:ghcr.io/o/r:v1", "ghcr.io", "o/r", "v1", "", "ghcr.io"},
      {"port", "127.0.0.1:5000/app:1.2", "127.0.0.1:5000", "app", "1.2", "", "127.0.0.1:5000"},
      {"localhost", "localhost/app", "localhost", "app", "latest", "", "localhost"},
      {"upper host", "Registry.Example:5000/app", "registry.example:5000", "app", "latest", "", "registry.example:5000"},
      {"nested", "r.example/a/b/c-d_e.f:t_1", "r.example", "a/b/c-d_e.f", "t_1", "", "r.example"},
      {"digest", pinned.c_str(), "docker.io", "library/alpine", "", kD, "index.docker.io"},
      {"tag and digest", tag_pinned.c_str(), "127.0.0.1:5000", "a/b", "1.0", kD, "127.0.0.1:5000"},
      {"ipv6", "[::1]:5000/app", "[::1]:5000", "app", "latest", "", "[::1]:5000"},
      {"double underscore", "a__b", "docker.io", "library/a__b", "latest", "", "index.docker.io"},
  };
  for (const Row& r : rows) {
    auto ref = ParseReference(r.in);
    ASSERT_TRUE(ref.has_value()) << r.name << ": " << ref.error().message();
    EXPECT_EQ(ref->registry, r.registry) << r.name;
    EXPECT_EQ(ref->repository, r.repository) << r.name;
    EXPECT_EQ(ref->tag, r.tag) << r.name;
    EXPECT_EQ(ref->digest, r.digest) << r.name;
    EXPECT_EQ(ref->ApiHost(), r.api_host) << r.name;
  }
}

TEST(ReferenceTest, StrAndManifestRef) {
  auto ref = ParseReference("alpine:3.20");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->str(), "docker.io/library/alpine:3.20");
  EXPECT_EQ(ref->ManifestRef(), "3.20");
  auto pinned = ParseReference(std::string("x.io/a:1@") + kD);
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->ManifestRef(), kD);
  EXPECT_EQ(pinned->str(), std::string("x.io/a:1@") + kD);
  // A host named "registry" with a port is not the source prefix; str() parses back to itself
  // (fuzzer input "registry:registry:0/a0/a").
  auto host = ParseReference("registry:5000/app");
  ASSERT_TRUE(host);
  EXPECT_EQ(host->str(), "registry:5000/app:latest");
  auto prefixed = ParseReference("registry:registry:0/a0/a");
  ASSERT_TRUE(prefixed);
  EXPECT_EQ(prefixed->registry, "registry:0");
  auto again = ParseReference(prefixed->str());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->str(), prefixed->str());
}

TEST(ReferenceTest, RejectsBadInput) {
  struct Bad {
    const char* name;
    std::string in;
    const char* why;
  };
  const Bad rows[] = {
      {"empty", "", "empty reference"},
      {"prefix only", "registry:", "empty reference"},
      {"upper repo", "Alpine", "lowercase"},
      {"bad tag", "alpine:-x", "bad tag"},
      {"empty tag", "alpine:", "bad tag"},
      {"long tag", "alpine:" + std::string(129, 'a'), "bad tag"},
      {"bad digest", "alpine@sha256:abc", "bad digest"},
      {"bad algorithm", "alpine@md5:0123", "bad digest"},
      {"space", "alp ine", "space or control"},
      {"control", "alp\x01ine", "space or control"},
      {"scheme", "https://r.example/app", "no scheme"},
      {"empty component", "r.example/a//b", "bad repository component"},
      {"trailing slash", "r.example/a/", "bad repository component"},
      {"separator end", "a-", "bad repository component"},
      {"triple underscore", "a___b", "bad repository component"},
      {"only host", "r.example:5000/", "empty repository"},
      {"bad port", "r.example:99999/a", "bad registry host"},
      {"bad host", "-r.example/a", "bad registry host"},
      {"too long", "r.example/" + std::string(250, 'a'), "longer than 255"},
      {"huge", std::string(5000, 'a'), "longer than 4096"},
  };
  for (const Bad& r : rows) {
    auto ref = ParseReference(r.in);
    ASSERT_FALSE(ref.has_value()) << r.name;
    EXPECT_EQ(ref.error().code(), ErrorCode::kInvalidArgument) << r.name;
    EXPECT_NE(ref.error().message().find(r.why), std::string::npos) << r.name << ": " << ref.error().message();
  }
}

}  // namespace
}  // namespace hullscan::registry
