#include "feed/nvd/nvd_importer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

std::string TestData(const std::string& name) { return FeedTestData("nvd", name); }

TEST(NvdImporterTest, ShippedModifiedFile) {
  Imported im;
  if (!ImportShared(*NewNvdImporter(), "feeds/nvd/vulnz-cache/nvdcve-modified.json.gz", im)) return;
  EXPECT_EQ(im.meta.records, 1530u);
  EXPECT_EQ(im.meta.as_of, "2024-12-06T11:15:08.783Z");
  uint64_t rejected = 0, no_severity = 0;
  for (const auto& a : im.sink.advisories) {
    rejected += !a.withdrawn.empty();
    no_severity += a.severity.empty();
    EXPECT_TRUE(a.affected.empty());
  }
  EXPECT_EQ(rejected, 9u);
  EXPECT_EQ(no_severity, 100u);

  const model::Advisory* a = im.Find("CVE-2020-11063");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->published, "2020-05-13T23:15:11.047Z");
  EXPECT_EQ(a->modified, "2024-12-03T20:15:13.003Z");
  EXPECT_EQ(a->summary.substr(0, 40), "In TYPO3 CMS versions 10.4.0 and 10.4.1,");
  EXPECT_EQ(a->severity, (std::vector<model::SeverityScore>{
                             {"CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", 3.7, "LOW", "nvd"},
                             {"CVSS_V2", "AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3, "MEDIUM", "nvd"}}));
  EXPECT_EQ(a->references.size(), 3u);

  const model::Advisory* r = im.Find("CVE-2021-0937");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->withdrawn, "2024-12-05T22:15:19.270Z");
  EXPECT_EQ(r->summary.substr(0, 16), "Rejected reason:");

  const model::Advisory* v4 = im.Find("CVE-2018-9416");
  ASSERT_NE(v4, nullptr);
  ASSERT_FALSE(v4->severity.empty());
  EXPECT_EQ(v4->severity[0].type, "CVSS_V4");
  EXPECT_DOUBLE_EQ(v4->severity[0].score, 10.0);
  EXPECT_EQ(v4->severity[0].label, "CRITICAL");
}

TEST(NvdImporterTest, HostileDocuments) {
  struct Case {
    const char* file;
    const char* message;
  };
  for (const Case& c : {
           Case{"score_string.json",
                "nvd score_string.json: vulnerabilities[0] (CVE-2024-1).metrics.cvssMetricV31.cvssData.baseScore: not a number"},
           Case{"descriptions_object.json",
                "nvd descriptions_object.json: vulnerabilities[0] (CVE-2024-2).descriptions: not an array"},
           Case{"no_cve.json", "nvd no_cve.json: vulnerabilities[0].cve: missing or not an object"},
       }) {
    store::RecordingAdvisorySink sink;
    FeedMeta meta;
    auto st = NewNvdImporter()->Import(TestData(c.file), sink, meta);
    ASSERT_FALSE(st) << c.file;
    EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
    EXPECT_EQ(st.error().message(), c.message);
  }
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  ASSERT_TRUE(NewNvdImporter()->Import(TestData("empty.json"), sink, meta));
  EXPECT_EQ(meta.as_of, "2024-01-01T00:00:00+02:00");  // a zone is kept
  EXPECT_EQ(meta.records, 0u);
  EXPECT_FALSE(ParseNvdDocument("{\"format\": \"OTHER\", \"vulnerabilities\": []}", "nvd x", sink, meta));
  EXPECT_FALSE(ParseNvdDocument(std::string(100000, '['), "nvd x", sink, meta));
}

TEST(NvdImporterTest, Detect) {
  auto imp = NewNvdImporter();
  EXPECT_TRUE(imp->Detect(FeedHead{"n", false, "nvdcve-modified.json", "{\"resultsPerPage\":1,\"format\":\"NVD_CVE\""}));
  EXPECT_FALSE(imp->Detect(FeedHead{"n", false, "x.json", "{\"id\": \"GO-1\"}"}));
}

}  // namespace
}  // namespace hullscan::feed
