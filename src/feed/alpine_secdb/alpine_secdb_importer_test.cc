#include "feed/alpine_secdb/alpine_secdb_importer.h"

#include <map>

#include <gtest/gtest.h>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

using model::AffectedPackage;
using model::Advisory;
using model::FixState;

std::string TestData(const std::string& name) { return FeedTestData("alpine_secdb", name); }

const AffectedPackage* Find(const Advisory& a, const std::string& name) {
  for (const AffectedPackage& p : a.affected) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string FixedOf(const AffectedPackage& p) {
  if (p.ranges.size() != 1 || p.ranges[0].events.size() != 2) return "<bad ranges>";
  EXPECT_EQ(p.ranges[0].events[0].kind, model::RangeEvent::Kind::kIntroduced);
  EXPECT_EQ(p.ranges[0].events[0].version, "0");
  EXPECT_EQ(p.ranges[0].events[1].kind, model::RangeEvent::Kind::kFixed);
  return p.ranges[0].events[1].version;
}

TEST(ExtractSecfixIds, Forms) {
  SecfixIds a = ExtractSecfixIds("CVE-2016-6258 XSA-182");
  EXPECT_EQ(a.cves, std::vector<std::string>{"CVE-2016-6258"});
  EXPECT_EQ(a.others, std::vector<std::string>{"XSA-182"});
  SecfixIds b = ExtractSecfixIds("CVE-2018-8897  XSA-260");
  EXPECT_EQ(b.others, std::vector<std::string>{"XSA-260"});
  SecfixIds c = ExtractSecfixIds("CVE-2018-10103 (SMB - partially fixed, but SMB printing disabled)");
  EXPECT_EQ(c.cves, std::vector<std::string>{"CVE-2018-10103"});
  EXPECT_TRUE(c.others.empty());
  EXPECT_EQ(ExtractSecfixIds("CVE-2021-35940.patch").cves, std::vector<std::string>{"CVE-2021-35940"});
  EXPECT_EQ(ExtractSecfixIds("CVE-2017-17434-2").cves, std::vector<std::string>{"CVE-2017-17434"});
  EXPECT_EQ(ExtractSecfixIds("CVE_2019-2426").malformed, 1u);
  EXPECT_EQ(ExtractSecfixIds("CVE-46838").malformed, 1u);
  EXPECT_EQ(ExtractSecfixIds("CVE-2026-291i67").malformed, 1u);
  SecfixIds d = ExtractSecfixIds("CVE-\?\?\?\?-\?\?\?\?\? TS-2024-005");
  EXPECT_EQ(d.malformed, 1u);
  EXPECT_EQ(d.others, std::vector<std::string>{"TS-2024-005"});
  SecfixIds e = ExtractSecfixIds("CVE-2020-11501 GNUTLS-SA-2020-03-31 CVE-2020-11501");
  EXPECT_EQ(e.cves, std::vector<std::string>{"CVE-2020-11501"});
  EXPECT_EQ(e.others, std::vector<std::string>{"GNUTLS-SA-2020-03-31"});
  SecfixIds f = ExtractSecfixIds("CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI");
  EXPECT_EQ(f.cves.size(), 3u);
  EXPECT_EQ(f.others, std::vector<std::string>{"XSA-254"});
  EXPECT_EQ(ExtractSecfixIds("VSV00010").others, std::vector<std::string>{"VSV00010"});
}

TEST(AlpineSecdbImporter, EveryQuirk) {
  auto imp = NewAlpineSecdbImporter();
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  ASSERT_TRUE(imp->Import(TestData("quirks.json"), sink, meta));
  auto by = AdvisoriesById(sink);
  ASSERT_EQ(by.size(), 15u);
  EXPECT_EQ(meta.records, 15u);
  // 4 malformed CVE tokens + 3 entries without an id + 1 entry under an unparsable version.
  EXPECT_EQ(meta.skipped, 8u);
  EXPECT_EQ(meta.as_of, "");

  // Keys are not sorted as versions: the lowest under apk ordering wins; names lower-cased.
  const Advisory& a = by.at("CVE-2022-26498");
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].ecosystem, "Alpine:v3.20");
  EXPECT_EQ(a.affected[0].name, "asterisk");
  EXPECT_EQ(a.affected[0].state, FixState::kFixed);
  EXPECT_EQ(FixedOf(a.affected[0]), "18.2.1-r0");
  // "0": never vulnerable, even with free text after the id.
  const Advisory& na = by.at("CVE-2020-14342");
  ASSERT_EQ(na.affected.size(), 1u);
  EXPECT_EQ(na.affected[0].state, FixState::kNotAffected);
  EXPECT_TRUE(na.affected[0].ranges.empty());
  EXPECT_EQ(by.at("CVE-2023-45853").affected[0].state, FixState::kNotAffected);
  EXPECT_EQ(FixedOf(by.at("CVE-2022-37434").affected[0]), "1.2.12-r2");
  // Several ids in one entry: CVEs are advisories, the others their aliases.
  EXPECT_EQ(by.at("CVE-2018-5244").aliases, std::vector<std::string>{"XSA-253"});
  EXPECT_EQ(by.at("CVE-2018-3620").aliases, std::vector<std::string>{"XSA-273"});
  EXPECT_EQ(by.at("CVE-2017-5753").aliases, std::vector<std::string>{"XSA-254"});
  EXPECT_EQ(by.at("CVE-2017-5715").aliases, std::vector<std::string>{"XSA-254"});
  EXPECT_EQ(FixedOf(by.at("XSA-248").affected[0]), "4.10.0-r1");
  EXPECT_TRUE(by.at("ZBX-11023").aliases.empty());
  EXPECT_EQ(FixedOf(by.at("TS-2024-005").affected[0]), "4.11.0-r0");
  EXPECT_EQ(FixedOf(by.at("CVE-2017-17434").affected[0]), "4.11.0-r0");
  EXPECT_EQ(FixedOf(by.at("CVE-2021-35940").affected[0]), "4.11.0-r0");
  EXPECT_EQ(by.count("CVE-2024-0001"), 0u);  // only under an unparsable version
  // One advisory per id in the file, one package per package that lists it.
  const Advisory& two = by.at("CVE-2018-14468");
  ASSERT_EQ(two.affected.size(), 2u);
  EXPECT_EQ(FixedOf(*Find(two, "xen")), "4.12.0-r0");
  EXPECT_EQ(FixedOf(*Find(two, "tcpdump")), "4.9.3-r0");
}

