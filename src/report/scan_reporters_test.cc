// Tests of the `hullscan scan` reporters (table, json, sarif, cyclonedx with vulnerabilities):
// golden files for the DebianScanReport fixture, exact values, schema validation, determinism.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "base/json.h"
#include "report/finding_common.h"
#include "report/report_testing.h"

namespace hullscan::report {
namespace {

using testdata::CleanScanReport;
using testdata::DebianScanReport;
using testdata::RenderScan;

Json Parse(const std::string& text) {
  auto j = ParseJson(text, "report");
  EXPECT_TRUE(j.has_value()) << (j ? "" : j.error().message());
  return j ? *j : Json();
}

const Json* FindById(const Json& arr, const std::string& id) {
  for (const Json& v : arr) {
    if (v["id"] == id) return &v;
  }
  return nullptr;
}

TEST(ScanFactory, KnowsTheFormats) {
  for (std::string_view f : {"table", "json", "sarif", "cyclonedx", "cyclonedx-json"}) {
    EXPECT_TRUE(NewScanReporter(f, {}).has_value()) << f;
  }
  auto bad = NewScanReporter("spdx", {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(), "unknown scan report format 'spdx': want table, json, sarif or cyclonedx");
}

TEST(ScanJson, InventoryPartIsTheSbomDocument) {
  // Every field of `sbom -f json` is there, byte for byte, before "db" and "vulnerabilities".
  model::ScanReport scan = DebianScanReport();
  model::ScanReport sbom = scan;
  sbom.vulnerability_scan = false;
  sbom.findings.clear();
  std::string inventory = RenderScan("json", sbom);
  std::string full = RenderScan("json", scan);
  ASSERT_GT(inventory.size(), 4u);
  std::string head = inventory.substr(0, inventory.size() - 3);  // without "\n}\n"
  EXPECT_EQ(full.substr(0, head.size()), head);
  EXPECT_EQ(full.substr(head.size(), 11), ",\n  \"db\": {");
  EXPECT_FALSE(Parse(inventory).contains("vulnerabilities"));
}

TEST(ScanJson, Vulnerabilities) {
  Json doc = Parse(RenderScan("json", DebianScanReport()));
  EXPECT_EQ(doc["db"]["schema_version"], 1);
  ASSERT_EQ(doc["db"]["feeds"].size(), 5u);
  EXPECT_EQ(doc["db"]["feeds"][2], Json({{"name", "osv:Debian"}, {"format", "osv"},
                                        {"as_of", "2024-05-31T23:10:00Z"}, {"records", 41230}}));
  const Json& vulns = doc["vulnerabilities"];
  ASSERT_EQ(vulns.size(), 7u);
  // Report order: (target, package, id); "/app/..." targets sort before "os-pkgs".
  std::vector<std::string> ids;
  for (const Json& v : vulns) ids.push_back(v["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q", "GHSA-35jh-r3h4-6jhm", "TEMP-0841856-B18BAF",
                                           "CVE-2024-2398", "CVE-2023-5678", "CVE-2024-2511", "CVE-2023-45853"}));
  const Json& log4j = vulns[0];
  EXPECT_EQ(log4j["aliases"], Json::array({"CVE-2021-44228"}));
  EXPECT_EQ(log4j["package"]["purl"], "pkg:maven/org.apache.logging.log4j%3Alog4j-core@2.14.1");
  EXPECT_EQ(log4j["package"]["type"], "maven");
  EXPECT_EQ(log4j["cvss"]["score"], 10.0);
  EXPECT_EQ(log4j["epss"]["percentile"], 0.99996);
  EXPECT_EQ(log4j["kev"], true);
  EXPECT_EQ(log4j["kev_date_added"], "2021-12-10");
  EXPECT_EQ(log4j["layer_index"], 2);
  EXPECT_EQ(log4j["layer_diff_id"], "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
  EXPECT_EQ(log4j["target"], "/app/lib/log4j-core-2.14.1.jar");
  EXPECT_EQ(log4j["match"]["range"], "introduced 2.13.0, fixed 2.15.0");
  const Json& ssl = *FindById(vulns, "CVE-2024-2511");
  EXPECT_EQ(ssl["cvss"], nullptr);
  EXPECT_EQ(ssl["epss"], nullptr);
  EXPECT_EQ(ssl["kev"], false);
  EXPECT_EQ(ssl["kev_date_added"], nullptr);
  EXPECT_EQ(ssl["fixed_version"], "");
  EXPECT_EQ(ssl["status"], "affected");
  EXPECT_EQ(ssl["package"]["name"], "libssl3");
  EXPECT_EQ(ssl["match"]["name"], "openssl");
  EXPECT_EQ(ssl["created_by"], "/bin/sh -c #(nop) ADD file:8b1e79f91081eb527b455e4f9f8ab0d4fd7e8e0a1d in / ");
}

TEST(ScanJson, MalformedPackageIndexIsNull) {
  model::ScanReport r = DebianScanReport();
  r.findings[0].package_index = 999;
  Json doc = Parse(RenderScan("json", r));
  EXPECT_EQ(doc["vulnerabilities"][0]["package"], nullptr);
  for (std::string_view f : {"table", "sarif", "cyclonedx"}) EXPECT_FALSE(RenderScan(f, r).empty()) << f;
}

TEST(ScanTable, ExactLines) {
  std::string text = RenderScan("table", DebianScanReport());
  EXPECT_EQ(text.substr(0, text.find('\n')), "Image: debian-sample.tar (debian 12)");
  EXPECT_NE(text.find("\ndebian 12 (os packages)\n=======================\n"
                      "Total: 5 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 1)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n/app/package-lock.json (npm)\n"), std::string::npos);
  EXPECT_NE(text.find("Summary: 7 vulnerabilities in 6 packages (CRITICAL: 2, HIGH: 2, MEDIUM: 1, LOW: 1, "
                      "UNKNOWN: 1)\n"),
            std::string::npos);
  // The OS block comes first even though "/app/..." sorts before "os-pkgs".
  EXPECT_LT(text.find("(os packages)"), text.find("(maven)"));
  EXPECT_EQ(text.find("matched "), std::string::npos);  // no --explain
  EXPECT_EQ(text.find("/home/builder"), std::string::npos);
  EXPECT_NE(text.find("openssl: Generating excessively long X9.42 DH keys or check…"), std::string::npos) << text;
}

TEST(ScanTable, Explain) {
  std::string text = RenderScan("table", DebianScanReport(), true);
  EXPECT_NE(text.find("\n  matched source-name Debian:12/curl 7.88.1-10+deb12u5 (dpkg) in introduced 0, fixed "
                      "7.88.1-10+deb12u6 [osv:Debian] EPSS 0.00043 (percentile 0.09981)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[osv:Maven] EPSS 0.97565 (percentile 0.99996) KEV (added 2021-12-10)\n"), std::string::npos);
}

TEST(ScanTable, NoFindings) {
  std::string text = RenderScan("table", CleanScanReport());
  EXPECT_EQ(text,
            "Image: debian-sample.tar (debian 12)\n\nNo vulnerabilities found.\n\n"
            "Diagnostics (partial scan): 2\n"
            "  layer 1: extract: corrupt: /var/lib/dpkg/status.d/broken:3: missing 'Package' field\n"
            "  layer 2: layer: limit_exceeded: layer 3/3: entry count above limit\n"
            "DB: schema 1\n"
            "  epss as of 2024-05-31 (245000 records)\n"
            "  kev as of 2024-05-30 (1140 records)\n"
            "  osv:Debian as of 2024-05-31T23:10:00Z (41230 records)\n"
            "  osv:Maven as of 2024-05-31T22:00:00Z (5120 records)\n"
            "  osv:npm as of 2024-05-31T22:30:00Z (15600 records)\n");
}

TEST(ScanTable, HostileTitleCannotBreakTheTable) {
  model::ScanReport r = DebianScanReport();
  r.findings[0].title = "evil\n\x1b[2Jtitle";
  r.findings[0].id = "ID\nX";
  std::string text = RenderScan("table", r);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find("ID\nX"), std::string::npos);
}

TEST(ScanSarif, Structure) {
  Json doc = Parse(RenderScan("sarif", DebianScanReport()));
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const Json& run = doc["runs"][0];
  const Json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "hullscan");
  EXPECT_EQ(driver["version"], "0.1.0-test");
  EXPECT_EQ(driver["informationUri"], "https://hullscan.invalid");
  ASSERT_EQ(driver["rules"].size(), 7u);
  EXPECT_EQ(driver["rules"][0]["id"], "CVE-2023-45853");  // sorted by id
  EXPECT_EQ(driver["rules"][0]["properties"]["security-severity"], "9.8");
  EXPECT_EQ(driver["rules"][0]["properties"]["tags"], Json::array({"security", "vulnerability", "critical"}));
  const Json* temp = FindById(driver["rules"], "TEMP-0841856-B18BAF");
  ASSERT_NE(temp, nullptr);
  EXPECT_FALSE((*temp)["properties"].contains("security-severity"));
  EXPECT_EQ((*temp)["shortDescription"]["text"], "TEMP-0841856-B18BAF");
  const Json& results = run["results"];
  ASSERT_EQ(results.size(), 7u);
  const Json& log4j = results[0];
  EXPECT_EQ(log4j["ruleId"], "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(driver["rules"][log4j["ruleIndex"].get<size_t>()]["id"], "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(log4j["level"], "error");
  EXPECT_EQ(log4j["message"]["text"],
            "Package org.apache.logging.log4j:log4j-core 2.14.1 is affected by GHSA-jfh8-c2jp-5v3q (fixed in 2.15.0)");
  EXPECT_EQ(log4j["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "app/lib/log4j-core-2.14.1.jar");
  EXPECT_EQ(log4j["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "pkg:maven/org.apache.logging.log4j%3Alog4j-core@2.14.1");
  const Json& ssl = results[5];
  EXPECT_EQ(ssl["ruleId"], "CVE-2024-2511");
  EXPECT_EQ(ssl["level"], "note");
  EXPECT_EQ(ssl["message"]["text"], "Package libssl3 3.0.11-1~deb12u2 is affected by CVE-2024-2511 (no fix available)");
  EXPECT_EQ(results[4]["level"], "warning");
  EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"].size(), 2u);
}

TEST(ScanSarif, PathsBecomeValidRelativeUris) {
  model::ScanReport r = DebianScanReport();
  r.packages[r.findings[0].package_index].path = "/opt/my app/lib#1/x%y.jar";
  Json doc = Parse(RenderScan("sarif", r));
  EXPECT_EQ(doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "opt/my%20app/lib%231/x%25y.jar");
}

TEST(ScanCycloneDx, Vulnerabilities) {
  Json doc = Parse(RenderScan("cyclonedx", DebianScanReport()));
  const Json& vulns = doc["vulnerabilities"];
  ASSERT_EQ(vulns.size(), 7u);
  std::set<std::string> refs;
  for (const Json& c : doc["components"]) refs.insert(c["bom-ref"].get<std::string>());
  for (const Json& v : vulns) {
    ASSERT_EQ(v["affects"].size(), 1u);
    EXPECT_EQ(refs.count(v["affects"][0]["ref"].get<std::string>()), 1u) << v["affects"][0]["ref"];
    EXPECT_TRUE(refs.insert(v["bom-ref"].get<std::string>()).second);
  }
  const Json& zlib = *FindById(vulns, "CVE-2023-45853");
  EXPECT_EQ(zlib["source"]["name"], "osv:Debian");
  EXPECT_EQ(zlib["ratings"][0], Json({{"source", {{"name", "nvd"}}}, {"score", 9.8}, {"severity", "critical"},
                                       {"method", "CVSSv3"},
                                       {"vector", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}));
  EXPECT_EQ(zlib["affects"][0]["ref"], "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");
  const Json& log4j = *FindById(vulns, "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(log4j["ratings"][0]["method"], "CVSSv31");
  EXPECT_EQ(log4j["description"], "Remote code injection in Log4j");
  std::map<std::string, std::string> props;
  for (const Json& p : log4j["properties"]) props[p["name"]] = p["value"];
  EXPECT_EQ(props["hullscan:fixed_version"], "2.15.0");
  EXPECT_EQ(props["hullscan:kev"], "true");
  EXPECT_EQ(props["hullscan:kev:date_added"], "2021-12-10");
  EXPECT_EQ(props["hullscan:epss:score"], "0.97565");
  EXPECT_EQ(props["hullscan:alias"], "CVE-2021-44228");
  const Json& bash = *FindById(vulns, "TEMP-0841856-B18BAF");
  EXPECT_EQ(bash["ratings"][0], Json({{"source", {{"name", "osv:Debian"}}}, {"severity", "unknown"}}));
  EXPECT_FALSE(bash.contains("description"));
  // The inventory BOM has no vulnerabilities key at all.
  EXPECT_FALSE(Parse(testdata::Render("cyclonedx", testdata::DebianReport())).contains("vulnerabilities"));
}

TEST(FindingCommon, Helpers) {
  EXPECT_EQ(CvssMethod("CVSS:3.1/AV:N"), "CVSSv31");
  EXPECT_EQ(CvssMethod("CVSS:3.0/AV:N"), "CVSSv3");
  EXPECT_EQ(CvssMethod("CVSS:4.0/AV:N"), "CVSSv4");
  EXPECT_EQ(CvssMethod("AV:N/AC:L/Au:N/C:P/I:P/A:P"), "CVSSv2");
  EXPECT_EQ(CvssMethod(""), "other");
  EXPECT_EQ(NormalizedSeverity("high"), "HIGH");
  EXPECT_EQ(NormalizedSeverity("Moderate"), "UNKNOWN");
  EXPECT_EQ(FormatDecimal(10.0, 1), "10");
  EXPECT_EQ(FormatDecimal(9.8, 1), "9.8");
  EXPECT_EQ(FormatDecimal(0.5, 5), "0.5");
}

TEST(ScanSchemas, SarifAndCycloneDxValidate) {
  std::vector<testdata::SchemaDoc> docs = {
      {"sarif-2.1.0", RenderScan("sarif", DebianScanReport())},
      {"sarif-2.1.0", RenderScan("sarif", CleanScanReport())},
      {"sarif-2.1.0", RenderScan("sarif", model::ScanReport())},
      {"cyclonedx-1.6", RenderScan("cyclonedx", DebianScanReport())},
      {"cyclonedx-1.6", RenderScan("cyclonedx", CleanScanReport())},
  };
  HS_EXPECT_SCHEMA_VALID(docs);
}

TEST(ScanSchemas, SarifCheckCanFail) {
  std::string bad = RenderScan("sarif", DebianScanReport());
  bad.replace(bad.find("\"level\": \"error\""), 16, "\"level\": \"fatal\"");
  auto check = testdata::ValidateWithSchema({{"sarif-2.1.0", bad}});
  if (check.skipped) GTEST_SKIP() << "SKIPPED: " << check.reason;
  EXPECT_EQ(check.exit_code, 1) << check.output;
}

TEST(ScanDeterminism, ByteIdenticalAcrossRuns) {
  for (std::string_view f : {"table", "json", "sarif", "cyclonedx"}) {
    EXPECT_EQ(RenderScan(f, DebianScanReport(), true), RenderScan(f, DebianScanReport(), true)) << f;
  }
}

TEST(ScanGolden, AllFormats) {
  testdata::ExpectGolden("debian-scan.txt", RenderScan("table", DebianScanReport()));
  testdata::ExpectGolden("debian-scan.explain.txt", RenderScan("table", DebianScanReport(), true));
  testdata::ExpectGolden("debian-scan.clean.txt", RenderScan("table", CleanScanReport()));
  testdata::ExpectGolden("debian-scan.json", RenderScan("json", DebianScanReport()));
  testdata::ExpectGolden("debian-scan.sarif.json", RenderScan("sarif", DebianScanReport()));
  testdata::ExpectGolden("debian-scan.cdx.json", RenderScan("cyclonedx", DebianScanReport()));
}

}  // namespace
}  // namespace hullscan::report
