#include "extract/common/stanza_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace hullscan::extract::common {
namespace {

struct Read {
  std::vector<Stanza> stanzas;
  std::vector<std::string> warnings;  // messages, in order
  std::vector<bool> truncated;
};

Read ReadAllStanzas(std::string_view text, StanzaLimits limits = {}) {
  Read r;
  StanzaReader reader(text, limits);
  while (reader.Next()) {
    r.stanzas.push_back(reader.stanza());
    r.truncated.push_back(reader.truncated());
    for (const Error& e : reader.warnings()) r.warnings.push_back(e.message());
  }
  return r;
}

TEST(StanzaReaderTest, FieldsValuesAndLineNumbers) {
  Read r = ReadAllStanzas("Package: acl\nVersion:  2.3.1-3 \nArchitecture:amd64\n\nPackage: b\nVersion: 1\n");
  ASSERT_EQ(r.stanzas.size(), 2u);
  EXPECT_TRUE(r.warnings.empty());
  const Stanza& s = r.stanzas[0];
  EXPECT_EQ(s.first_line, 1u);
  ASSERT_EQ(s.fields.size(), 3u);
  EXPECT_EQ(s.fields[0].name, "Package");
  EXPECT_EQ(s.fields[0].value, "acl");
  EXPECT_EQ(s.fields[1].value, "2.3.1-3");
  EXPECT_EQ(s.fields[1].line, 2u);
  EXPECT_EQ(s.fields[2].value, "amd64");
  EXPECT_EQ(r.stanzas[1].first_line, 5u);
  EXPECT_EQ(r.stanzas[1].Find("Version")->line, 6u);
}

TEST(StanzaReaderTest, FindIsCaseInsensitive) {
  Read r = ReadAllStanzas("package: x\nVERSION: 1\n");
  ASSERT_EQ(r.stanzas.size(), 1u);
  ASSERT_NE(r.stanzas[0].Find("Package"), nullptr);
  EXPECT_EQ(r.stanzas[0].Find("Package")->value, "x");
  EXPECT_EQ(r.stanzas[0].Find("version")->value, "1");
  EXPECT_EQ(r.stanzas[0].Find("Source"), nullptr);
}

TEST(StanzaReaderTest, ContinuationLinesKeepTheirIndent) {
  Read r = ReadAllStanzas("Description: short\n long line one\n .\n\tTabbed  \nConffiles:\n /etc/a 123\nX: y\n");
  ASSERT_EQ(r.stanzas.size(), 1u);
  const Stanza& s = r.stanzas[0];
  EXPECT_EQ(s.Find("Description")->value, "short\n long line one\n .\n\tTabbed");
  EXPECT_TRUE(s.Find("Description")->multiline());
  EXPECT_EQ(s.Find("Conffiles")->value, "\n /etc/a 123");
  EXPECT_EQ(s.Find("X")->value, "y");
  EXPECT_FALSE(s.Find("X")->multiline());
}

TEST(StanzaReaderTest, CrlfBlankRunsAndMissingFinalNewline) {
  Read r = ReadAllStanzas("\r\n\r\nPackage: a\r\nVersion: 1\r\n\r\n \t \r\n\r\nPackage: b\r\nVersion: 2");
  ASSERT_EQ(r.stanzas.size(), 2u);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.stanzas[0].first_line, 3u);
  EXPECT_EQ(r.stanzas[0].Find("Version")->value, "1");
  EXPECT_EQ(r.stanzas[1].first_line, 8u);
  EXPECT_EQ(r.stanzas[1].Find("Version")->value, "2");
}

TEST(StanzaReaderTest, EmptyAndBlankInputsHaveNoStanza) {
  for (std::string_view text : {"", "\n", "\n\n\n", "  \n\t\n", "\r\n"}) {
    Read r = ReadAllStanzas(text);
    EXPECT_TRUE(r.stanzas.empty()) << "input: '" << text << "'";
    EXPECT_TRUE(r.warnings.empty());
  }
}

TEST(StanzaReaderTest, MalformedLinesAreWarnedWithTheirLine) {
  Read r = ReadAllStanzas("Package: a\nthis is no field\n continued junk\nVersion: 1\n: empty name\n#c: x\n-x: y\n");
  ASSERT_EQ(r.stanzas.size(), 1u);
  const Stanza& s = r.stanzas[0];
  ASSERT_EQ(s.fields.size(), 2u);
  EXPECT_EQ(s.Find("Version")->value, "1");
  // The continuation of a bad line goes with it: not attached to the field before, and not
  // warned about twice.
  EXPECT_EQ(s.Find("Package")->value, "a");
  ASSERT_EQ(r.warnings.size(), 4u);
  EXPECT_EQ(r.warnings[0], "line 2: not a 'Field: value' line: 'this is no field'");
  EXPECT_EQ(r.warnings[1], "line 5: not a 'Field: value' line: ': empty name'");
  EXPECT_EQ(r.warnings[2], "line 6: not a 'Field: value' line: '#c: x'");
  EXPECT_EQ(r.warnings[3], "line 7: not a 'Field: value' line: '-x: y'");
}

TEST(StanzaReaderTest, ContinuationAtStanzaStart) {
  Read r = ReadAllStanzas("\n continued\nPackage: a\n");
  ASSERT_EQ(r.stanzas.size(), 1u);
  EXPECT_EQ(r.stanzas[0].first_line, 2u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "line 2: continuation line without a field: ' continued'");
  EXPECT_EQ(r.stanzas[0].Find("Package")->value, "a");
}

TEST(StanzaReaderTest, DuplicateFieldKeepsTheFirst) {
  Read r = ReadAllStanzas("Version: 1\nversion: 2\n more\nPackage: p\n");
  ASSERT_EQ(r.stanzas.size(), 1u);
  EXPECT_EQ(r.stanzas[0].fields.size(), 2u);
  EXPECT_EQ(r.stanzas[0].Find("Version")->value, "1");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "line 2: duplicate field 'version' ignored");
}

TEST(StanzaReaderTest, ControlBytesAreNotCopiedIntoMessages) {
  Read r = ReadAllStanzas(std::string("bad\x01line\n", 9));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "line 1: not a 'Field: value' line: 'bad?line'");
}

TEST(StanzaReaderTest, TooManyFieldsTruncatesOnlyThatStanza) {
  StanzaLimits limits;
  limits.max_fields = 3;
  Read r = ReadAllStanzas("A: 1\nB: 2\nC: 3\nD: 4\nE: 5\n\nPackage: ok\n", limits);
  ASSERT_EQ(r.stanzas.size(), 2u);
  EXPECT_TRUE(r.truncated[0]);
  EXPECT_TRUE(r.stanzas[0].fields.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "line 4: stanza starting at line 1 has more than 3 fields");
  EXPECT_FALSE(r.truncated[1]);
  EXPECT_EQ(r.stanzas[1].Find("Package")->value, "ok");
}

TEST(StanzaReaderTest, TooManyBytesTruncatesOnlyThatStanza) {
  StanzaLimits limits;
  limits.max_stanza_bytes = 32;
  std::string text = "Description: x\n" + std::string(40, 'y') + "\n more\n\nPackage: ok\n";
  text.replace(15, 1, " ");  // make the long line a continuation line
  Read r = ReadAllStanzas(text, limits);
  ASSERT_EQ(r.stanzas.size(), 2u);
  EXPECT_TRUE(r.truncated[0]);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "line 2: stanza starting at line 1 is larger than the limit of 32 bytes");
  EXPECT_EQ(r.stanzas[1].Find("Package")->value, "ok");
}

}  // namespace
}  // namespace hullscan::extract::common
