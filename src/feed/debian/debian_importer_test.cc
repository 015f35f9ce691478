#include "feed/debian/debian_importer.h"

#include <map>

#include <gtest/gtest.h>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

using model::Advisory;
using model::AffectedPackage;
using model::FixState;
using model::RangeEvent;

std::string TestData(const std::string& name) { return FeedTestData("debian", name); }

const AffectedPackage* FindEco(const Advisory& a, const std::string& eco) {
  for (const AffectedPackage& p : a.affected) {
    if (p.ecosystem == eco) return &p;
  }
  return nullptr;
}

std::vector<RangeEvent> Fixed(const std::string& v) {
  return {{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, v}};
}
std::vector<RangeEvent> Open() { return {{RangeEvent::Kind::kIntroduced, "0"}}; }

TEST(DebianEcosystem, Codenames) {
  EXPECT_EQ(DebianEcosystem("bookworm"), "Debian:12");
  EXPECT_EQ(DebianEcosystem("woody"), "Debian:3.0");
  EXPECT_EQ(DebianEcosystem("hamm"), "Debian:2.0");
  EXPECT_EQ(DebianEcosystem("etch"), "Debian:4");
  EXPECT_EQ(DebianEcosystem("sid"), "Debian:unstable");
  EXPECT_EQ(DebianEcosystem("forky"), "Debian:14");
  EXPECT_EQ(DebianEcosystem("experimental"), std::nullopt);
}

TEST(DebianList, Quirks) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  ASSERT_TRUE(NewDebianDsaListImporter()->Import(TestData("quirks.list"), sink, meta));
  ASSERT_EQ(sink.advisories.size(), 3u);
  EXPECT_EQ(meta.records, 3u);
  EXPECT_EQ(meta.skipped, 2u);  // "abc:1.0" and the unknown release "bogus"
  EXPECT_EQ(meta.as_of, "2023-03-29");
  auto by = AdvisoriesById(sink);
  const Advisory& a = by.at("DSA-9999-1");
  EXPECT_EQ(a.summary, "security update");
  EXPECT_EQ(a.published, "2023-03-29");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2023-0001", "CVE-2023-1393"}));
  ASSERT_EQ(a.affected.size(), 2u);
  EXPECT_EQ(a.affected[0].ecosystem, "Debian:11");
  EXPECT_EQ(a.affected[0].name, "xorg-server");
  EXPECT_EQ(a.affected[0].state, FixState::kFixed);
  EXPECT_EQ(a.affected[0].ranges[0].events, Fixed("2:1.20.11-1+deb11u6"));
  EXPECT_EQ(a.affected[1].ecosystem, "Debian:10");
  EXPECT_EQ(a.affected[1].ranges[0].events, Fixed("2:1.20.4-1+deb10u9"));  // double space, remark
  const Advisory& b = by.at("DSA-9998-1");
  EXPECT_EQ(b.summary, "several vulnerabilities");
  EXPECT_EQ(b.published, "2005-01-02");
  EXPECT_EQ(b.aliases, std::vector<std::string>{"CVE-2004-0001"});  // CVE line after the releases
  ASSERT_EQ(b.affected.size(), 3u);
  EXPECT_EQ(b.affected[0].ecosystem, "Debian:5");
  EXPECT_EQ(b.affected[0].state, FixState::kNotAffected);
  EXPECT_TRUE(b.affected[0].ranges.empty());
  EXPECT_EQ(b.affected[0].note, "Vulnerable code not present");
  EXPECT_EQ(b.affected[1].state, FixState::kWillNotFix);
  EXPECT_EQ(b.affected[1].note, "end-of-life");
  EXPECT_EQ(b.affected[1].ranges[0].events, Open());
  EXPECT_EQ(b.affected[2].ecosystem, "Debian:3.0");
  EXPECT_EQ(b.affected[2].state, FixState::kAffected);
  EXPECT_EQ(b.affected[2].note, "high");
  EXPECT_EQ(b.affected[2].ranges[0].events, Open());
  const Advisory& c = by.at("DSA-9997-1");
  EXPECT_EQ(c.summary, "jessie end-of-life");
  EXPECT_TRUE(c.affected.empty());
}

