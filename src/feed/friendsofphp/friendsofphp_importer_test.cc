#include "feed/friendsofphp/friendsofphp_importer.h"

#include <map>

#include <gtest/gtest.h>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

using model::Advisory;
using model::AffectedRange;
using model::FixState;
using Op = model::VersionConstraint::Op;
using C = model::VersionConstraint;

std::string TestData(const std::string& name) { return FeedTestData("friendsofphp", name); }

AffectedRange Cons(std::vector<C> all_of) { return {AffectedRange::Type::kConstraints, {}, std::move(all_of)}; }

TEST(FriendsOfPhpImporter, DirectoryOfRecords) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  ASSERT_TRUE(NewFriendsOfPhpImporter()->Import(TestData("security-advisories"), sink, meta));
  ASSERT_EQ(sink.advisories.size(), 2u);
  EXPECT_EQ(meta.skipped, 0u);
  EXPECT_EQ(meta.as_of, "2019-05-21T13:55:02Z");
  std::map<std::string, Advisory> by;
  for (const Advisory& a : sink.advisories) by.emplace(a.id, a);
  // Date-named file without a CVE: the id carries the package.
  const Advisory& cake = by.at("cakephp/cakephp/2015-08-06");
  EXPECT_TRUE(cake.aliases.empty());
  EXPECT_EQ(cake.summary, "Direct access of prefixed controller actions");
  EXPECT_EQ(cake.published, "2015-08-06T22:08:00Z");
  EXPECT_EQ(cake.references,
            std::vector<std::string>{"https://bakery.cakephp.org/2015/08/06/cakephp_2_5_9_2_6_10_2_7_2_released.html"});
  ASSERT_EQ(cake.affected.size(), 1u);
  EXPECT_EQ(cake.affected[0].ecosystem, "Packagist");
  EXPECT_EQ(cake.affected[0].name, "cakephp/cakephp");
  EXPECT_EQ(cake.affected[0].state, FixState::kFixed);
  ASSERT_EQ(cake.affected[0].ranges.size(), 8u);
  EXPECT_EQ(cake.affected[0].ranges[0], Cons({{Op::kGe, "2.0.0"}, {Op::kLt, "2.0.99"}}));
  EXPECT_EQ(cake.affected[0].ranges[7], Cons({{Op::kGe, "2.7.0"}, {Op::kLt, "2.7.2"}}));

  const Advisory& ss = by.at("CVE-2018-0001");
  EXPECT_EQ(ss.aliases, std::vector<std::string>{"SS-2018-001"});
  EXPECT_EQ(ss.published, "2015-07-24T00:41:41Z");  // earliest branch time
  EXPECT_EQ(ss.affected[0].name, "silverstripe/framework");
  EXPECT_EQ(ss.affected[0].ranges,
            (std::vector<AffectedRange>{Cons({{Op::kGe, "3.0.0"}, {Op::kLt, "3.6.5"}}),
                                        Cons({{Op::kGe, "4.0.0"}, {Op::kLt, "4.0.2"}}),
                                        Cons({{Op::kGt, "4.1.0"}, {Op::kLe, "4.1.1"}}), Cons({{Op::kGe, "5.0"}})}));
}

TEST(FriendsOfPhpImporter, BadRecordAndHostile) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewFriendsOfPhpImporter()->Import(TestData("bad_time.yaml"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message().find("bad_time.yaml: branches.1.x: field 'time' is not 'YYYY-MM-DD HH:MM:SS'"),
            std::string::npos)
      << st.error().message();
  auto doc = [&](const std::string& text) {
    return ImportFriendsOfPhpDocument(text, "security-advisories/a/b/CVE-1.yaml", "x", sink, meta);
  };
  const std::string ok_branches = "branches: {1.x: {time: ~, versions: ['<2']}}\n";
  EXPECT_TRUE(doc("reference: composer://a/b\n" + ok_branches));
  EXPECT_EQ(sink.advisories.back().id, "CVE-1");
  EXPECT_FALSE(doc("- 1\n"));
  EXPECT_FALSE(doc(ok_branches));                                   // no reference
  EXPECT_FALSE(doc("reference: https://a/b\n" + ok_branches));      // not composer://
  EXPECT_FALSE(doc("reference: composer://ab\n" + ok_branches));    // no vendor
  EXPECT_FALSE(doc("reference: composer://a/b\nbranches: [1]\n"));
  EXPECT_FALSE(doc("reference: composer://a/b\nbranches: {1.x: {versions: {a: 1}}}\n"));
  EXPECT_FALSE(doc("reference: composer://a/b\nbranches: {1.x: {versions: ['>= 1 2']}}\n"));
  EXPECT_FALSE(doc("reference: composer://a/b\nbranches: {1.x: {versions: ['>=1,']}}\n"));
  EXPECT_FALSE(doc("reference: composer://a/b\nbranches: {1.x: {time: [1], versions: []}}\n"));
  EXPECT_FALSE(doc("reference: composer://a/b\ncve: [x]\n" + ok_branches));
  EXPECT_FALSE(doc("reference: composer://a/b\nbranches: " + std::string(10000, '{') + "\n"));
  EXPECT_FALSE(doc("reference: [\n"));
}

TEST(FriendsOfPhpImporter, SharedArchive) {
  Imported im;
  if (!ImportShared(*NewFriendsOfPhpImporter(), "feeds/native/friendsofphp/security-advisories.tar.zst", im)) return;
  EXPECT_EQ(im.sink.advisories.size(), 1592u);  // README section 9
  EXPECT_EQ(im.meta.skipped, 0u);
  EXPECT_EQ(im.meta.as_of.substr(0, 4), "2026");
  std::map<std::string, const Advisory*> by;
  for (const Advisory& a : im.sink.advisories) by[a.id + " " + a.affected[0].name] = &a;
  const Advisory& sy = *by.at("CVE-2019-12186 sylius/grid-bundle");
  EXPECT_EQ(sy.published, "2019-05-21T13:55:02Z");
  ASSERT_EQ(sy.affected[0].ranges.size(), 6u);
  EXPECT_EQ(sy.affected[0].ranges[1], Cons({{Op::kGe, "1.1.0"}, {Op::kLt, "1.1.19"}}));
  const Advisory& aws = *by.at("CVE-2015-5723 aws/aws-sdk-php");
  EXPECT_EQ(aws.published, "2015-07-24T00:41:41Z");
  EXPECT_EQ(aws.affected[0].ranges, std::vector<AffectedRange>{Cons({{Op::kGe, "3.0.0"}, {Op::kLt, "3.2.1"}})});
  EXPECT_EQ(by.count("cakephp/cakephp/2015-08-06 cakephp/cakephp"), 1u);
}

}  // namespace
}  // namespace hullscan::feed
