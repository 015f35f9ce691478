#include "report/spdx_reporter.h"

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
  auto j = ParseJson(text, "spdx");
  EXPECT_TRUE(j.has_value()) << (j ? "" : j.error().message());
  return j ? *j : Json();
}

TEST(SpdxReporter, ValidatesAgainstBothOfficial23Schemas) {
  std::vector<testdata::SchemaDoc> docs;
  for (const model::ScanReport& r : {DebianReport(), AlpineReport(), RpmReport(), model::ScanReport()}) {
    std::string text = Render("spdx", r);
    docs.push_back({"spdx-2.3", text});
    docs.push_back({"spdx-2.3.1", text});
  }
  HS_EXPECT_SCHEMA_VALID(docs);
}

TEST(SpdxReporter, DebianDocument) {
  std::string text = Render("spdx", DebianReport());
  Json doc = Parse(text);
  EXPECT_EQ(doc["spdxVersion"], "SPDX-2.3");
  EXPECT_EQ(doc["dataLicense"], "CC0-1.0");
  EXPECT_EQ(doc["SPDXID"], "SPDXRef-DOCUMENT");
  EXPECT_EQ(doc["name"], "debian-sample.tar");
  EXPECT_TRUE(std::regex_match(doc["documentNamespace"].get<std::string>(),
                               std::regex("https://hullscan\\.invalid/spdx/debian-sample\\.tar-[0-9a-f]{8}-[0-9a-f]{4}-5"
                                          "[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << doc["documentNamespace"];
  EXPECT_EQ(doc["creationInfo"]["created"], "2024-06-01T12:00:00Z");
  EXPECT_EQ(doc["creationInfo"]["creators"], Json::array({"Tool: hullscan-0.1.0-test"}));
  EXPECT_EQ(text.find("/home/builder"), std::string::npos);

  const Json& pkgs = doc["packages"];
  ASSERT_EQ(pkgs.size(), 8u);  // image + OS + 6 packages
  EXPECT_EQ(pkgs[0]["primaryPackagePurpose"], "CONTAINER");
  EXPECT_EQ(pkgs[0]["SPDXID"], "SPDXRef-Image-b79606fb3afe");
  EXPECT_EQ(pkgs[0]["versionInfo"], "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910");
  EXPECT_EQ(pkgs[1]["primaryPackagePurpose"], "OPERATING_SYSTEM");
  EXPECT_EQ(pkgs[1]["name"], "debian");
  EXPECT_EQ(pkgs[1]["versionInfo"], "12");

  std::set<std::string> ids = {"SPDXRef-DOCUMENT"};
  std::regex id_re("SPDXRef-[A-Za-z0-9.-]+");
  for (const Json& p : pkgs) {
    std::string id = p["SPDXID"];
    EXPECT_TRUE(std::regex_match(id, id_re)) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
    EXPECT_EQ(p["downloadLocation"], "NOASSERTION");
    EXPECT_EQ(p["filesAnalyzed"], false);
  }
  const Json& bash0 = pkgs[2];
  const Json& bash1 = pkgs[3];
  EXPECT_TRUE(std::regex_match(bash0["SPDXID"].get<std::string>(), std::regex("SPDXRef-Package-deb-bash-[0-9a-f]{8}")));
  EXPECT_NE(bash0["SPDXID"], bash1["SPDXID"]);
  EXPECT_EQ(bash0["versionInfo"], "5.2.15-2+b7");
  EXPECT_EQ(bash0["licenseConcluded"], "NOASSERTION");
  EXPECT_EQ(bash0["licenseDeclared"], "NOASSERTION");
  EXPECT_EQ(bash0["licenseComments"], "license declared by the package manager: GPL-3+");
  EXPECT_EQ(bash0["externalRefs"][0]["referenceCategory"], "PACKAGE-MANAGER");
  EXPECT_EQ(bash0["externalRefs"][0]["referenceType"], "purl");
  EXPECT_EQ(bash0["externalRefs"][0]["referenceLocator"], "pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12");
  EXPECT_EQ(bash0["sourceInfo"], "acquired package info from os/dpkg evidence /var/lib/dpkg/status");
  std::string comment = bash1["comment"];
  EXPECT_EQ(comment.substr(0, comment.find(" created_by=")),
            "layer_index=1 layer_diff_id=sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740 "
            "path=/var/lib/dpkg/status.d/bash source_name=bash source_version=5.2.15-2");

  // Relationships: DOCUMENT DESCRIBES the image; the image CONTAINS everything else; every
  // target is a defined SPDXID (the schema does not check this).
  const Json& rels = doc["relationships"];
  ASSERT_EQ(rels.size(), 8u);
  EXPECT_EQ(rels[0]["spdxElementId"], "SPDXRef-DOCUMENT");
  EXPECT_EQ(rels[0]["relationshipType"], "DESCRIBES");
  EXPECT_EQ(rels[0]["relatedSpdxElement"], pkgs[0]["SPDXID"]);
  for (size_t i = 1; i < rels.size(); ++i) {
    EXPECT_EQ(rels[i]["spdxElementId"], pkgs[0]["SPDXID"]);
    EXPECT_EQ(rels[i]["relationshipType"], "CONTAINS");
    EXPECT_EQ(rels[i]["relatedSpdxElement"], pkgs[i]["SPDXID"]);
  }
}

TEST(SpdxReporter, RpmSupplierAndIds) {
  Json doc = Parse(Render("spdx", RpmReport()));
  EXPECT_EQ(doc["name"], "oci-archive:rocky.tar:9");
  const Json& ssl = doc["packages"][3];
  EXPECT_EQ(ssl["name"], "openssl-libs");
  EXPECT_EQ(ssl["supplier"], "Organization: Rocky Enterprise Software Foundation");
  EXPECT_TRUE(std::regex_match(ssl["SPDXID"].get<std::string>(),
                               std::regex("SPDXRef-Package-rpm-openssl-libs-[0-9a-f]{8}")));
  EXPECT_EQ(ssl["externalRefs"][0]["referenceLocator"],
            "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1");
  Json alpine = Parse(Render("spdx", AlpineReport()));
  // ssl_client: '_' is not allowed in an SPDXID.
  EXPECT_TRUE(std::regex_match(alpine["packages"][4]["SPDXID"].get<std::string>(),
                               std::regex("SPDXRef-Package-apk-ssl-client-[0-9a-f]{8}")));
}

TEST(SpdxReporter, Golden) { testdata::ExpectGolden("debian.spdx.json", Render("spdx", DebianReport())); }

}  // namespace
}  // namespace hullscan::report
