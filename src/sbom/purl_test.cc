#include "sbom/purl.h"

#include <gtest/gtest.h>

#include "model/purl.h"

namespace hullscan::sbom {
namespace {

TEST(ParsePurl, HullscanDeb) {
  auto p = ParsePurl("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");
  ASSERT_TRUE(p.has_value()) << p.error().message();
  EXPECT_EQ(p->type, "deb");
  EXPECT_EQ(p->namespace_, "debian");
  EXPECT_EQ(p->name, "zlib1g");
  EXPECT_EQ(p->version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(p->qualifiers, (std::map<std::string, std::string>{{"arch", "amd64"}, {"distro", "debian-12"}}));
}

TEST(ParsePurl, SpecExamples) {
  // From the purl-spec README and test-suite-data.json.
  auto maven = ParsePurl("pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources");
  ASSERT_TRUE(maven.has_value());
  EXPECT_EQ(maven->namespace_, "org.apache.xmlgraphics");
  EXPECT_EQ(maven->name, "batik-anim");
  EXPECT_EQ(maven->qualifiers.at("packaging"), "sources");
  auto go = ParsePurl("pkg:golang/google.golang.org/genproto#googleapis/api/annotations");
  ASSERT_TRUE(go.has_value());
  EXPECT_EQ(go->namespace_, "google.golang.org");
  EXPECT_EQ(go->name, "genproto");
  EXPECT_EQ(go->version, "");
  EXPECT_EQ(go->subpath, "googleapis/api/annotations");
  auto npm = ParsePurl("pkg:npm/%40angular/animation@12.3.1");
  ASSERT_TRUE(npm.has_value());
  EXPECT_EQ(npm->namespace_, "@angular");
  EXPECT_EQ(npm->name, "animation");
  auto raw_scope = ParsePurl("pkg:npm/@babel/core");
  ASSERT_TRUE(raw_scope.has_value());
  EXPECT_EQ(raw_scope->namespace_, "@babel");
  EXPECT_EQ(raw_scope->name, "core");
  EXPECT_EQ(raw_scope->version, "");
  auto upper = ParsePurl("PKG:PyPI/Django@1.11.1");
  ASSERT_TRUE(upper.has_value());
  EXPECT_EQ(upper->type, "pypi");
  EXPECT_EQ(upper->name, "Django");
  auto slashes = ParsePurl("pkg://gem/ruby-advisory-db-check@0.12.4/");
  ASSERT_TRUE(slashes.has_value());
  EXPECT_EQ(slashes->name, "ruby-advisory-db-check");
  EXPECT_EQ(slashes->version, "0.12.4");
}

TEST(ParsePurl, RoundTripsModelPurl) {
  model::Package p;
  p.type = model::PackageType::kMaven;
  p.name = "org.apache.logging.log4j:log4j-core";
  p.version = "2.14.1";
  auto parsed = ParsePurl(model::Purl(p, {}));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->namespace_, "");
  EXPECT_EQ(parsed->name, "org.apache.logging.log4j:log4j-core");
}

TEST(ParsePurl, Errors) {
  for (std::string_view bad : {"", "pkg:", "npm/foo@1", "pkg:npm", "pkg:/foo", "pkg:np m/foo", "pkg:npm/@1.0",
                               "pkg:npm/foo@1%zz", "pkg:npm/foo?=x", "pkg:npm/%4"}) {
    auto p = ParsePurl(bad);
    ASSERT_FALSE(p.has_value()) << bad;
    EXPECT_EQ(p.error().code(), ErrorCode::kCorrupt) << bad;
  }
  EXPECT_EQ(ParsePurl("pkg:npm/x@1%zz").error().message(), "purl 'pkg:npm/x@1%zz': version: bad percent escape at offset 1");
  EXPECT_EQ(ParsePurl(std::string(kMaxPurlBytes + 1, 'a')).error().code(), ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace hullscan::sbom
