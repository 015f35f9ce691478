#include "feed/common/cvss.h"

#include <gtest/gtest.h>

#include <string>

#include "base/json.h"
#include "feed/common/feed_files.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

double Score(std::string_view v) {
  auto r = ScoreCvss(v);
  EXPECT_TRUE(r) << v << ": " << (r ? "" : r.error().message());
  return r ? r->score : -100;
}

TEST(CvssTest, V31KnownScores) {
  EXPECT_DOUBLE_EQ(Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 9.8);
  EXPECT_DOUBLE_EQ(Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 10.0);
  EXPECT_DOUBLE_EQ(Score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"), 5.5);
  EXPECT_DOUBLE_EQ(Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), 6.1);
  EXPECT_DOUBLE_EQ(Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"), 0.0);
  // Temporal and environmental metrics are validated but do not change the base score.
  EXPECT_DOUBLE_EQ(Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:L/MAV:P"), 9.8);
  auto r = ScoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->version, CvssVersion::kV31);
  EXPECT_EQ(r->label, "CRITICAL");
  EXPECT_EQ(ScoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")->label, "NONE");
}

TEST(CvssTest, V30UsesPlainCeiling) {
  EXPECT_DOUBLE_EQ(Score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 9.8);
  EXPECT_DOUBLE_EQ(Score("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"), 3.1);
  EXPECT_EQ(ScoreCvss("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N")->version, CvssVersion::kV30);
}

TEST(CvssTest, V2KnownScores) {
  EXPECT_DOUBLE_EQ(Score("AV:N/AC:L/Au:N/C:P/I:P/A:P"), 7.5);
  EXPECT_DOUBLE_EQ(Score("AV:N/AC:M/Au:N/C:N/I:N/A:P"), 4.3);
  EXPECT_DOUBLE_EQ(Score("AV:N/AC:L/Au:N/C:C/I:C/A:C"), 10.0);
  EXPECT_DOUBLE_EQ(Score("AV:L/AC:L/Au:N/C:P/I:N/A:N"), 2.1);
  EXPECT_DOUBLE_EQ(Score("AV:N/AC:L/Au:N/C:N/I:N/A:N"), 0.0);
  EXPECT_EQ(ScoreCvss("AV:N/AC:L/Au:N/C:C/I:C/A:C")->label, "HIGH");  // v2 has no CRITICAL
  EXPECT_DOUBLE_EQ(Score("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C/CDP:N/TD:ND/CR:ND/IR:ND/AR:ND"), 7.5);
}

TEST(CvssTest, V4KnownScores) {
  EXPECT_DOUBLE_EQ(Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"), 10.0);
  EXPECT_DOUBLE_EQ(Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), 9.3);
  EXPECT_DOUBLE_EQ(Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N"), 6.9);
  EXPECT_DOUBLE_EQ(Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N"), 0.0);
  // Julia spells out every optional metric as X (README section 1).
  EXPECT_DOUBLE_EQ(Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:X/CR:X/IR:X/AR:X/"
                         "MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X"),
                   10.0);
  EXPECT_TRUE(ScoreCvss("CVSS:4.0/AV:P/AC:H/AT:P/PR:N/UI:N/VC:H/VI:L/VA:N/SC:L/SI:L/SA:N/U:Amber"));
}

TEST(CvssTest, RejectsMalformedVectors) {
  for (std::string_view bad : {
           "", "CVSS:3.1/", "CVSS:3.1", "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",                 // A missing
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",         // duplicate
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q",             // unknown value
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",        // unknown metric
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",            // trailing slash
           "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",            // empty part
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:",              // empty value
           "AV:N/AC:L/Au:N/C:P/I:P",                                   // v2 A missing
           "(AV:N/AC:L/Au:N/C:P/I:P/A:P)",
           "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H",  // SA missing
           "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H",  // S only for MSI
           "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/U:amber",
       }) {
    auto r = ScoreCvss(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(r.error().message().find("cvss vector"), std::string::npos);
  }
  EXPECT_FALSE(ScoreCvss(std::string(5000, 'A')));
}

TEST(CvssTest, LabelsAndSeverity) {
  EXPECT_EQ(CvssLabel(0), "NONE");
  EXPECT_EQ(CvssLabel(0.1), "LOW");
  EXPECT_EQ(CvssLabel(3.9), "LOW");
  EXPECT_EQ(CvssLabel(4.0), "MEDIUM");
  EXPECT_EQ(CvssLabel(6.9), "MEDIUM");
  EXPECT_EQ(CvssLabel(7.0), "HIGH");
  EXPECT_EQ(CvssLabel(8.9), "HIGH");
  EXPECT_EQ(CvssLabel(9.0), "CRITICAL");
  EXPECT_EQ(CvssLabel(-1), "UNKNOWN");
  EXPECT_EQ(NormalizeSeverityLabel("MODERATE"), "MEDIUM");
  EXPECT_EQ(NormalizeSeverityLabel("important"), "HIGH");
  EXPECT_EQ(NormalizeSeverityLabel("unimportant"), "LOW");
  EXPECT_EQ(NormalizeSeverityLabel("whatever"), "UNKNOWN");

  auto s = CvssSeverity("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "ghsa");
  EXPECT_EQ(s, (model::SeverityScore{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL", "ghsa"}));
  auto bad = CvssSeverity("CVSS:3.1/AV:X", "osv", "CVSS_V3");
  EXPECT_EQ(bad, (model::SeverityScore{"CVSS_V3", "CVSS:3.1/AV:X", -1, "UNKNOWN", "osv"}));
  auto given = CvssSeverity("AV:N/AC:L/Au:N/C:P/I:P/A:P", "nvd", "", 7.4);
  EXPECT_DOUBLE_EQ(given.score, 7.4);
  EXPECT_EQ(given.label, "HIGH");
  EXPECT_EQ(given.type, "CVSS_V2");
}

// Every CVSS metric in the NVD "modified" cache carries NVD's own baseScore: recompute all.
TEST(CvssTest, MatchesEveryNvdBaseScore) {
  std::string path = testing::SharedPath("feeds/nvd/vulnz-cache/nvdcve-modified.json.gz");
  HS_REQUIRE_PATH(path);
  std::string doc;
  auto st = ForEachFeedEntry(path, {}, [&](std::string_view, std::string_view content) -> Status {
    doc.assign(content);
    return {};
  });
  ASSERT_TRUE(st) << st.error().message();
  auto j = ParseJson(doc, "nvd");
  ASSERT_TRUE(j) << j.error().message();
  uint64_t v2 = 0, v30 = 0, v31 = 0, v40 = 0;
  for (const auto& item : (*j)["vulnerabilities"]) {
    const Json& cve = item["cve"];
    if (!cve.contains("metrics")) continue;
    for (const auto& [key, list] : cve["metrics"].items()) {
      for (const auto& m : list) {
        std::string vector = m["cvssData"]["vectorString"].get<std::string>();
        double want = m["cvssData"]["baseScore"].get<double>();
        // NVD's v4 baseScore includes threat/environmental metrics when the vector sets them.
        if (key == "cvssMetricV40" && vector.find("/E:X") == std::string::npos && vector.find("/E:") != std::string::npos) {
          continue;
        }
        // Checkmk's (the CNA's) v4 score for these two disagrees with FIRST's calculator, which
        // gives 5.1 (MacroVector 102201 = 5.3, eq1 interpolation); NVD passes the CNA's number on.
        std::string id = cve["id"].get<std::string>();
        if (key == "cvssMetricV40" && (id == "CVE-2024-38862" || id == "CVE-2024-38863")) {
          EXPECT_DOUBLE_EQ(ScoreCvss(vector)->score, 5.1);
          continue;
        }
        auto r = ScoreCvss(vector);
        ASSERT_TRUE(r) << cve["id"] << " " << vector << ": " << r.error().message();
        EXPECT_DOUBLE_EQ(r->score, want) << cve["id"] << " " << vector;
        std::string label = key == "cvssMetricV2" ? m["baseSeverity"].get<std::string>()
                                                  : m["cvssData"]["baseSeverity"].get<std::string>();
        EXPECT_EQ(r->label, label) << cve["id"] << " " << vector;
        if (key == "cvssMetricV2") ++v2;
        if (key == "cvssMetricV30") ++v30;
        if (key == "cvssMetricV31") ++v31;
        if (key == "cvssMetricV40") ++v40;
      }
    }
  }
  EXPECT_EQ(v2, 69u);
  EXPECT_EQ(v30, 125u);
  EXPECT_EQ(v31, 1564u);
  EXPECT_EQ(v40, 150u);  // 153 minus the two above and one with threat metrics
}

}  // namespace
}  // namespace hullscan::feed