TEST(DebianList, BadLineNamesFileAndLine) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewDebianDsaListImporter()->Import(TestData("bad.list"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message().find("bad.list: line 3: line is neither an entry header nor indented"),
            std::string::npos)
      << st.error().message();
}

TEST(DebianList, Hostile) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  EXPECT_FALSE(ImportDebianListText("\t[bullseye] - a 1.0\n", "x", sink, meta));      // before a header
  EXPECT_FALSE(ImportDebianListText("[32 Mar 2023] DSA-1-1 a - b\n", "x", sink, meta));  // bad day
  EXPECT_FALSE(ImportDebianListText("[01 Foo 2023] DSA-1-1 a - b\n", "x", sink, meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023] dsa a - b\n", "x", sink, meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023] DSA-1-1 a - b\n\t{CVE-1\n", "x", sink, meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023] DSA-1-1 a - b\n\t[bullseye - a 1\n", "x", sink, meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023] DSA-1-1 a - b\n\t[bullseye] - a\n", "x", sink, meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023] DSA-1-1 a - b\n\t[bullseye] - a <unfixed\n", "x", sink, meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023] DSA-1-1 a - b\n\t{" + std::string(100, 'C') + "}\n", "x", sink,
                                    meta));
  EXPECT_FALSE(ImportDebianListText("[01 Mar 2023\n", "x", sink, meta));
  EXPECT_TRUE(ImportDebianListText("", "x", sink, meta));
}

TEST(DebianList, Detect) {
  FeedHead head;
  head.path = "/tmp/renamed.txt";
  head.first_name = "renamed.txt";
  head.head = "[29 Mar 2023] DSA-5380-1 xorg-server - security update\n\t{CVE-2023-1393}\n";
  EXPECT_TRUE(NewDebianDsaListImporter()->Detect(head));
  EXPECT_FALSE(NewDebianDlaListImporter()->Detect(head));
  head.head = "[01 Apr 2023] DLA-3380-1 firmware-nonfree - security update\n";
  EXPECT_TRUE(NewDebianDlaListImporter()->Detect(head));
  EXPECT_FALSE(NewDebianDsaListImporter()->Detect(head));
  head.head = "{\"id\": \"DSA-1\"}";
  EXPECT_FALSE(NewDebianDsaListImporter()->Detect(head));
  EXPECT_FALSE(NewDebianTrackerJsonImporter()->Detect(head));
}

TEST(DebianList, SharedDsaList) {
  Imported im;
  if (!ImportShared(*NewDebianDsaListImporter(), "feeds/debian/security-tracker-data/DSA/list", im)) return;
  EXPECT_EQ(im.sink.advisories.size(), 5406u);
  EXPECT_EQ(im.meta.records, 5406u);
  EXPECT_EQ(im.meta.as_of, "2023-03-29");
  std::map<FixState, uint64_t> states;
  for (const Advisory& a : im.sink.advisories) {
    for (const AffectedPackage& p : a.affected) ++states[p.state];
  }
  // README section 4 counts tab-indented release lines only (52 / 4 / 2); three <not-affected>
  // and one <unfixed> line are indented with 8 spaces, which the importer reads too.
  EXPECT_EQ(states[FixState::kNotAffected], 55u);
  EXPECT_EQ(states[FixState::kWillNotFix], 4u);
  EXPECT_EQ(states[FixState::kAffected], 3u);
  auto by = im.ById();
  const Advisory& x = by.at("DSA-5380-1");
  EXPECT_EQ(x.summary, "security update");
  EXPECT_EQ(x.published, "2023-03-29");
  EXPECT_EQ(x.aliases, std::vector<std::string>{"CVE-2023-1393"});
  ASSERT_EQ(x.affected.size(), 1u);
  EXPECT_EQ(x.affected[0].ecosystem, "Debian:11");
  EXPECT_EQ(x.affected[0].name, "xorg-server");
  EXPECT_EQ(x.affected[0].state, FixState::kFixed);
  EXPECT_EQ(x.affected[0].ranges[0].events, Fixed("2:1.20.11-1+deb11u6"));
  // Entry without CVEs.
  EXPECT_TRUE(by.at("DSA-5356-2").aliases.empty());
  EXPECT_EQ(by.at("DSA-5356-2").summary, "regression update");
  EXPECT_EQ(im.meta.skipped, 0u);
  // A tag with a reason.
  const Advisory& oo = by.at("DSA-2275-1");
  ASSERT_EQ(oo.affected.size(), 2u);
  EXPECT_EQ(FindEco(oo, "Debian:6")->ranges[0].events, Fixed("1:3.2.1-11+squeeze3"));
  EXPECT_EQ(FindEco(oo, "Debian:5")->state, FixState::kNotAffected);
  EXPECT_EQ(FindEco(oo, "Debian:5")->note, "Vulnerable code not present");
}