TEST(AlpineSecdbImporter, DocumentStats) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  AlpineSecdbStats stats;
  std::string text = testing::ReadTestFile(TestData("quirks.json"));
  ASSERT_TRUE(ImportAlpineSecdbDocument(text, "quirks.json", sink, meta, &stats));
  EXPECT_EQ(stats.packages, 6u);
  EXPECT_EQ(stats.fixed_keys, 10u);
  EXPECT_EQ(stats.entries, 20u);
}

TEST(AlpineSecdbImporter, BadRecordNamesFileAndRecord) {
  auto imp = NewAlpineSecdbImporter();
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = imp->Import(TestData("bad_record.json"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message().find("bad_record.json: packages[1].pkg.secfixes['1.0-r0']: not a list"),
            std::string::npos)
      << st.error().message();
  EXPECT_TRUE(sink.advisories.empty());
  auto st2 = imp->Import(TestData("wrong_type.json"), sink, meta);
  ASSERT_FALSE(st2);
  EXPECT_NE(st2.error().message().find("packages[0].pkg: field 'name' is not a string"), std::string::npos)
      << st2.error().message();
}

TEST(AlpineSecdbImporter, HostileDocuments) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  EXPECT_FALSE(ImportAlpineSecdbDocument("{\"distroversion\": \"v3.20\", \"packages\": [", "x", sink, meta));
  EXPECT_FALSE(ImportAlpineSecdbDocument("[]", "x", sink, meta));
  EXPECT_FALSE(ImportAlpineSecdbDocument("{\"packages\": []}", "x", sink, meta));
  EXPECT_FALSE(ImportAlpineSecdbDocument("{\"distroversion\": \"v3 20\", \"packages\": []}", "x", sink, meta));
  EXPECT_FALSE(ImportAlpineSecdbDocument("{\"distroversion\": \"v3.20\", \"packages\": {}}", "x", sink, meta));
  std::string deep = "{\"distroversion\": \"v3.20\", \"packages\": " + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto st = ImportAlpineSecdbDocument(deep, "deep", sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kLimitExceeded);
  std::string huge = "{\"distroversion\": \"v3.20\", \"packages\": [{\"pkg\": {\"name\": \"" +
                     std::string(1 << 20, 'a') + "\", \"secfixes\": {}}}]}";
  EXPECT_FALSE(ImportAlpineSecdbDocument(huge, "huge", sink, meta));
  // Wolfi's security.json has no distroversion.
  ASSERT_TRUE(ImportAlpineSecdbDocument(
      "{\"urlprefix\": \"https://packages.wolfi.dev\", \"packages\": [{\"pkg\": {\"name\": \"curl\", "
      "\"secfixes\": {\"8.5.0-r0\": [\"CVE-2023-46218\"]}}}]}",
      "security.json", sink, meta));
  EXPECT_EQ(sink.advisories.back().affected[0].ecosystem, "Wolfi");
}

