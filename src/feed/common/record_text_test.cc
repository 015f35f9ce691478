#include "feed/common/record_text.h"

#include <gtest/gtest.h>

namespace hullscan::feed {
namespace {

TEST(RecordText, TrimAndFirstLine) {
  EXPECT_EQ(TrimSpace(" \t\r\nab c\r\n "), "ab c");
  EXPECT_EQ(TrimSpace(" \n\t"), "");
  EXPECT_EQ(FirstLine("\n  Title here  \r\nsecond line"), "Title here");
  EXPECT_EQ(FirstLine("one"), "one");
  EXPECT_EQ(FirstLine(""), "");
  EXPECT_EQ(FirstLine(std::string(2000, 'x')).size(), kMaxSummaryBytes);
  EXPECT_EQ(FirstLine("abcdef", 3), "abc");
}

TEST(RecordText, TruncateUtf8KeepsWholeCharacters) {
  EXPECT_EQ(TruncateUtf8("abc", 5), "abc");
  EXPECT_EQ(TruncateUtf8("abc", 2), "ab");
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9z", 2), "a");          // é is 2 bytes: not split
  EXPECT_EQ(TruncateUtf8("a\xC3\xA9z", 3), "a\xC3\xA9");
  EXPECT_EQ(TruncateUtf8("\xE2\x82\xAC\xE2\x82\xAC", 4), "\xE2\x82\xAC");  // €€
  EXPECT_EQ(TruncateUtf8("abc", 0), "");
}

TEST(RecordText, AppendNoteStopsAtLimit) {
  std::vector<std::string> notes;
  for (int i = 0; i < 4; ++i) AppendNote(notes, std::to_string(i), 3);
  EXPECT_EQ(notes, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(RecordText, CveIdForms) {
  EXPECT_TRUE(IsAsciiDigits("0123"));
  EXPECT_FALSE(IsAsciiDigits(""));
  EXPECT_FALSE(IsAsciiDigits("12a"));
  EXPECT_TRUE(IsCveId("CVE-2024-1234"));
  EXPECT_TRUE(IsCveId("CVE-2024-1234567"));
  EXPECT_FALSE(IsCveId("CVE-2024-123"));
  EXPECT_FALSE(IsCveId("CVE-46838"));
  EXPECT_FALSE(IsCveId("CVE-2026-291i67"));
  EXPECT_FALSE(IsCveId("CVE-2017-17434-1"));
  EXPECT_FALSE(IsCveId("cve-2024-1234"));
  EXPECT_FALSE(IsCveId("CVE_2019-2426"));
  EXPECT_FALSE(IsCveId(""));
  EXPECT_EQ(CveIdPrefixLength("CVE-2021-35940.patch"), 14u);
  EXPECT_EQ(CveIdPrefixLength("CVE-2017-17434-2"), 14u);
  EXPECT_EQ(CveIdPrefixLength("CVE-2017-17434x"), 0u);
  EXPECT_EQ(CveIdPrefixLength("CVE-20a7-17434"), 0u);
}

TEST(RecordText, NormalizeDateTimeUtc) {
  EXPECT_EQ(NormalizeDateTimeUtc("2015-08-06 22:08:00"), "2015-08-06T22:08:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2015-07-24 0:41:41"), "2015-07-24T00:41:41Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2020-01-1 10:00:00"), "2020-01-01T10:00:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc(" 2020-01-01T10:00:00Z "), "2020-01-01T10:00:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2020-01-01 10:00:00 UTC"), "2020-01-01T10:00:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-05-21 21:55:02 +0800"), "2019-05-21T13:55:02Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-01-01 01:00:00 +0200"), "2018-12-31T23:00:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-12-31 23:30:00 -0100"), "2020-01-01T00:30:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-12-31 23:30:00 +0000"), "2019-12-31T23:30:00Z");
  EXPECT_EQ(NormalizeDateTimeUtc("0001-01-01 00:30:00 +0100"), "");  // before year 1
  EXPECT_EQ(NormalizeDateTimeUtc("2019-13-01 00:00:00"), "");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-12-01"), "");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-12-01 00:00:00 CET"), "");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-12-01 00:00:00 +01:00"), "");
  EXPECT_EQ(NormalizeDateTimeUtc("99999999999-12-01 00:00:00"), "");
  EXPECT_EQ(NormalizeDateTimeUtc("2019-12-001 00:00:00"), "");
}

TEST(RecordText, AssumeUtc) {
  EXPECT_EQ(AssumeUtc("2024-11-20T23:47:27.027"), "2024-11-20T23:47:27.027Z");
  EXPECT_EQ(AssumeUtc("2024-11-20T23:47:27Z"), "2024-11-20T23:47:27Z");
  EXPECT_EQ(AssumeUtc("2024-01-01T00:00:00+02:00"), "2024-01-01T00:00:00+02:00");
  EXPECT_EQ(AssumeUtc("2024-01-01T00:00:00-05:00"), "2024-01-01T00:00:00-05:00");
  EXPECT_EQ(AssumeUtc(""), "");
}

}  // namespace
}  // namespace hullscan::feed
