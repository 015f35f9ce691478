#include "report/cyclonedx_reporter.h"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "base/json.h"
#include "report/report_testing.h"

namespace hullscan::report {
namespace {

using testdata::AlpineReport;
using testdata::DebianReport;
using testdata::Render;
using testdata::RpmReport;

Json Parse(const std::string& text) {
  auto j = ParseJson(text, "bom");
  EXPECT_TRUE(j.has_value()) << (j ? "" : j.error().message());
  return j ? *j : Json();
}

std::string Property(const Json& component, const std::string& name) {
  if (!component.contains("properties")) return "<none>";
  for (const Json& p : component["properties"]) {
    if (p["name"] == name) return p["value"].get<std::string>();
  }
  return "<none>";
}

TEST(CycloneDxReporter, ValidatesAgainstOfficialSchema) {
  std::vector<testdata::SchemaDoc> docs;
  for (const model::ScanReport& r : {DebianReport(), AlpineReport(), RpmReport(), model::ScanReport()}) {
    docs.push_back({"cyclonedx-1.6", Render("cyclonedx", r)});
  }
  HS_EXPECT_SCHEMA_VALID(docs);
}

TEST(CycloneDxReporter, SchemaCheckCanFail) {
  // The validator run really rejects a broken BOM (so a pass above means something).
  std::string bad = Render("cyclonedx", AlpineReport());
  bad.replace(bad.find("\"library\""), 9, "\"libary\"");
  auto check = testdata::ValidateWithSchema({{"cyclonedx-1.6", bad}});
  if (check.skipped) GTEST_SKIP() << "SKIPPED: " << check.reason;
  EXPECT_EQ(check.exit_code, 1) << check.output;
}

TEST(CycloneDxReporter, EmptyReport) {
  Json doc = Parse(Render("cyclonedx", model::ScanReport()));
  EXPECT_EQ(doc["components"].size(), 0u);
  EXPECT_EQ(doc["metadata"]["component"]["name"], "image");
}

TEST(CycloneDxReporter, DebianBom) {
  std::string text = Render("cyclonedx", DebianReport());
  Json doc = Parse(text);
  EXPECT_EQ(doc["bomFormat"], "CycloneDX");
  EXPECT_EQ(doc["specVersion"], "1.6");  // the schema leaves specVersion free: check it here
  EXPECT_EQ(doc["version"], 1);
  std::string serial = doc["serialNumber"];
  EXPECT_TRUE(std::regex_match(serial, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                                  "[0-9a-f]{12}")))
      << serial;
  EXPECT_EQ(doc["metadata"]["timestamp"], "2024-06-01T12:00:00Z");
  const Json& tool = doc["metadata"]["tools"]["components"][0];
  EXPECT_EQ(tool["type"], "application");
  EXPECT_EQ(tool["name"], "hullscan");
  EXPECT_EQ(tool["version"], "0.1.0-test");
  const Json& image = doc["metadata"]["component"];
  EXPECT_EQ(image["type"], "container");
  EXPECT_EQ(image["name"], "debian-sample.tar");
  EXPECT_EQ(image["version"], "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910");
  EXPECT_EQ(image["hashes"][0]["alg"], "SHA-256");
  EXPECT_EQ(image["hashes"][0]["content"], "b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910");
  EXPECT_EQ(Property(image, "hullscan:image:layer:1:diff_id"),
            "sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740");
  EXPECT_EQ(text.find("/home/builder"), std::string::npos);

  const Json& comps = doc["components"];
  ASSERT_EQ(comps.size(), 7u);  // the OS + 6 packages
  EXPECT_EQ(comps[0]["type"], "operating-system");
  EXPECT_EQ(comps[0]["name"], "debian");
  EXPECT_EQ(comps[0]["version"], "12");