TEST(AlpineSecdbImporter, Detect) {
  auto imp = NewAlpineSecdbImporter();
  FeedHead head;
  head.head = testing::ReadTestFile(TestData("quirks.json"));
  EXPECT_TRUE(imp->Detect(head));
  head.head = "{\"id\": \"GHSA-xxxx\", \"affected\": []}";
  EXPECT_FALSE(imp->Detect(head));
}

// Counts from the shared feeds README, section 2 (packages / fixed-version keys / advisory ids).
struct ReleaseCase {
  const char* rel;
  uint64_t packages, keys, entries, advisories, skipped;
};

TEST(AlpineSecdbImporter, SharedReleaseCounts) {
  // edge/community: croc "10.0.11-0" (6 ids) and quickjs "2021-03-27-r5" (1 id) are not apk
  // versions (skipped), plus one placeholder CVE token.
  for (ReleaseCase c : {ReleaseCase{"v3.20/main.json", 255, 1165, 2576, 2495, 2},
                        ReleaseCase{"v3.12/main.json", 209, 815, 1807, 1769, 0},
                        ReleaseCase{"edge/community.json", 416, 1629, 5461, 4084, 8}}) {
    std::string path = testing::SharedPath(std::string("feeds/alpine/secdb-normalized/") + c.rel);
    HS_REQUIRE_PATH(path);
    store::RecordingAdvisorySink sink;
    FeedMeta meta;
    AlpineSecdbStats stats;
    ASSERT_TRUE(ImportAlpineSecdbDocument(testing::ReadTestFile(path), path, sink, meta, &stats)) << c.rel;
    EXPECT_EQ(stats.packages, c.packages) << c.rel;
    EXPECT_EQ(stats.fixed_keys, c.keys) << c.rel;
    EXPECT_EQ(stats.entries, c.entries) << c.rel;
    EXPECT_EQ(sink.advisories.size(), c.advisories) << c.rel;
    EXPECT_EQ(meta.records, c.advisories) << c.rel;
    EXPECT_EQ(meta.skipped, c.skipped) << c.rel;
  }
}

TEST(AlpineSecdbImporter, SharedV320MainRecords) {
  Imported im;
  if (!ImportShared(*NewAlpineSecdbImporter(), "feeds/alpine/secdb-normalized/v3.20/main.json", im)) return;
  auto by = im.ById();
  // asterisk lists 18.11.2-r0 and 18.15.1-r0 before 18.2.1-r0.
  const AffectedPackage* ast = Find(by.at("CVE-2021-26712"), "asterisk");
  ASSERT_NE(ast, nullptr);
  EXPECT_EQ(ast->ecosystem, "Alpine:v3.20");
  EXPECT_EQ(FixedOf(*ast), "18.2.1-r0");
  EXPECT_EQ(FixedOf(*Find(by.at("CVE-2022-37325"), "asterisk")), "18.15.1-r0");
  // zlib: "0" key.
  const AffectedPackage* z = Find(by.at("CVE-2023-45853"), "zlib");
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->state, FixState::kNotAffected);
  EXPECT_TRUE(z->ranges.empty());
  EXPECT_EQ(FixedOf(*Find(by.at("CVE-2018-25032"), "zlib")), "1.2.11-r4");
  // openssl CVE-2022-3602 (fixed with CVE-2022-3786 in 3.0.7-r0).
  EXPECT_EQ(FixedOf(*Find(by.at("CVE-2022-3602"), "openssl")), "3.0.7-r0");
  // xen: XSA-only entry, CVE+XSA entry, "0" with an alias.
  EXPECT_EQ(FixedOf(*Find(by.at("XSA-248"), "xen")), "4.10.0-r1");
  EXPECT_EQ(by.at("CVE-2018-5244").aliases, std::vector<std::string>{"XSA-253"});
  EXPECT_EQ(Find(by.at("CVE-2023-46840"), "xen")->state, FixState::kNotAffected);
  EXPECT_EQ(by.at("CVE-2023-46840").aliases, std::vector<std::string>{"XSA-450"});
}

}  // namespace
}  // namespace hullscan::feed
