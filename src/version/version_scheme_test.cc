#include "version/version_scheme.h"

#include <gtest/gtest.h>

namespace hullscan::version {
namespace {

constexpr SchemeId kAll[] = {SchemeId::kDpkg, SchemeId::kRpm,   SchemeId::kApk,      SchemeId::kSemver,
                             SchemeId::kPep440, SchemeId::kMaven, SchemeId::kGem,   SchemeId::kGo,
                             SchemeId::kNuget, SchemeId::kComposer, SchemeId::kCargo};

TEST(VersionSchemeTest, NamesRoundTrip) {
  const char* names[] = {"dpkg", "rpm", "apk", "semver", "pep440", "maven", "gem", "go", "nuget", "composer", "cargo"};
  for (size_t i = 0; i < std::size(kAll); ++i) {
    EXPECT_EQ(SchemeName(kAll[i]), names[i]);
    auto id = ParseSchemeName(names[i]);
    ASSERT_TRUE(id) << names[i];
    EXPECT_EQ(*id, kAll[i]);
  }
}

TEST(VersionSchemeTest, UnknownNameIsAnError) {
  auto id = ParseSchemeName("Dpkg");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(id.error().message(),
            "version scheme 'Dpkg': unknown (known: dpkg, rpm, apk, semver, pep440, maven, gem, go, nuget, "
            "composer, cargo)");
}

TEST(VersionSchemeTest, SchemeForReturnsTheSchemeWithThatId) {
  for (SchemeId id : {SchemeId::kDpkg, SchemeId::kRpm, SchemeId::kApk, SchemeId::kSemver, SchemeId::kPep440,
                      SchemeId::kGo, SchemeId::kNuget, SchemeId::kCargo}) {
    EXPECT_EQ(SchemeFor(id).id(), id) << SchemeName(id);
  }
}

TEST(VersionSchemeTest, CompareStringsNamesTheFailingSide) {
  auto r = CompareStrings(SchemeId::kDpkg, "1.0", "1.1");
  ASSERT_TRUE(r);
  EXPECT_TRUE(*r < 0);
  auto left = CompareStrings(SchemeId::kApk, "x", "1.0");
  ASSERT_FALSE(left);
  EXPECT_EQ(left.error().message(), "left side: apk version 'x': does not start with a digit");
  auto right = CompareStrings(SchemeId::kRpm, "1.0", "1.0-");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message(), "right side: rpm version '1.0-': empty release after '-'");
}

}  // namespace
}  // namespace hullscan::version
