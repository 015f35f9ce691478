#include "sbom/sbom_reader.h"

#include <gtest/gtest.h>

#include "report/report_testing.h"
#include "testing/testing.h"

namespace hullscan::sbom {
namespace {

using report::testdata::AlpineReport;
using report::testdata::DebianScanReport;
using report::testdata::Render;
using report::testdata::RpmReport;

std::string TestData(const std::string& name) {
  return hullscan::testing::ReadTestFile(hullscan::testing::SourceDir() + "/src/sbom/testdata/" + name);
}

SbomInventory Read(const std::string& text, const std::string& what) {
  auto inv = ReadSbom(text, what);
  EXPECT_TRUE(inv.has_value()) << (inv ? "" : inv.error().message());
  return inv ? *inv : SbomInventory();
}

const model::Package* Find(const SbomInventory& inv, const std::string& name) {
  for (const model::Package& p : inv.packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// The guarantee behind `hullscan scan sbom.json`: the packages read back from hullscan's own
// SBOM equal those of the image report, in every field the matchers and reports use.
void ExpectRoundTrip(const model::ScanReport& report, std::string_view format) {
  SCOPED_TRACE(std::string(format));
  SbomInventory inv = Read(Render(format, report), "sbom." + std::string(format) + ".json");
  EXPECT_TRUE(inv.diagnostics.empty()) << inv.diagnostics.front().message;
  EXPECT_EQ(inv.distro.id, report.distro.id);
  EXPECT_EQ(inv.distro.version_id, report.distro.version_id);
  EXPECT_EQ(inv.distro.pretty_name, report.distro.pretty_name);
  std::vector<model::Package> want = report.packages;
  std::stable_sort(want.begin(), want.end(), model::PackageLess);
  ASSERT_EQ(inv.packages.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const model::Package& a = inv.packages[i];
    const model::Package& b = want[i];
    SCOPED_TRACE(b.name + " at " + b.path);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.arch, b.arch);
    EXPECT_EQ(a.source_name, b.source_name);
    EXPECT_EQ(a.source_version, b.source_version);
    EXPECT_EQ(a.epoch, b.epoch);
    EXPECT_EQ(a.release, b.release);
    EXPECT_EQ(a.source_rpm, b.source_rpm);
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.layer_index, b.layer_index);
    EXPECT_EQ(a.license, b.license);
    EXPECT_EQ(a.vendor, b.vendor);
    EXPECT_EQ(a.extractor, b.extractor);
    if (format == "cyclonedx") {
      EXPECT_EQ(a.maintainer, b.maintainer);
      EXPECT_EQ(a, b);  // CycloneDX carries every field
    }
  }
}

TEST(ReadSbom, HullscanRoundTrip) {
  for (const model::ScanReport& r : {DebianScanReport(), AlpineReport(), RpmReport()}) {
    ExpectRoundTrip(r, "cyclonedx");
    ExpectRoundTrip(r, "spdx");
  }
}

TEST(ReadSbom, HullscanCycloneDxDistroAndName) {
  SbomInventory inv = Read(Render("cyclonedx", DebianScanReport()), "x");
  EXPECT_EQ(inv.format, "cyclonedx-1.6");
  EXPECT_EQ(inv.name, "debian-sample.tar");
  EXPECT_EQ(inv.distro, DebianScanReport().distro);
  SbomInventory spdx = Read(Render("spdx", DebianScanReport()), "x");
  EXPECT_EQ(spdx.format, "spdx-2.3");
  EXPECT_EQ(spdx.name, "debian-sample.tar");
}

TEST(ReadSbom, TrivyCycloneDx) {
  SbomInventory inv = Read(TestData("trivy.cdx.json"), "trivy.cdx.json");
  EXPECT_EQ(inv.format, "cyclonedx-1.5");
  EXPECT_EQ(inv.name, "debian:12");
  EXPECT_EQ(inv.distro.id, "debian");
  EXPECT_EQ(inv.distro.version_id, "12.5");
  ASSERT_EQ(inv.packages.size(), 5u);
  const model::Package* ssl = Find(inv, "libssl3");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->type, model::PackageType::kDeb);
  EXPECT_EQ(ssl->version, "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl->arch, "amd64");
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->source_version, "3.0.11-1~deb12u2");
  EXPECT_EQ(ssl->license, "Apache-2.0");
  EXPECT_EQ(ssl->layer_index, -1);
  const model::Package* zlib = Find(inv, "zlib1g");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(zlib->version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(zlib->source_version, "1:1.2.13.dfsg-1");
  const model::Package* babel = Find(inv, "@babel/core");  // nested component
  ASSERT_NE(babel, nullptr);
  EXPECT_EQ(babel->type, model::PackageType::kNpm);
  EXPECT_EQ(babel->path, "/app/node_modules/@babel/core/package.json");
  const model::Package* log4j = Find(inv, "org.apache.logging.log4j:log4j-core");
  ASSERT_NE(log4j, nullptr);
  EXPECT_EQ(log4j->version, "2.14.1");
  EXPECT_EQ(log4j->path, "/app/lib/log4j-core-2.14.1.jar");
  ASSERT_NE(Find(inv, "github.com/gin-gonic/gin"), nullptr);
  ASSERT_EQ(inv.diagnostics.size(), 1u);
  EXPECT_EQ(inv.diagnostics[0].code, "unsupported");
  EXPECT_EQ(inv.diagnostics[0].message,
            "trivy.cdx.json: $.components[5]: purl type 'github' is not supported, package 'checkout' skipped");
}

TEST(ReadSbom, SyftCycloneDx) {
  SbomInventory inv = Read(TestData("syft.cdx.json"), "syft.cdx.json");
  EXPECT_EQ(inv.format, "cyclonedx-1.4");
  EXPECT_EQ(inv.distro.id, "rocky");
  EXPECT_EQ(inv.distro.version_id, "9.3");
  EXPECT_EQ(inv.distro.pretty_name, "Rocky Linux 9.3 (Blue Onyx)");
  ASSERT_EQ(inv.packages.size(), 3u);
  // The same packages as hullscan's RpmReport fixture.
  model::ScanReport rpm = RpmReport();
  for (const model::Package& want : rpm.packages) {
    const model::Package* got = Find(inv, want.name);
    ASSERT_NE(got, nullptr) << want.name;
    EXPECT_EQ(got->version, want.version);
    EXPECT_EQ(got->epoch, want.epoch);
    EXPECT_EQ(got->release, want.release);
    EXPECT_EQ(got->arch, want.arch);
    EXPECT_EQ(got->source_rpm, want.source_rpm);
    EXPECT_EQ(got->source_name, want.source_name);
    EXPECT_EQ(got->path, want.path);
  }
  EXPECT_EQ(Find(inv, "openssl-libs")->vendor, "Rocky Enterprise Software Foundation");
  EXPECT_EQ(Find(inv, "requests")->type, model::PackageType::kPypi);
  ASSERT_EQ(inv.diagnostics.size(), 2u);
  EXPECT_EQ(inv.diagnostics[0].message, "syft.cdx.json: $.components[3]: library 'mystery-lib' has no purl, skipped");
  EXPECT_EQ(inv.diagnostics[1].code, "corrupt");
  EXPECT_EQ(inv.diagnostics[1].message,
            "syft.cdx.json: $.components[4]: purl 'pkg:npm/broken@1.0%zz': version: bad percent escape at offset 3");
}

TEST(ReadSbom, TrivySpdx) {
  SbomInventory inv = Read(TestData("trivy.spdx.json"), "trivy.spdx.json");
  EXPECT_EQ(inv.format, "spdx-2.3");
  EXPECT_EQ(inv.distro.id, "alpine");
  EXPECT_EQ(inv.distro.version_id, "3.20.3");
  ASSERT_EQ(inv.packages.size(), 2u);
  EXPECT_EQ(inv.packages[0].name, "busybox");
  EXPECT_EQ(inv.packages[0].type, model::PackageType::kApk);
  EXPECT_EQ(inv.packages[0].source_name, "busybox");
  EXPECT_EQ(inv.packages[0].license, "GPL-2.0-only");
  EXPECT_EQ(inv.packages[1].name, "ssl_client");
  EXPECT_EQ(inv.packages[1].source_name, "busybox");
  EXPECT_EQ(inv.packages[1].source_version, "1.36.1-r29");
  ASSERT_EQ(inv.diagnostics.size(), 1u);
  EXPECT_EQ(inv.diagnostics[0].message, "trivy.spdx.json: $.packages[4]: library 'no-purl' has no purl, skipped");
}

TEST(ReadSbom, SyftSpdx) {
  SbomInventory inv = Read(TestData("syft.spdx.json"), "syft.spdx.json");
  EXPECT_EQ(inv.format, "spdx-2.2");
  EXPECT_EQ(inv.distro.id, "debian");  // from the purls' distro qualifier
  EXPECT_EQ(inv.distro.version_id, "12");
  ASSERT_EQ(inv.packages.size(), 3u);
  const model::Package* curl = Find(inv, "curl");
  ASSERT_NE(curl, nullptr);
  EXPECT_EQ(curl->version, "7.88.1-10+deb12u5");
  EXPECT_EQ(curl->source_name, "curl");
  EXPECT_EQ(curl->path, "/var/lib/dpkg/status");
  EXPECT_EQ(curl->license, "curl");
  const model::Package* ssl = Find(inv, "libssl3");
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->source_version, "3.0.11-1~deb12u2");
  const model::Package* libc = Find(inv, "libc6");
  EXPECT_EQ(libc->source_name, "glibc");
  EXPECT_EQ(libc->source_version, "2.36-9+deb12u3");
  EXPECT_EQ(libc->license, "");
}

void ExpectError(std::string_view text, ErrorCode code, const std::string& message) {
  auto inv = ReadSbom(text, "in.json");
  ASSERT_FALSE(inv.has_value()) << text.substr(0, 80);
  EXPECT_EQ(inv.error().code(), code) << inv.error().message();
  EXPECT_EQ(inv.error().message(), message);
}

TEST(ReadSbom, HostileInput) {
  ExpectError("", ErrorCode::kCorrupt, "in.json: not JSON: syntax error at byte 1");
  ExpectError("{\"bomFormat\": \"CycloneDX\",", ErrorCode::kCorrupt, "in.json: not JSON: syntax error at byte 27");
  ExpectError("[]", ErrorCode::kCorrupt, "in.json: $: want an object, got array");
  ExpectError("<bom/>", ErrorCode::kUnsupported,
              "in.json: XML SBOMs are not supported (want CycloneDX or SPDX JSON)");
  ExpectError("{}", ErrorCode::kUnsupported,
              "in.json: not a CycloneDX or SPDX JSON document (no 'bomFormat' or 'spdxVersion')");
  ExpectError(R"({"bomFormat": "CycloneDX", "specVersion": "1.3"})", ErrorCode::kUnsupported,
              "in.json: CycloneDX specVersion '1.3' is not supported (want 1.4, 1.5 or 1.6)");
  ExpectError(R"({"bomFormat": "CycloneDX", "specVersion": 1.6})", ErrorCode::kCorrupt,
              "in.json: $.specVersion: want a string, got number");
  ExpectError(R"({"spdxVersion": "SPDX-3.0"})", ErrorCode::kUnsupported,
              "in.json: spdxVersion 'SPDX-3.0' is not supported (want SPDX-2.2 or SPDX-2.3)");
  ExpectError(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}})", ErrorCode::kCorrupt,
              "in.json: $.components: want an array, got object");
  ExpectError(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"purl": 7}]})", ErrorCode::kCorrupt,
              "in.json: $.components[0].purl: want a string, got number");
  ExpectError(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"properties": [1]}]})",
              ErrorCode::kCorrupt, "in.json: $.components[0].properties[0]: want an object, got number");
  ExpectError(R"({"spdxVersion": "SPDX-2.3", "packages": [{"externalRefs": "x"}]})", ErrorCode::kCorrupt,
              "in.json: $.packages[0].externalRefs: want an array, got string");

  std::string deep = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "x": )" + std::string(100, '[') +
                     std::string(100, ']') + "}";
  ExpectError(deep, ErrorCode::kLimitExceeded, "in.json: JSON nested deeper than 64 levels");
  std::string nested = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": )";
  for (int i = 0; i < 40; ++i) nested += R"([{"type": "library", "components": )";
  nested += "[]";
  for (int i = 0; i < 40; ++i) nested += "}]";
  nested += "}";
  ExpectError(nested, ErrorCode::kLimitExceeded, "in.json: JSON nested deeper than 64 levels");
}

TEST(ReadSbom, MillionComponentsIsLimitExceeded) {
  std::string doc = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [)";
  doc.reserve(doc.size() + 3'000'000);
  for (int i = 0; i < 1'000'000; ++i) doc += i == 0 ? "{}" : ",{}";
  doc += "]}";
  ExpectError(doc, ErrorCode::kLimitExceeded, "in.json: more than 250000 components");
  std::string spdx = R"({"spdxVersion": "SPDX-2.3", "packages": [)";
  for (int i = 0; i < 1'000'000; ++i) spdx += i == 0 ? "{}" : ",{}";
  spdx += "]}";
  ExpectError(spdx, ErrorCode::kLimitExceeded, "in.json: more than 250000 packages");
}

TEST(ReadSbom, EmptyDocuments) {
  SbomInventory cdx = Read(R"({"bomFormat": "CycloneDX", "specVersion": "1.4"})", "a");
  EXPECT_TRUE(cdx.packages.empty());
  EXPECT_TRUE(cdx.distro.empty());
  SbomInventory spdx = Read(R"({"spdxVersion": "SPDX-2.2", "name": "n"})", "b");
  EXPECT_EQ(spdx.name, "n");
}

}  // namespace
}  // namespace hullscan::sbom
