#include "registry/http_client.h"

#include <gtest/gtest.h>

namespace hullscan::registry {
namespace {

TEST(UrlTest, Parses) {
  auto u = ParseUrl("https://Reg.Example/v2/a/manifests/1?x=y#frag");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "reg.example");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->path_and_query, "/v2/a/manifests/1?x=y");
  EXPECT_EQ(u->Origin(), "https://reg.example:443");
  auto p = ParseUrl("http://127.0.0.1:5000");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->Origin(), "http://127.0.0.1:5000");
  EXPECT_EQ(p->path_and_query, "/");
  auto v6 = ParseUrl("http://[::1]:8080/x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, "8080");
  // Same origin whether the default port is written or not.
  EXPECT_EQ(ParseUrl("https://r.example:443/")->Origin(), ParseUrl("https://r.example/")->Origin());
}

TEST(UrlTest, Rejects) {
  EXPECT_FALSE(ParseUrl("ftp://x/"));
  EXPECT_FALSE(ParseUrl("file:///etc/passwd"));
  EXPECT_FALSE(ParseUrl("https://user:pw@x/"));
  EXPECT_FALSE(ParseUrl("https:///x"));
  EXPECT_FALSE(ParseUrl("https://x:99a/"));
  EXPECT_FALSE(ParseUrl("no-scheme"));
}

TEST(UrlTest, ResolvesLocations) {
  const std::string base = "https://r.example:5000/v2/a/blobs/sha256:1";
  EXPECT_EQ(*ResolveLocation(base, "https://cdn.example/b?sig=1"), "https://cdn.example/b?sig=1");
  EXPECT_EQ(*ResolveLocation(base, "//cdn.example/b"), "https://cdn.example/b");
  EXPECT_EQ(*ResolveLocation(base, "/other"), "https://r.example:5000/other");
  EXPECT_EQ(*ResolveLocation(base, "c"), "https://r.example:5000/v2/a/blobs/c");
  EXPECT_FALSE(ResolveLocation(base, ""));
  EXPECT_FALSE(ResolveLocation(base, "file:///etc/passwd"));
  EXPECT_FALSE(ResolveLocation(base, "/a\r\nX: y"));
  // "://" inside a query does not make a relative reference absolute.
  EXPECT_EQ(*ResolveLocation(base, "/b?next=http://x"), "https://r.example:5000/b?next=http://x");
  // Scheme-relative references must give a URL that parses (fuzzer crash input).
  EXPECT_FALSE(ResolveLocation(base, "//7.0\xdb\xcf\xd1\xce:555555555515regist0ry:[::1[55]"));
  EXPECT_FALSE(ResolveLocation(base, "//host:99999999/x"));
}

TEST(UrlTest, Encodes) {
  EXPECT_EQ(UrlEncode("repository:a/b:pull"), "repository%3Aa%2Fb%3Apull");
  EXPECT_EQ(UrlEncode("A-z_0.~"), "A-z_0.~");
}

TEST(HttpOpenTest, ConnectionRefusedIsNetworkError) {
  HttpOptions o;
  o.connect_timeout_ms = 2000;
  HttpRequest req;
  req.url = "http://127.0.0.1:1/v2/";
  auto r = HttpOpen(req, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kNetwork);
  EXPECT_NE(r.error().message().find("GET http://127.0.0.1:1/v2/"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace hullscan::registry
