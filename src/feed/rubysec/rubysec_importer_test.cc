#include "feed/rubysec/rubysec_importer.h"

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

std::string TestData(const std::string& name) { return FeedTestData("rubysec", name); }

AffectedRange Cons(std::vector<C> all_of) { return {AffectedRange::Type::kConstraints, {}, std::move(all_of)}; }

TEST(GemBump, RubyGemsRule) {
  EXPECT_EQ(*GemBump("2.2.8"), "2.3");
  EXPECT_EQ(*GemBump("2"), "3");
  EXPECT_EQ(*GemBump("3.2.22.2"), "3.2.23");
  EXPECT_EQ(*GemBump("1.0.0.rc1"), "1.1");
  EXPECT_EQ(*GemBump("1.9"), "2");
  EXPECT_EQ(*GemBump("99999999999999999999.9"), "100000000000000000000");
  EXPECT_FALSE(GemBump("rc1"));
}

TEST(ParseGemRequirement, Conjunctions) {
  EXPECT_EQ(*ParseGemRequirement("~> 2.2.8, >= 2.2.8.1"),
            (std::vector<C>{{Op::kGe, "2.2.8"}, {Op::kLt, "2.3"}, {Op::kGe, "2.2.8.1"}}));
  EXPECT_EQ(*ParseGemRequirement(">= 3.0.9.1"), (std::vector<C>{{Op::kGe, "3.0.9.1"}}));
  EXPECT_EQ(*ParseGemRequirement("1.2"), (std::vector<C>{{Op::kEq, "1.2"}}));
  EXPECT_EQ(*ParseGemRequirement("!= 1.2,<2"), (std::vector<C>{{Op::kNe, "1.2"}, {Op::kLt, "2"}}));
  EXPECT_EQ(*ParseGemRequirement("<= 1"), (std::vector<C>{{Op::kLe, "1"}}));
  EXPECT_FALSE(ParseGemRequirement(""));
  EXPECT_FALSE(ParseGemRequirement(">= 1,"));
  EXPECT_FALSE(ParseGemRequirement(">= bogus <"));
  EXPECT_FALSE(ParseGemRequirement("=> 1"));
}

TEST(RubysecImporter, DirectoryOfRecords) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto imp = NewRubysecImporter();
  ASSERT_TRUE(imp->Import(TestData("ruby-advisory-db"), sink, meta));
  ASSERT_EQ(sink.advisories.size(), 2u);
  EXPECT_EQ(meta.skipped, 2u);  // the rubies/ file and the malformed requirement
  EXPECT_EQ(meta.as_of, "2016-02-29");
  std::map<std::string, Advisory> by;
  for (const Advisory& a : sink.advisories) by.emplace(a.id, a);
  const Advisory& a = by.at("CVE-2016-2098");
  EXPECT_EQ(a.aliases, std::vector<std::string>{"GHSA-78rc-8c29-p45g"});
  EXPECT_EQ(a.summary, "Possible remote code execution vulnerability in Action Pack");
  EXPECT_EQ(a.published, "2016-02-29");
  EXPECT_EQ(a.references, std::vector<std::string>{"https://groups.google.com/forum/#!topic/rubyonrails-security/ly-IH-fxr_Q"});
  ASSERT_EQ(a.severity.size(), 1u);
  EXPECT_EQ(a.severity[0], (model::SeverityScore{"CVSS_V3", "", 7.3, "HIGH", "rubysec"}));
  ASSERT_EQ(a.affected.size(), 1u);
  const auto& p = a.affected[0];
  EXPECT_EQ(p.ecosystem, "RubyGems");
  EXPECT_EQ(p.name, "actionpack");
  EXPECT_EQ(p.state, FixState::kFixed);
  EXPECT_EQ(p.ranges, std::vector<AffectedRange>{Cons({})});
  EXPECT_EQ(p.unaffected, (std::vector<AffectedRange>{
                              Cons({{Op::kGe, "3.2.22.2"}, {Op::kLt, "3.2.23"}}),
                              Cons({{Op::kGe, "4.2.5"}, {Op::kLt, "4.3"}, {Op::kGe, "4.2.5.2"}}),
                              Cons({{Op::kGe, "4.1.14"}, {Op::kLt, "4.2"}, {Op::kGe, "4.1.14.2"}}),
                              Cons({{Op::kGe, "5.0.0.beta1"}}),
                          }));
  const Advisory& q = by.at("OSVDB-12345");
  EXPECT_TRUE(q.aliases.empty());
  EXPECT_EQ(q.summary, "Two-line");
  EXPECT_EQ(q.severity[0], (model::SeverityScore{"CVSS_V2", "", 10, "HIGH", "rubysec"}));
  EXPECT_EQ(q.affected[0].state, FixState::kAffected);  // no patched_versions
  EXPECT_EQ(q.affected[0].unaffected,
            (std::vector<AffectedRange>{Cons({{Op::kLt, "0.5"}}), Cons({{Op::kGe, "1.0.0.rc1"}, {Op::kLt, "1.1"}})}));
}

TEST(RubysecImporter, BadRecordAndHostile) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewRubysecImporter()->Import(TestData("bad.yml"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message().find("bad.yml: field 'patched_versions' is not a list"), std::string::npos)
      << st.error().message();
  auto doc = [&](const std::string& text) { return ImportRubysecDocument(text, "gems/x/CVE-1.yml", "x", sink, meta); };
  EXPECT_FALSE(doc("- 1\n"));
  EXPECT_FALSE(doc("gem: [1]\n"));
  EXPECT_FALSE(doc("gem: x\ncve: [1]\n"));
  EXPECT_FALSE(doc("gem: x\ncvss_v3: high\n"));
  EXPECT_FALSE(doc("gem: x\ncvss_v3: 11\n"));
  EXPECT_FALSE(doc("gem: x\npatched_versions: [[1]]\n"));
  EXPECT_FALSE(doc("gem: x\ntitle: [\n"));
  EXPECT_FALSE(doc("gem: " + std::string(300, 'g') + "\n"));
  EXPECT_FALSE(doc("gem: x\nref: " + std::string(10000, '[') + "\n"));
  EXPECT_TRUE(doc("gem: x\n"));
  EXPECT_EQ(sink.advisories.back().id, "CVE-1");  // the file stem
}

TEST(RubysecImporter, SharedArchive) {
  Imported im;
  if (!ImportShared(*NewRubysecImporter(), "feeds/native/rubysec/ruby-advisory-db.tar.zst", im)) return;
  // README section 9: 1,381 files = 1,234 under gems/ + 147 under rubies/.
  EXPECT_EQ(im.sink.advisories.size(), 1234u);
  EXPECT_EQ(im.meta.skipped, 147u);
  EXPECT_EQ(im.meta.as_of, "2026-08-18");  // newest advisory date (the commit is 2026-08-22)
  for (const Advisory& a : im.sink.advisories) {
    if (a.id != "CVE-2016-2098" || a.affected[0].name != "actionpack") continue;
    EXPECT_EQ(a.aliases, std::vector<std::string>{"GHSA-78rc-8c29-p45g"});
    EXPECT_EQ(a.affected[0].unaffected.size(), 4u);
    EXPECT_EQ(a.affected[0].unaffected[1], Cons({{Op::kGe, "4.2.5"}, {Op::kLt, "4.3"}, {Op::kGe, "4.2.5.2"}}));
  }
}

}  // namespace
}  // namespace hullscan::feed
