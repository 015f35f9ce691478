#include "report/text_format.h"

#include <gtest/gtest.h>

namespace hullscan::report {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kWeek = 7 * kDay;
constexpr int64_t kMonth = 30 * kDay;
constexpr int64_t kYear = 365 * kDay;

struct DurationCase {
  const char* name;
  int64_t seconds;
  const char* want;
};

// The rows of go-units' TestHumanDuration (duration_test.go), in whole seconds, plus the edges
// where a branch changes.
TEST(HumanDuration, MatchesGoUnits) {
  const DurationCase cases[] = {
      {"zero", 0, "Less than a second"},
      {"negative_future", -30, "Less than a second"},
      {"one_second", 1, "1 second"},
      {"45s", 45, "45 seconds"},
      {"59s", 59, "59 seconds"},
      {"60s", 60, "About a minute"},
      {"119s", 119, "About a minute"},
      {"2m", 2 * kMinute, "2 minutes"},
      {"35m40s", 35 * kMinute + 40, "35 minutes"},
      {"59m59s", 59 * kMinute + 59, "59 minutes"},
      {"1h", kHour, "About an hour"},
      {"1h29m", kHour + 29 * kMinute, "About an hour"},
      {"1h29m59s", kHour + 29 * kMinute + 59, "About an hour"},
      {"1h30m_rounds_up", kHour + 30 * kMinute, "2 hours"},
      {"1h31m", kHour + 31 * kMinute, "2 hours"},
      {"3h29m", 3 * kHour + 29 * kMinute, "3 hours"},
      {"3h31m", 3 * kHour + 31 * kMinute, "4 hours"},
      {"24h", kDay, "24 hours"},
      {"36h", kDay + 12 * kHour, "36 hours"},
      {"47h29m", 47 * kHour + 29 * kMinute, "47 hours"},
      {"47h30m_rounds_to_2_days", 47 * kHour + 30 * kMinute, "2 days"},
      {"2d", 2 * kDay, "2 days"},
      {"7d", 7 * kDay, "7 days"},
      {"13d5h", 13 * kDay + 5 * kHour, "13 days"},
      {"2w", 2 * kWeek, "2 weeks"},
      {"2w4d", 2 * kWeek + 4 * kDay, "2 weeks"},
      {"3w", 3 * kWeek, "3 weeks"},
      {"4w3d", 4 * kWeek + 3 * kDay, "4 weeks"},
      {"1mo", kMonth, "4 weeks"},
      {"1mo2w", kMonth + 2 * kWeek, "6 weeks"},
      {"2mo", 2 * kMonth, "2 months"},
      {"3mo1w", 3 * kMonth + kWeek, "3 months"},
      {"5mo2w", 5 * kMonth + 2 * kWeek, "5 months"},
      {"13mo", 13 * kMonth, "13 months"},
      {"24mo", 24 * kMonth, "24 months"},
      {"24mo2w", 24 * kMonth + 2 * kWeek, "2 years"},
      {"3y2mo", 3 * kYear + 2 * kMonth, "3 years"},
  };
  for (const DurationCase& c : cases) {
    EXPECT_EQ(HumanDuration(c.seconds), c.want) << c.name;
  }
}

struct SizeCase {
  const char* name;
  double size;
  const char* want;
};

TEST(HumanSizeWithPrecision, MatchesGoUnitsWithPrecision3) {
  const SizeCase cases[] = {
      {"zero", 0, "0B"},
      {"bytes", 999, "999B"},
      {"one_kb", 1000, "1kB"},
      {"kb_fraction", 1024, "1.02kB"},
      {"rounds_to_exponent", 999999, "1e+03kB"},
      {"mb", 74812345, "74.8MB"},
      {"mb_small", 3456789, "3.46MB"},
      {"gb", 1.5e9, "1.5GB"},
      {"tb", 2e12, "2TB"},
      {"largest_unit", 1e24, "1YB"},
      {"beyond_largest_unit", 1e27, "1e+03YB"},
  };
  for (const SizeCase& c : cases) {
    EXPECT_EQ(HumanSizeWithPrecision(c.size, 3), c.want) << c.name;
  }
  EXPECT_EQ(HumanSizeWithPrecision(2746000, 4), "2.746MB");  // go-units HumanSize example
}

struct EllipsisCase {
  const char* name;
  std::string in;
  size_t width;
  std::string want;
};

TEST(Ellipsis, MatchesDockerDisplayUtils) {
  const EllipsisCase cases[] = {
      {"fits", "abcdefg", 7, "abcdefg"},
      {"cut_ascii", "abcdefg", 5, "abcd\u2026"},
      {"width_one", "abcdefg", 1, "a"},
      {"width_zero", "abcdefg", 0, ""},
      {"empty", "", 5, ""},
      {"wide_fits", "\u4f60\u597d", 4, "\u4f60\u597d"},
      {"wide_cut", "\u4f60\u597d\u4e16\u754c", 5, "\u4f60\u597d\u2026"},
      {"wide_cut_odd", "\u4f60\u597d\u4e16\u754c", 4, "\u4f60\u2026"},
      {"mixed_cut", "a\u4f60b\u597dc", 5, "a\u4f60b\u2026"},
      {"docker_45", "/bin/sh -c #(nop) ADD file:71356d2ad59aa3119d7b in / ", 45,
       "/bin/sh -c #(nop) ADD file:71356d2ad59aa3119\u2026"},
  };
  for (const EllipsisCase& c : cases) {
    EXPECT_EQ(Ellipsis(c.in, c.width), c.want) << c.name;
  }
}

TEST(SanitizeCell, ReplacesControlsAndInvalidUtf8) {
  EXPECT_EQ(SanitizeCell("a\tb\nc\x1b[31md\x7f"), "a b c [31md ");
  EXPECT_EQ(SanitizeCell("ok \xff end"), "ok \ufffd end");
  EXPECT_EQ(SanitizeCell("trunc \xe4\xbd"), "trunc \ufffd\ufffd");
  EXPECT_EQ(SanitizeCell("overlong \xc0\xaf"), "overlong \ufffd\ufffd");
  EXPECT_EQ(SanitizeCell("c1 \xc2\x9b x"), "c1   x");
  EXPECT_EQ(SanitizeCell("\u4f60\u597d"), "\u4f60\u597d");
}

TEST(AlignColumns, PadsLikeDockerTabwriter) {
  std::string got = AlignColumns({{"IMAGE", "SIZE", "COMMENT"}, {"0123456789ab", "1B", ""}, {"x", "\u4f60", "c"}});
  // Column 1: max(10, 12 + 3) = 15; column 2: max(10, 4 + 3) = 10; last column unpadded,
  // trailing spaces trimmed; widths count code points, as Go's tabwriter does.
  EXPECT_EQ(got,
            "IMAGE          SIZE      COMMENT\n"
            "0123456789ab   1B\n"
            "x              \u4f60         c\n");
}

}  // namespace
}  // namespace hullscan::report
