#include <gtest/gtest.h>

#include "version/range.h"

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

}  // namespace
}  // namespace hullscan::version