TEST(DebianList, SharedDlaList) {
  Imported im;
  if (!ImportShared(*NewDebianDlaListImporter(), "feeds/debian/security-tracker-data/DLA/list", im)) return;
  EXPECT_EQ(im.sink.advisories.size(), 3534u);
  EXPECT_EQ(im.meta.as_of, "2023-04-01");
  EXPECT_EQ(im.meta.skipped, 0u);
  auto by = im.ById();
  const Advisory& f = by.at("DLA-3380-1");
  EXPECT_EQ(f.published, "2023-04-01");
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"CVE-2020-12362", "CVE-2020-12363", "CVE-2020-12364",
                                                 "CVE-2020-24586", "CVE-2020-24587", "CVE-2020-24588",
                                                 "CVE-2021-23168", "CVE-2021-23223", "CVE-2021-37409",
                                                 "CVE-2021-44545", "CVE-2022-21181"}));
  ASSERT_EQ(f.affected.size(), 1u);
  EXPECT_EQ(f.affected[0].ecosystem, "Debian:10");
  EXPECT_EQ(f.affected[0].name, "firmware-nonfree");
  EXPECT_EQ(f.affected[0].ranges[0].events, Fixed("20190114+really20220913-0+deb10u1"));
}

TEST(DebianTrackerJson, EveryCase) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto imp = NewDebianTrackerJsonImporter();
  auto head = ReadFeedHead(TestData("tracker.json"));
  ASSERT_TRUE(head);
  EXPECT_TRUE(imp->Detect(*head));
  EXPECT_FALSE(NewDebianDsaListImporter()->Detect(*head));
  ASSERT_TRUE(imp->Import(TestData("tracker.json"), sink, meta));
  ASSERT_EQ(sink.advisories.size(), 4u);
  EXPECT_EQ(meta.records, 4u);
  // experimental (unknown release), an unparsable fixed_version, resolved without a version,
  // and the unknown status "withdrawn".
  EXPECT_EQ(meta.skipped, 4u);
  EXPECT_EQ(meta.as_of, "");
  auto by = AdvisoriesById(sink);

  const Advisory& o = by.at("CVE-2023-0286");
  EXPECT_EQ(o.summary, "There is a type confusion vulnerability relating to X.400 address processing");
  EXPECT_EQ(o.details,
            "There is a type confusion vulnerability relating to X.400 address processing\ninside an X.509 "
            "GeneralName.");
  EXPECT_EQ(o.references, (std::vector<std::string>{"https://security-tracker.debian.org/tracker/CVE-2023-0286",
                                                    "https://bugs.debian.org/1031153"}));
  ASSERT_EQ(o.severity.size(), 1u);
  EXPECT_EQ(o.severity[0], (model::SeverityScore{"", "", -1, "HIGH", "debian"}));
  ASSERT_EQ(o.affected.size(), 4u);
  EXPECT_EQ(FindEco(o, "Debian:12")->ranges[0].events, Fixed("3.0.8-1"));
  EXPECT_EQ(FindEco(o, "Debian:12")->name, "openssl");
  EXPECT_EQ(FindEco(o, "Debian:11")->ranges[0].events, Fixed("1.1.1n-0+deb11u4"));
  EXPECT_EQ(FindEco(o, "Debian:10")->state, FixState::kWillNotFix);
  EXPECT_EQ(FindEco(o, "Debian:10")->note, "end-of-life");
  EXPECT_EQ(FindEco(o, "Debian:unstable")->state, FixState::kFixed);

  const Advisory& na = by.at("CVE-2022-2068");
  ASSERT_EQ(na.affected.size(), 1u);
  EXPECT_EQ(na.affected[0].state, FixState::kNotAffected);
  EXPECT_TRUE(na.affected[0].ranges.empty());
  EXPECT_EQ(na.severity[0].label, "LOW");  // unimportant

  const Advisory& z = by.at("CVE-2023-45853");
  ASSERT_EQ(z.affected.size(), 2u);
  EXPECT_EQ(FindEco(z, "Debian:12")->state, FixState::kWillNotFix);
  EXPECT_EQ(FindEco(z, "Debian:12")->note, "contrib/minizip not built");
  EXPECT_EQ(FindEco(z, "Debian:13")->state, FixState::kAffected);
  EXPECT_EQ(FindEco(z, "Debian:13")->note, "postponed: Minor issue");
  EXPECT_EQ(FindEco(z, "Debian:13")->ranges[0].events, Open());
  EXPECT_EQ(z.severity[0].label, "LOW");

  const Advisory& t = by.at("TEMP-0000000-8C3A2F");
  ASSERT_EQ(t.affected.size(), 1u);
  EXPECT_EQ(t.affected[0].ecosystem, "Debian:14");
  EXPECT_EQ(t.affected[0].state, FixState::kAffected);
  EXPECT_EQ(t.affected[0].note, "undetermined");
  EXPECT_EQ(t.severity[0].label, "MEDIUM");  // "medium**"
}