  // bom-refs are unique, also for the two bash entries that share one purl.
  std::set<std::string> refs = {image["bom-ref"].get<std::string>()};
  for (const Json& c : comps) EXPECT_TRUE(refs.insert(c["bom-ref"].get<std::string>()).second) << c["bom-ref"];
  const Json& bash0 = comps[1];
  const Json& bash1 = comps[2];
  const std::string purl = "pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12";
  EXPECT_EQ(bash0["purl"], purl);
  EXPECT_EQ(bash1["purl"], purl);
  std::string ref0 = bash0["bom-ref"];
  ASSERT_EQ(ref0.size(), purl.size() + 12 + 16) << ref0;
  EXPECT_EQ(ref0.substr(0, purl.size() + 12), purl + "&package-id=");
  EXPECT_NE(bash0["bom-ref"], bash1["bom-ref"]);
  // A purl that occurs once is its own bom-ref.
  EXPECT_EQ(comps[4]["name"], "curl");
  EXPECT_EQ(comps[4]["bom-ref"], comps[4]["purl"]);

  EXPECT_EQ(bash0["type"], "library");
  EXPECT_EQ(bash0["version"], "5.2.15-2+b7");
  EXPECT_EQ(bash0["licenses"][0]["license"]["name"], "GPL-3+");
  EXPECT_EQ(Property(bash0, "hullscan:layer_index"), "0");
  EXPECT_EQ(Property(bash0, "hullscan:package:path"), "/var/lib/dpkg/status");
  EXPECT_EQ(Property(bash0, "hullscan:ecosystem"), "Debian:12");
  EXPECT_EQ(Property(bash0, "hullscan:source_name"), "bash");
  EXPECT_EQ(Property(bash0, "hullscan:source_version"), "5.2.15-2");
  EXPECT_EQ(Property(bash1, "hullscan:layer_index"), "1");
  EXPECT_EQ(Property(bash1, "hullscan:layer_diff_id"),
            "sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740");
  EXPECT_EQ(Property(bash1, "hullscan:package:path"), "/var/lib/dpkg/status.d/bash");
  EXPECT_EQ(Property(bash1, "hullscan:created_by").substr(0, 15), "RUN /bin/sh -c ");
  // libssl3 has no license: no "licenses" key at all.
  EXPECT_EQ(comps[5]["name"], "libssl3");
  EXPECT_FALSE(comps[5].contains("licenses"));
}

TEST(CycloneDxReporter, RpmPropertiesAndPurl) {
  Json doc = Parse(Render("cyclonedx", RpmReport()));
  EXPECT_EQ(doc["metadata"]["component"]["name"], "oci-archive:rocky.tar:9");
  const Json& ssl = doc["components"][2];
  EXPECT_EQ(ssl["name"], "openssl-libs");
  EXPECT_EQ(ssl["purl"], "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1");
  EXPECT_EQ(ssl["bom-ref"], ssl["purl"]);
  EXPECT_EQ(ssl["publisher"], "Rocky Enterprise Software Foundation");
  EXPECT_EQ(Property(ssl, "hullscan:package:source_rpm"), "openssl-3.0.7-25.el9_3.src.rpm");
  EXPECT_EQ(Property(ssl, "hullscan:ecosystem"), "Rocky Linux:9");
  EXPECT_EQ(Property(ssl, "hullscan:created_by"), "<none>");  // no history, no created_by
}

TEST(CycloneDxReporter, SerialNumberFollowsContent) {
  model::ScanReport a = AlpineReport();
  model::ScanReport b = AlpineReport();
  b.packages[0].version = "1.2.5-r1";
  EXPECT_NE(Parse(Render("cyclonedx", a))["serialNumber"], Parse(Render("cyclonedx", b))["serialNumber"]);
  EXPECT_EQ(Parse(Render("cyclonedx", a))["serialNumber"], Parse(Render("cyclonedx", AlpineReport()))["serialNumber"]);
}

TEST(CycloneDxReporter, Golden) { testdata::ExpectGolden("debian.cdx.json", Render("cyclonedx", DebianReport())); }

}  // namespace
}  // namespace hullscan::report
