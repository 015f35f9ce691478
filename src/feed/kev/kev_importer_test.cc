#include "feed/kev/kev_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

std::string TestData(const std::string& name) { return FeedTestData("kev", name); }

TEST(KevImporterTest, ShippedCatalogue2026) {
  Imported im;
  if (!ImportShared(*NewKevImporter(), "feeds/kev/known_exploited_vulnerabilities.json", im)) return;
  EXPECT_EQ(im.meta.records, 1662u);
  EXPECT_EQ(im.sink.kev.size(), 1662u);
  EXPECT_EQ(im.meta.skipped, 0u);
  EXPECT_EQ(im.meta.as_of, "2026-08-07T16:45:47.0648Z");
  EXPECT_EQ(std::count_if(im.sink.kev.begin(), im.sink.kev.end(), [](const auto& e) { return e.known_ransomware; }), 338);
  std::set<std::string> ids;
  std::string first_added = "9999", last_added;
  for (const auto& e : im.sink.kev) {
    ids.insert(e.cve);
    first_added = std::min(first_added, e.date_added);
    last_added = std::max(last_added, e.date_added);
  }
  EXPECT_EQ(ids.size(), 1662u);
  EXPECT_EQ(first_added, "2021-11-03");
  EXPECT_EQ(last_added, "2026-08-07");
  EXPECT_EQ(im.sink.kev.front().cve, "CVE-2026-8037");
  EXPECT_EQ(im.sink.kev.front().vendor, "Progress");
  EXPECT_EQ(im.sink.kev.front().product, "LoadMaster");
  EXPECT_EQ(im.sink.kev.back(), (model::KevEntry{"CVE-2020-29583", "2021-11-03", "2022-05-03", "Zyxel", "Multiple Products",
                                              "Zyxel Multiple Products Use of Hard-Coded Credentials Vulnerability", false}));
}

TEST(KevImporterTest, ShippedCisagovCatalogue2025) {
  Imported im;
  if (!ImportShared(*NewKevImporter(), "feeds/kev/cisagov-kev-data/known_exploited_vulnerabilities.json", im)) return;
  EXPECT_EQ(im.meta.records, 1404u);
  EXPECT_EQ(im.meta.as_of, "2025-08-25T17:04:19.9796Z");
  EXPECT_EQ(im.sink.kev.front().cve, "CVE-2025-48384");
  EXPECT_EQ(std::count_if(im.sink.kev.begin(), im.sink.kev.end(), [](const auto& e) { return e.known_ransomware; }), 293);
}

TEST(KevImporterTest, SkipsMalformedIdsAndRejectsWrongTypes) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewKevImporter()->Import(TestData("odd.json"), sink, meta);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(meta.records, 1u);
  EXPECT_EQ(meta.skipped, 2u);
  EXPECT_TRUE(sink.kev[0].known_ransomware);
  ASSERT_EQ(meta.notes.size(), 2u);
  EXPECT_EQ(meta.notes[0], "kev odd.json: vulnerabilities[1]: cveID 'CVE_2019-2426' is not a CVE id");

  auto bad = NewKevImporter()->Import(TestData("bad_type.json"), sink, meta);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(bad.error().message(),
            "kev bad_type.json: vulnerabilities[0] (CVE-2024-12345): field 'dateAdded' is not a string");
  auto na = NewKevImporter()->Import(TestData("not_array.json"), sink, meta);
  ASSERT_FALSE(na);
  EXPECT_NE(na.error().message().find("'vulnerabilities' missing or not an array"), std::string::npos);
  FeedMeta m2;
  auto trunc = ParseKevDocument("{\"vulnerabilities\": [", "kev x", sink, m2);
  ASSERT_FALSE(trunc);
  EXPECT_EQ(trunc.error().code(), ErrorCode::kCorrupt);
}

TEST(KevImporterTest, Detect) {
  auto imp = NewKevImporter();
  EXPECT_TRUE(imp->Detect(FeedHead{"k", false, "k.json", "{\n \"title\": \"x\",\n \"catalogVersion\": \"1\",\n \"vulnerabilities\": ["}));
  EXPECT_FALSE(imp->Detect(FeedHead{"k", false, "x.json", "{\"id\": \"GO-1\"}"}));
}

}  // namespace
}  // namespace hullscan::feed