TEST(DebianTrackerJson, BadRecordNamesFileAndRecord) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewDebianTrackerJsonImporter()->Import(TestData("bad_tracker.json"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message().find("bad_tracker.json: b: CVE-2020-0002: releases.bookworm: field 'status' is "
                                      "missing or not a string"),
            std::string::npos)
      << st.error().message();
  EXPECT_EQ(sink.advisories.size(), 1u);  // what came before the bad record; the caller rolls back
}

TEST(DebianTrackerJson, Hostile) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  EXPECT_FALSE(ImportDebianTrackerJsonText("[]", "x", sink, meta));
  EXPECT_FALSE(ImportDebianTrackerJsonText("{\"a\": 1}", "x", sink, meta));
  EXPECT_FALSE(ImportDebianTrackerJsonText("{\"a\": {\"CVE-1\": []}}", "x", sink, meta));
  EXPECT_FALSE(ImportDebianTrackerJsonText("{\"a\": {\"CVE-1\": {\"releases\": []}}}", "x", sink, meta));
  EXPECT_FALSE(ImportDebianTrackerJsonText("{\"a\": {\"CVE-1\": {\"description\": 5, \"releases\": {}}}}", "x",
                                           sink, meta));
  EXPECT_FALSE(ImportDebianTrackerJsonText(
      "{\"a\": {\"CVE-1\": {\"debianbug\": \"x\", \"releases\": {}}}}", "x", sink, meta));
  EXPECT_FALSE(ImportDebianTrackerJsonText("{\"a\": {\"CVE-1\": {\"releases\": {}}}", "x", sink, meta));
  auto deep = ImportDebianTrackerJsonText("{\"a\": " + std::string(200000, '[') + std::string(200000, ']') + "}",
                                          "deep", sink, meta);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::kLimitExceeded);
  EXPECT_FALSE(ImportDebianTrackerJsonText("{\"" + std::string(1000, 'p') + "\": {}}", "x", sink, meta));
  EXPECT_TRUE(ImportDebianTrackerJsonText("{}", "x", sink, meta));
}

}  // namespace
}  // namespace hullscan::feed
