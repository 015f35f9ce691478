#include "report/history_reporter.h"

#include <sstream>

#include <gtest/gtest.h>

#include "base/json.h"
#include "report/report_testing.h"

namespace hullscan::report {
namespace {

using testdata::DebianReport;
using testdata::kScanTime;
using testdata::Render;

std::string Table(const model::ScanReport& r, bool no_trunc = false) {
  return Render(HistoryTableReporter(HistoryOptions{no_trunc, kScanTime}), r);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

TEST(HistoryTable, DebianRowsNewestFirst) {
  std::vector<std::string> lines = Lines(Table(DebianReport()));
  ASSERT_EQ(lines.size(), 6u);  // header + 5 history entries
  // IMAGE is 15 columns wide: the 12-digit id plus docker's padding of 3.
  EXPECT_EQ(lines[0].substr(0, 15), "IMAGE          ");
  EXPECT_EQ(lines[1].substr(0, 15), "b79606fb3afe   ");
  for (size_t i = 2; i < lines.size(); ++i) EXPECT_EQ(lines[i].substr(0, 15), "<missing>      ") << i;
  // Newest: "RUN /bin/sh -c true" 30 s before the scan, on the empty-tar layer.
  EXPECT_NE(lines[1].find("30 seconds ago"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(" 0B "), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(" 32B "), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("+0 -0 ~0"), std::string::npos) << lines[1];
  // The LABEL entry has no created time and no layer.
  EXPECT_NE(lines[2].find("N/A"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("LABEL org.opencontainers.image.title=sample"), std::string::npos);
  // The apt-get layer: tab replaced, cut to 44 characters plus the ellipsis.
  EXPECT_NE(lines[3].find("12 days ago"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("RUN /bin/sh -c apt-get update  && apt-get in\u2026"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("9.88MB"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("3.46MB"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("+3 -0 ~0"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("buildkit.dockerfile.v0"), std::string::npos) << lines[3];
  // The base layer, 19.5 days old.
  EXPECT_NE(lines[5].find("2 weeks ago"), std::string::npos) << lines[5];
  EXPECT_NE(lines[5].find("74.8MB"), std::string::npos) << lines[5];
  EXPECT_NE(lines[5].find("29.2MB"), std::string::npos) << lines[5];
  EXPECT_NE(lines[5].find("3412"), std::string::npos) << lines[5];
  // Empty-layer CMD entry: SIZE 0B, COMPRESSED -, FILES 0, PKGS -.
  EXPECT_NE(lines[4].find("0B        -            0         -"), std::string::npos) << lines[4];
}

TEST(HistoryTable, NoTruncKeepsTheWholeCommand) {
  std::string table = Table(DebianReport(), /*no_trunc=*/true);
  EXPECT_NE(table.find("--no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit"),
            std::string::npos);
  EXPECT_EQ(table.find("\u2026"), std::string::npos);
  EXPECT_EQ(table.find('\t'), std::string::npos);
}

TEST(HistoryTable, HostileTextCannotEscapeItsCell) {
  model::ScanReport r = DebianReport();
  r.image.history[0].created_by = "evil\x1b]0;pwned\x07\nsecond line\r";
  r.image.history[0].comment = "c\x1b[2J\xff";
  std::string table = Table(r, /*no_trunc=*/true);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\r'), std::string::npos);
  EXPECT_EQ(Lines(table).size(), 6u);
  EXPECT_NE(table.find("evil ]0;pwned  second line"), std::string::npos) << table;
  EXPECT_NE(table.find("c [2J\ufffd"), std::string::npos) << table;
}

TEST(HistoryTable, WithoutHistoryOneRowPerLayer) {
  model::ScanReport r = testdata::RpmReport();
  std::vector<std::string> lines = Lines(Table(r));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].substr(0, 12), "ef48d2d5c265");
  EXPECT_NE(lines[1].find("N/A"), std::string::npos);
  EXPECT_NE(lines[1].find("176MB"), std::string::npos);
  EXPECT_NE(lines[1].find(" -   "), std::string::npos);  // compressed size unknown
}

TEST(HistoryTable, NoConfigDigestShowsMissingEverywhere) {
  model::ScanReport r = DebianReport();
  r.image.config_digest.clear();
  std::vector<std::string> lines = Lines(Table(r));
  EXPECT_EQ(lines[1].substr(0, 9), "<missing>");
}

TEST(HistoryJson, ConfigOrderAndExactNumbers) {
  std::string text = Render(HistoryJsonReporter(), DebianReport());
  auto parsed = ParseJson(text, "history");
  ASSERT_TRUE(parsed.has_value());
  const Json& doc = *parsed;
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["image"]["ref"], "debian-sample.tar");
  const Json& h = doc["history"];
  ASSERT_EQ(h.size(), 5u);
  for (size_t i = 0; i < h.size(); ++i) EXPECT_EQ(h[i]["index"], i);
  EXPECT_EQ(h[0]["size_bytes"], 74812345);
  EXPECT_EQ(h[0]["compressed_size_bytes"], 29150123);
  EXPECT_EQ(h[0]["file_count"], 3412);
  EXPECT_EQ(h[0]["packages_added"], 4);
  EXPECT_EQ(h[1]["empty_layer"], true);
  EXPECT_EQ(h[1]["digest"], nullptr);
  EXPECT_EQ(h[1]["size_bytes"], nullptr);
  EXPECT_EQ(h[1]["packages_added"], nullptr);
  EXPECT_EQ(h[2]["diff_id"], "sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740");
  EXPECT_EQ(h[2]["created_by"],
            "RUN /bin/sh -c apt-get update \t&& apt-get install -y --no-install-recommends curl ca-certificates && "
            "rm -rf /var/lib/apt/lists/* # buildkit");
  EXPECT_EQ(h[4]["layer_index"], 2);
}

TEST(History, Golden) {
  testdata::ExpectGolden("debian.history.txt", Table(DebianReport()));
  testdata::ExpectGolden("debian.history.no-trunc.txt", Table(DebianReport(), /*no_trunc=*/true));
  testdata::ExpectGolden("debian.history.json", Render(HistoryJsonReporter(), DebianReport()));
}

}  // namespace
}  // namespace hullscan::report
