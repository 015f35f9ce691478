#include <gtest/gtest.h>

#include "version/range.h"
#include "version/version_cache.h"

namespace hullscan::version {
namespace {

using Kind = model::RangeEvent::Kind;

bool Contains(SchemeId id, const std::vector<model::RangeEvent>& events, const std::string& v) {
  model::AffectedRange r;
  r.events = events;
  const VersionScheme& s = SchemeFor(id);
  auto pv = s.Parse(v);
  EXPECT_TRUE(pv.has_value()) << v;
  auto got = RangeContains(r, s, **pv);
  EXPECT_TRUE(got.has_value());
  return got.value_or(false);
}

TEST(RangeContains, Table) {
  struct Row {
    const char* name;
    SchemeId scheme;
    std::vector<model::RangeEvent> events;
    const char* version;
    bool want;
  } rows[] = {
      {"introduced 0, fixed: below fix", SchemeId::kSemver, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.2.3"}}, "1.2.2", true},
      {"at the fix", SchemeId::kSemver, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.2.3"}}, "1.2.3", false},
      {"prerelease of the fix is affected", SchemeId::kSemver, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.2.3"}}, "1.2.3-rc.1", true},
      {"before introduced", SchemeId::kSemver, {{Kind::kIntroduced, "1.0.0"}, {Kind::kFixed, "1.2.3"}}, "0.9.9", false},
      {"last_affected inclusive", SchemeId::kPep440, {{Kind::kIntroduced, "0"}, {Kind::kLastAffected, "2.0"}}, "2.0.0", true},
      {"after last_affected", SchemeId::kPep440, {{Kind::kIntroduced, "0"}, {Kind::kLastAffected, "2.0"}}, "2.0.post1", false},
      {"two spans, in the gap", SchemeId::kSemver,
       {{Kind::kIntroduced, "1.0.0"}, {Kind::kFixed, "1.1.0"}, {Kind::kIntroduced, "2.0.0"}, {Kind::kFixed, "2.0.5"}}, "1.5.0", false},
      {"two spans, second", SchemeId::kSemver,
       {{Kind::kFixed, "2.0.5"}, {Kind::kIntroduced, "2.0.0"}, {Kind::kFixed, "1.1.0"}, {Kind::kIntroduced, "1.0.0"}}, "2.0.1", true},
      {"open-ended", SchemeId::kSemver, {{Kind::kIntroduced, "3.0.0"}}, "99.0.0", true},
      {"limit caps", SchemeId::kSemver, {{Kind::kIntroduced, "0"}, {Kind::kLimit, "5.0.0"}}, "5.0.0", false},
      {"dpkg past the fix", SchemeId::kDpkg, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1:1.2.13.dfsg-1"}}, "1:1.2.13.dfsg-9", false},
      {"dpkg epoch 0 is below epoch 1", SchemeId::kDpkg, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1:1.2.13.dfsg-1"}}, "1.2.13.dfsg-9", true},
      {"dpkg tilde backport below fix", SchemeId::kDpkg, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "3.0.11-1~deb12u2"}}, "3.0.11-1~deb12u1", true},
      {"apk revision", SchemeId::kApk, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.1.1n-r0"}}, "1.1.1m-r5", true},
  };
  for (const Row& row : rows) EXPECT_EQ(Contains(row.scheme, row.events, row.version), row.want) << row.name;
}

TEST(RangeContains, BadEventVersionIsError) {
  model::AffectedRange r;
  r.events = {{Kind::kIntroduced, "0"}, {Kind::kFixed, "not a version"}};
  const VersionScheme& s = SchemeFor(SchemeId::kSemver);
  auto v = s.Parse("1.0.0");
  ASSERT_TRUE(v.has_value());
  auto got = RangeContains(r, s, **v);
  ASSERT_FALSE(got.has_value());
  EXPECT_NE(got.error().message().find("range event"), std::string::npos);
}

TEST(RangeContains, Constraints) {
  using Op = model::VersionConstraint::Op;
  const VersionScheme& s = SchemeFor(SchemeId::kSemver);
  auto check = [&](std::vector<model::VersionConstraint> all_of, const char* v) {
    model::AffectedRange r;
    r.type = model::AffectedRange::Type::kConstraints;
    r.all_of = std::move(all_of);
    auto pv = s.Parse(v);
    EXPECT_TRUE(pv.has_value()) << v;
    auto got = RangeContains(r, s, **pv);
    EXPECT_TRUE(got.has_value());
    return got.value_or(false);
  };
  // FriendsOfPHP-style branch ['>=7.0.0', '<7.4.4'].
  EXPECT_TRUE(check({{Op::kGe, "7.0.0"}, {Op::kLt, "7.4.4"}}, "7.4.3"));
  EXPECT_FALSE(check({{Op::kGe, "7.0.0"}, {Op::kLt, "7.4.4"}}, "7.4.4"));
  EXPECT_FALSE(check({{Op::kGe, "7.0.0"}, {Op::kLt, "7.4.4"}}, "6.9.9"));
  EXPECT_TRUE(check({{Op::kGt, "1.0.0"}, {Op::kLe, "2.0.0"}}, "2.0.0"));
  EXPECT_FALSE(check({{Op::kGt, "1.0.0"}, {Op::kLe, "2.0.0"}}, "1.0.0"));
  EXPECT_TRUE(check({{Op::kEq, "1.0.0"}}, "1.0.0"));
  EXPECT_FALSE(check({{Op::kNe, "1.0.0"}}, "1.0.0"));
  EXPECT_TRUE(check({}, "0.0.1"));  // empty conjunction: every version
}

// A range shaped like model::AffectedRange but holding views, as the matcher decodes store rows.
struct EventView {
  model::RangeEvent::Kind kind;
  std::string_view version;
};
struct ConstraintView {
  model::VersionConstraint::Op op;
  std::string_view version;
};
struct RangeView {
  model::AffectedRange::Type type = model::AffectedRange::Type::kEcosystem;
  std::vector<EventView> events;
  std::vector<ConstraintView> all_of;
};

RangeView ViewOf(const model::AffectedRange& r) {
  RangeView v;
  v.type = r.type;
  for (const auto& e : r.events) v.events.push_back({e.kind, e.version});
  for (const auto& c : r.all_of) v.all_of.push_back({c.op, c.version});
  return v;
}

TEST(RangeContains, CachedViewsGiveTheSameAnswers) {
  using Op = model::VersionConstraint::Op;
  struct Row {
    const char* name;
    SchemeId scheme;
    model::AffectedRange range;
    std::vector<const char*> versions;
  } rows[] = {
      {"fixed from 0", SchemeId::kSemver,
       {model::AffectedRange::Type::kEcosystem, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.2.3"}}, {}},
       {"1.2.2", "1.2.3", "1.2.3-rc.1", "2.0.0"}},
      {"events out of order", SchemeId::kSemver,
       {model::AffectedRange::Type::kEcosystem,
        {{Kind::kFixed, "2.0.5"}, {Kind::kIntroduced, "2.0.0"}, {Kind::kFixed, "1.1.0"}, {Kind::kIntroduced, "1.0.0"}},
        {}},
       {"0.9.0", "1.0.0", "1.5.0", "2.0.1", "2.0.5"}},
      {"limit", SchemeId::kPep440,
       {model::AffectedRange::Type::kEcosystem, {{Kind::kIntroduced, "0"}, {Kind::kLimit, "5.0"}}, {}},
       {"4.9", "5.0", "5.0.post1"}},
      {"constraints", SchemeId::kComposer,
       {model::AffectedRange::Type::kConstraints, {}, {{Op::kGe, "7.0.0"}, {Op::kLt, "7.4.4"}}},
       {"6.9.9", "7.0.0", "7.4.3", "7.4.4"}},
      {"apk", SchemeId::kApk,
       {model::AffectedRange::Type::kEcosystem, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.1.1n-r0"}}, {}},
       {"1.1.1m-r5", "1.1.1n-r0"}},
  };
  VersionCache cache;  // one for every row, as a matching thread keeps one
  for (const Row& row : rows) {
    const VersionScheme& s = SchemeFor(row.scheme);
    RangeView view = ViewOf(row.range);
    for (const char* text : row.versions) {
      auto v = s.Parse(text);
      ASSERT_TRUE(v.has_value()) << text;
      auto want = RangeContains(row.range, s, **v);
      ASSERT_TRUE(want.has_value()) << row.name;
      auto cached = RangeContains(row.range, s, **v, cache);
      auto viewed = RangeContains(view, s, **v, cache);
      ASSERT_TRUE(cached.has_value() && viewed.has_value()) << row.name;
      EXPECT_EQ(*cached, *want) << row.name << " " << text;
      EXPECT_EQ(*viewed, *want) << row.name << " " << text;
    }
  }
  // A bound the scheme rejects is the same error, cached or not.
  model::AffectedRange bad;
  bad.events = {{Kind::kIntroduced, "0"}, {Kind::kFixed, "not a version"}};
  auto v = SchemeFor(SchemeId::kSemver).Parse("1.0.0");
  ASSERT_TRUE(v.has_value());
  for (int i = 0; i < 2; ++i) {
    auto got = RangeContains(ViewOf(bad), SchemeFor(SchemeId::kSemver), **v, cache);
    ASSERT_FALSE(got.has_value());
    EXPECT_NE(got.error().message().find("range event"), std::string::npos);
  }
}

TEST(VersionCache, ParsesOnceAndRemembersRejections) {
  VersionCache cache;
  auto a = cache.Get(SchemeId::kDpkg, "1:1.2.13.dfsg-1");
  auto b = cache.Get(SchemeId::kDpkg, std::string("1:1.2.13.dfsg-1"));
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(*a, *b);  // the same parsed version
  EXPECT_EQ((*a)->text(), "1:1.2.13.dfsg-1");
  EXPECT_EQ((*a)->scheme(), SchemeId::kDpkg);
  // The same text under another scheme is another version.
  auto c = cache.Get(SchemeId::kSemver, "1.2.3");
  auto d = cache.Get(SchemeId::kPep440, "1.2.3");
  ASSERT_TRUE(c.has_value() && d.has_value());
  EXPECT_EQ((*c)->scheme(), SchemeId::kSemver);
  EXPECT_EQ((*d)->scheme(), SchemeId::kPep440);
  auto direct = SchemeFor(SchemeId::kSemver).Parse("not a version");
  ASSERT_FALSE(direct.has_value());
  for (int i = 0; i < 2; ++i) {
    auto bad = cache.Get(SchemeId::kSemver, "not a version");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code(), direct.error().code());
    EXPECT_EQ(bad.error().message(), direct.error().message());
  }
}

}  // namespace
}  // namespace hullscan::version
