#include "feed/epss/epss_importer.h"

#include <gtest/gtest.h>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

std::string TestData(const std::string& name) { return FeedTestData("epss", name); }

TEST(EpssImporterTest, ShippedDailyFile) {
  Imported im;
  if (!ImportShared(*NewEpssImporter(), "feeds/epss/epss_scores-2026-01-30.csv.gz", im)) return;
  EXPECT_EQ(im.meta.records, 313089u);
  EXPECT_EQ(im.sink.epss.size(), 313089u);
  EXPECT_EQ(im.meta.skipped, 0u);
  EXPECT_EQ(im.meta.as_of, "2026-01-30T12:55:00Z");
  EXPECT_EQ(im.sink.epss.front(), (model::EpssScore{"CVE-1999-0001", 0.01151, 0.78086}));
  EXPECT_EQ(im.sink.epss.back(), (model::EpssScore{"CVE-2026-25211", 4e-05, 0.00142}));
  bool found = false;
  for (const auto& e : im.sink.epss) {
    if (e.cve == "CVE-1999-1170") {
      EXPECT_EQ(e, (model::EpssScore{"CVE-1999-1170", 2e-05, 0.00039}));  // scientific notation
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(EpssImporterTest, SmallFileQuirks) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewEpssImporter()->Import(TestData("small.csv"), sink, meta);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(meta.as_of, "2024-01-02T00:00:00Z");
  EXPECT_EQ(meta.records, 2u);
  EXPECT_EQ(meta.skipped, 1u);  // CVE-46838
  EXPECT_EQ(sink.epss[0], (model::EpssScore{"CVE-2024-0001", 1e-05, 0.5}));  // CRLF line
  EXPECT_EQ(sink.epss[1], (model::EpssScore{"CVE-2024-0002", 1.0, 1.0}));
}

TEST(EpssImporterTest, HostileRows) {
  struct Case {
    const char* file;
    const char* message;
  };
  for (const Case& c : {
           Case{"out_of_range.csv", "epss out_of_range.csv: line 2: epss is not a number in [0, 1]"},
           Case{"two_fields.csv", "epss two_fields.csv: line 2: expected 3 fields"},
           Case{"hex.csv", "epss hex.csv: line 2: epss is not a number in [0, 1]"},
           Case{"nan.csv", "epss nan.csv: line 2: epss is not a number in [0, 1]"},
           Case{"bad_header.csv", "epss bad_header.csv: line 1: expected header 'cve,epss,percentile'"},
       }) {
    store::RecordingAdvisorySink sink;
    FeedMeta meta;
    auto st = NewEpssImporter()->Import(TestData(c.file), sink, meta);
    ASSERT_FALSE(st) << c.file;
    EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
    EXPECT_EQ(st.error().message(), c.message);
  }
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  EpssParser p("epss x", sink, meta);
  ASSERT_TRUE(p.Line("#model_version:v1", 1));
  EXPECT_FALSE(p.Finish());  // no header at all
}

TEST(EpssImporterTest, Detect) {
  auto imp = NewEpssImporter();
  EXPECT_TRUE(imp->Detect(FeedHead{"e", false, "epss.csv", "#model_version:v2025.03.14,score_date:x\ncve,epss"}));
  EXPECT_TRUE(imp->Detect(FeedHead{"e", false, "epss.csv", "cve,epss,percentile\n"}));
  EXPECT_FALSE(imp->Detect(FeedHead{"e", false, "x.csv", "cveID,vendorProject\n"}));
}

}  // namespace
}  // namespace hullscan::feed
