#include "report/json_reporter.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "base/json.h"
#include "report/report_common.h"
#include "report/report_testing.h"

namespace hullscan::report {
namespace {

using testdata::AlpineReport;
using testdata::DebianReport;
using testdata::Render;
using testdata::RpmReport;

Json Parse(const std::string& text) {
  auto j = ParseJson(text, "report");
  EXPECT_TRUE(j.has_value()) << (j ? "" : j.error().message());
  return j ? *j : Json();
}

TEST(Factory, KnowsTheFormats) {
  for (std::string_view f : {"json", "cyclonedx", "cyclonedx-json", "spdx", "spdx-json"}) {
    EXPECT_TRUE(NewSbomReporter(f).has_value()) << f;
  }
  auto bad = NewSbomReporter("xml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(), "unknown report format 'xml': want json, cyclonedx or spdx");
  EXPECT_TRUE(NewHistoryReporter("table", {}).has_value());
  EXPECT_TRUE(NewHistoryReporter("json", {}).has_value());
  auto bad_history = NewHistoryReporter("csv", {});
  ASSERT_FALSE(bad_history.has_value());
  EXPECT_EQ(bad_history.error().code(), ErrorCode::kInvalidArgument);
}

TEST(JsonReporter, DebianDocument) {
  std::string text = Render("json", DebianReport());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  Json doc = Parse(text);
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["tool"]["name"], "hullscan");
  EXPECT_EQ(doc["tool"]["version"], "0.1.0-test");
  EXPECT_EQ(doc["timestamp"], "2024-06-01T12:00:00Z");
  // The host path of the archive is not printed, only its name.
  EXPECT_EQ(doc["image"]["ref"], "debian-sample.tar");
  EXPECT_EQ(text.find("/home/builder"), std::string::npos);
  EXPECT_EQ(doc["image"]["os"]["id"], "debian");
  EXPECT_EQ(doc["image"]["os"]["codename"], "bookworm");
  EXPECT_EQ(doc["image"]["platform_os"], "linux");
  EXPECT_EQ(doc["image"]["repo_tags"], Json::array({"sample/debian:1.0", "sample/debian:latest"}));

  ASSERT_EQ(doc["layers"].size(), 3u);
  EXPECT_EQ(doc["layers"][0]["empty"], false);
  EXPECT_EQ(doc["layers"][2]["empty"], true);
  EXPECT_EQ(doc["layers"][1]["created_by"].get<std::string>().substr(0, 30), "RUN /bin/sh -c apt-get update ");
  EXPECT_EQ(doc["layers"][1]["packages_added"], 3);
  EXPECT_EQ(doc["layers"][0]["compressed_size_bytes"], 29150123);

  ASSERT_EQ(doc["history"].size(), 5u);
  EXPECT_EQ(doc["history"][1]["empty_layer"], true);
  EXPECT_EQ(doc["history"][1]["layer_index"], -1);
  EXPECT_EQ(doc["history"][3]["created"], "");

  const Json& pkgs = doc["packages"];
  ASSERT_EQ(pkgs.size(), 6u);
  std::vector<std::string> order;
  for (const Json& p : pkgs) order.push_back(p["name"].get<std::string>() + "@" + p["path"].get<std::string>());
  EXPECT_EQ(order, (std::vector<std::string>{
                       "bash@/var/lib/dpkg/status", "bash@/var/lib/dpkg/status.d/bash",
                       "ca-certificates@/var/lib/dpkg/status", "curl@/var/lib/dpkg/status",
                       "libssl3@/var/lib/dpkg/status", "zlib1g@/var/lib/dpkg/status"}));
  EXPECT_EQ(pkgs[0]["type"], "deb");
  EXPECT_EQ(pkgs[0]["ecosystem"], "Debian:12");
  EXPECT_EQ(pkgs[0]["purl"], "pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12");
  EXPECT_EQ(pkgs[1]["purl"], pkgs[0]["purl"]);
  EXPECT_EQ(pkgs[1]["layer_index"], 1);
  EXPECT_EQ(pkgs[1]["layer_diff_id"], "sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740");
  EXPECT_EQ(pkgs[0]["created_by"], "/bin/sh -c #(nop) ADD file:8b1e79f91081eb527b455e4f9f8ab0d4fd7e8e0a1d in / ");
  EXPECT_EQ(pkgs[0]["source_name"], "bash");
  EXPECT_EQ(pkgs[0]["source_version"], "5.2.15-2");
  EXPECT_EQ(pkgs[0]["extractor"], "os/dpkg");
  EXPECT_EQ(pkgs[4]["purl"], "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  EXPECT_EQ(pkgs[5]["purl"], "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");

  ASSERT_EQ(doc["diagnostics"].size(), 2u);
  EXPECT_EQ(doc["diagnostics"][0]["code"], "corrupt");
  EXPECT_EQ(doc["diagnostics"][1]["code"], "limit_exceeded");
}

TEST(JsonReporter, AlpineAndRpmPurlsAndEcosystems) {
  Json alpine = Parse(Render("json", AlpineReport()));
  EXPECT_EQ(alpine["image"]["ref"], "docker.io/library/alpine:3.20");
  ASSERT_EQ(alpine["packages"].size(), 3u);
  EXPECT_EQ(alpine["packages"][0]["name"], "busybox");
  EXPECT_EQ(alpine["packages"][1]["type"], "apk");
  EXPECT_EQ(alpine["packages"][1]["ecosystem"], "Alpine:v3.20");
  EXPECT_EQ(alpine["packages"][1]["purl"], "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3");

  Json rpm = Parse(Render("json", RpmReport()));
  EXPECT_EQ(rpm["image"]["ref"], "oci-archive:rocky.tar:9");
  ASSERT_EQ(rpm["packages"].size(), 2u);
  const Json& ssl = rpm["packages"][1];
  EXPECT_EQ(ssl["name"], "openssl-libs");
  EXPECT_EQ(ssl["ecosystem"], "Rocky Linux:9");
  EXPECT_EQ(ssl["purl"], "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1");
  EXPECT_EQ(ssl["epoch"], "1");
  EXPECT_EQ(ssl["source_rpm"], "openssl-3.0.7-25.el9_3.src.rpm");
  EXPECT_EQ(rpm["layers"][0]["compressed_size_bytes"], -1);
  EXPECT_EQ(rpm["layers"][0]["packages_added"], nullptr);
}

// Shuffles every list whose order carries no meaning.
model::ScanReport Shuffled(model::ScanReport r, unsigned seed) {
  std::mt19937 rng(seed);
  std::shuffle(r.packages.begin(), r.packages.end(), rng);
  std::shuffle(r.image.layers.begin(), r.image.layers.end(), rng);
  std::shuffle(r.image.repo_tags.begin(), r.image.repo_tags.end(), rng);
  std::shuffle(r.layer_changes.begin(), r.layer_changes.end(), rng);
  std::shuffle(r.diagnostics.begin(), r.diagnostics.end(), rng);
  return r;
}

TEST(Determinism, EveryFormatIsByteIdenticalAcrossRunsAndInputOrders) {
  for (std::string_view format : {"json", "cyclonedx", "spdx"}) {
    for (const model::ScanReport& report : {DebianReport(), AlpineReport(), RpmReport()}) {
      std::string first = Render(format, report);
      EXPECT_EQ(Render(format, report), first) << format;
      for (unsigned seed = 1; seed <= 5; ++seed) {
        EXPECT_EQ(Render(format, Shuffled(report, seed)), first) << format << " seed " << seed;
      }
    }
  }
  HistoryOptions opts{false, testdata::kScanTime};
  for (std::string_view format : {"table", "json"}) {
    auto reporter = NewHistoryReporter(format, opts);
    ASSERT_TRUE(reporter.has_value());
    std::string first = Render(**reporter, DebianReport());
    for (unsigned seed = 1; seed <= 5; ++seed) {
      EXPECT_EQ(Render(**reporter, Shuffled(DebianReport(), seed)), first) << format << " seed " << seed;
    }
  }
}

TEST(Determinism, PackagesEqualUnderPackageLessStillSortTotally) {
  model::ScanReport r = AlpineReport();
  model::Package twin = r.packages[0];
  twin.extractor = "os/apk-other";
  twin.source_name = "other";
  r.packages.push_back(twin);
  std::string first = Render("json", r);
  std::reverse(r.packages.begin(), r.packages.end());
  EXPECT_EQ(Render("json", r), first);
}

TEST(DisplayRef, RemovesHostPaths) {
  EXPECT_EQ(DisplayRef("/home/me/img.tar"), "img.tar");
  EXPECT_EQ(DisplayRef("docker-archive:/tmp/x/img.tar"), "docker-archive:img.tar");
  EXPECT_EQ(DisplayRef("oci:/srv/layouts/app/"), "oci:app");
  EXPECT_EQ(DisplayRef("docker.io/library/debian:12"), "docker.io/library/debian:12");
  EXPECT_EQ(DisplayRef("localhost:5000/app:1"), "localhost:5000/app:1");
  EXPECT_EQ(DisplayRef("images/app.tar"), "images/app.tar");
  EXPECT_EQ(DisplayRef(""), "");
}

TEST(JsonReporter, Golden) { testdata::ExpectGolden("debian.json", Render("json", DebianReport())); }

}  // namespace
}  // namespace hullscan::report
