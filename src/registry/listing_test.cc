#include "registry/listing.h"

#include <gtest/gtest.h>

namespace hullscan::registry {
namespace {

TEST(LinkNextTest, DistributionRegistryForm) {
  // What distribution/registry sends for GET /v2/_catalog?n=2 (registry/handlers/catalog.go).
  auto n = ParseLinkNext(R"(</v2/_catalog?last=b&n=2>; rel="next")");
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(*n, "/v2/_catalog?last=b&n=2");
}

TEST(LinkNextTest, SeveralLinksAndRelTypes) {
  auto n = ParseLinkNext(R"(<https://r.example/v2/a/tags/list?p=1>; rel="prev", <https://r.example/v2/a/tags/list?last=x>; title="t;,"; REL="last Next")");
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(*n, "https://r.example/v2/a/tags/list?last=x");
  auto unquoted = ParseLinkNext("</v2/x/tags/list?last=1>;rel=next");
  ASSERT_TRUE(unquoted);
  EXPECT_EQ(*unquoted, "/v2/x/tags/list?last=1");
}

TEST(LinkNextTest, NoNext) {
  auto n = ParseLinkNext(R"(</v2/_catalog?n=2>; rel="prev")");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, "");
  auto empty = ParseLinkNext("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(LinkNextTest, Malformed) {
  for (std::string_view bad : {"/v2/x; rel=next", "</v2/x; rel=next", R"(</v2/x>; rel="next)", "</v2/\x01>; rel=next",
                               "</v2/x> junk"}) {
    auto n = ParseLinkNext(bad);
    ASSERT_FALSE(n) << bad;
    EXPECT_EQ(n.error().code(), ErrorCode::kNetwork);
    EXPECT_EQ(n.error().message().rfind("bad Link header: ", 0), 0u) << n.error().message();
  }
  std::string big = "<" + std::string(kMaxLinkHeaderBytes, 'a') + ">; rel=next";
  auto n = ParseLinkNext(big);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().message(), "bad Link header: longer than 8192 bytes");
}

TEST(NameListTest, CatalogAndTags) {
  auto c = ParseNameList(R"({"repositories":["hs/alpine","hs/debian-app"]})", "repositories", "catalog");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(*c, (std::vector<std::string>{"hs/alpine", "hs/debian-app"}));
  auto t = ParseNameList(R"({"name":"hs/alpine","tags":["3.20","latest"]})", "tags", "tags");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, (std::vector<std::string>{"3.20", "latest"}));
  auto none = ParseNameList(R"({"name":"hs/x","tags":null})", "tags", "tags");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(NameListTest, Malformed) {
  struct Case {
    std::string body;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {R"([])", "tags: not a JSON object"},
           {R"({"tags":"1"})", "tags: field 'tags' is not an array"},
           {R"({"tags":["1",2]})", "tags: tags[1] is not a string"},
           {R"({"tags":[""]})", "tags: tags[0] is empty, longer than 512 bytes or holds control characters"},
           {R"({"tags":["a\nb"]})", "tags: tags[0] is empty, longer than 512 bytes or holds control characters"}}) {
    auto r = ParseNameList(c.body, "tags", "tags");
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.error().code(), ErrorCode::kCorrupt);
    EXPECT_EQ(r.error().message(), c.message);
  }
  auto bad_json = ParseNameList("{", "tags", "tags");
  ASSERT_FALSE(bad_json);
  EXPECT_EQ(bad_json.error().code(), ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace hullscan::registry
