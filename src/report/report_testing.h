// Test support for the report tests (test-only; not part of hullscan_report): ScanReports
// built in code (Debian-like with three layers and an empty history entry, the same after a
// vulnerability scan with findings, Alpine-like, rpm-based), golden-file comparison under tests/golden/report/ (HULLSCAN_UPDATE_GOLDEN=1
// rewrites them), and schema validation with the shared official schemas through
// ../shared/schemas/validate.py. Single-threaded.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <tuple>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/byte_io.h"
#include "base/temp_dir.h"
#include "model/image_info.h"
#include "report/reporter.h"
#include "testing/testing.h"

namespace hullscan::report::testdata {

inline constexpr int64_t kScanTime = 1717243200;  // 2024-06-01T12:00:00Z

inline model::Package Pkg(model::PackageType type, std::string name, std::string version, std::string arch,
                          std::string path, std::string extractor, int layer) {
  model::Package p;
  p.type = type;
  p.name = std::move(name);
  p.version = std::move(version);
  p.arch = std::move(arch);
  p.path = std::move(path);
  p.extractor = std::move(extractor);
  p.layer_index = layer;
  return p;
}

inline model::LayerInfo Layer(int index, std::string digest, std::string diff_id, int64_t compressed,
                              uint64_t size, uint64_t files, int history_index) {
  model::LayerInfo l;
  l.index = index;
  l.digest = std::move(digest);
  l.diff_id = std::move(diff_id);
  l.media_type = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  l.compressed_size_bytes = compressed;
  l.size_bytes = size;
  l.tar_bytes = size + files * 512 + 1024;
  l.file_count = files;
  l.history_index = history_index;
  return l;
}

inline model::HistoryEntry History(std::string created, std::string created_by, std::string comment, bool empty,
                                   int layer) {
  model::HistoryEntry h;
  h.created = std::move(created);
  h.created_by = std::move(created_by);
  h.comment = std::move(comment);
  h.empty_layer = empty;
  h.layer_index = layer;
  return h;
}

/// A Debian 12 image saved with `docker save` to a host path: a base layer, a layer from
/// apt-get (with bash also recorded in a status.d file: the same purl at two paths), an
/// empty-tar layer, two empty_layer history entries (one without a created time).
inline model::ScanReport DebianReport() {
  using model::PackageType;
  model::ScanReport r;
  r.tool_version = "0.1.0-test";
  r.timestamp = kScanTime;
  r.image.ref = "/home/builder/images/debian-sample.tar";
  r.image.source_kind = "docker-archive";
  r.image.config_digest = "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910";
  r.image.manifest_digest = "sha256:05b3abf2579a5eb66403cd78be557fd860633a1fe2103c7642030defe32c657f";
  r.image.os = "linux";
  r.image.architecture = "amd64";
  r.image.created = "2024-06-01T11:59:30Z";
  r.image.repo_tags = {"sample/debian:latest", "sample/debian:1.0"};
  r.image.layers = {
      Layer(0, "sha256:0ad52e338662c923b15fd45a73c6e97336efccf28a7aef9449443cc6dd7415fb",
            "sha256:48dbc45a6738318c9e35db13781199f18495e5a61272ff94b60b30b8079da5c1", 29150123, 74812345, 3412, 0),
      Layer(1, "sha256:8b53639f152c8fc6ef30802fde462ba0be9cf085f7580dc69efd72e002abbb35",
            "sha256:2804bad6fe94a55f18b2b37e300919a5fd517b95aa81e95db574c0ba069a3740", 3456789, 9876543, 187, 2),
      Layer(2, "sha256:3f5bf853fc79bb6c549a5b9fc5423add0618d82e32d7698cfc84df5554d42864",
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", 32, 0, 0, 4),
  };
  r.image.history = {
      History("2024-05-13T00:00:00Z",
              "/bin/sh -c #(nop) ADD file:8b1e79f91081eb527b455e4f9f8ab0d4fd7e8e0a1d in / ", "", false, 0),
      History("2024-05-13T00:00:01Z", "/bin/sh -c #(nop)  CMD [\"bash\"]", "", true, -1),
      History("2024-05-20T09:58:00Z",
              "RUN /bin/sh -c apt-get update \t&& apt-get install -y --no-install-recommends curl "
              "ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit",
              "buildkit.dockerfile.v0", false, 1),
      History("", "LABEL org.opencontainers.image.title=sample", "buildkit.dockerfile.v0", true, -1),
      History("2024-06-01T11:59:30Z", "RUN /bin/sh -c true # buildkit", "buildkit.dockerfile.v0", false, 2),
  };
  r.distro = {"debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", ""};

  auto deb = [](std::string name, std::string version, std::string arch, std::string path, int layer,
                std::string source, std::string source_version, std::string license) {
    model::Package p = Pkg(PackageType::kDeb, std::move(name), std::move(version), std::move(arch), std::move(path),
                           "os/dpkg", layer);
    p.source_name = std::move(source);
    p.source_version = source_version.empty() ? p.version : std::move(source_version);
    p.license = std::move(license);
    return p;
  };
  r.packages = {
      deb("bash", "5.2.15-2+b7", "amd64", "/var/lib/dpkg/status", 0, "bash", "5.2.15-2", "GPL-3+"),
      deb("bash", "5.2.15-2+b7", "amd64", "/var/lib/dpkg/status.d/bash", 1, "bash", "5.2.15-2", "GPL-3+"),
      deb("ca-certificates", "20230311", "all", "/var/lib/dpkg/status", 1, "ca-certificates", "",
          "GPL-2+ and MPL-2.0"),
      deb("curl", "7.88.1-10+deb12u5", "amd64", "/var/lib/dpkg/status", 1, "curl", "", "curl"),
      deb("libssl3", "3.0.11-1~deb12u2", "amd64", "/var/lib/dpkg/status", 0, "openssl", "", ""),
      deb("zlib1g", "1:1.2.13.dfsg-1", "amd64", "/var/lib/dpkg/status", 0, "zlib", "", "Zlib"),
  };
  r.packages[0].maintainer = "Matthias Klose <doko@debian.org>";
  r.layer_changes = {{0, 4, 0, 0}, {1, 3, 0, 0}, {2, 0, 0, 0}};
  r.diagnostics = {
      {"extract", 1, "/var/lib/dpkg/status.d/broken", "os/dpkg", "corrupt",
       "/var/lib/dpkg/status.d/broken:3: missing 'Package' field"},
      {"layer", 2, "", "", "limit_exceeded", "layer 3/3: entry count above limit"},
  };
  return r;
}

/// An Alpine 3.20 image from a registry: one layer, one history entry.
inline model::ScanReport AlpineReport() {
  using model::PackageType;
  model::ScanReport r;
  r.tool_version = "0.1.0-test";
  r.timestamp = kScanTime;
  r.image.ref = "docker.io/library/alpine:3.20";
  r.image.source_kind = "registry";
  r.image.config_digest = "sha256:5c91f26255f5700f9b876cbb6c2996e9e3368ff9eda080f2d86635e2e40c0636";
  r.image.os = "linux";
  r.image.architecture = "amd64";
  r.image.layers = {Layer(0, "sha256:ca33079a3cf69ccf80a3fb36113523e9e911528f6a76eee72d44a4832c3d3335",
                          "sha256:4183c631c5a4b6938ba1770377072fcc5f4d403f2109f382e57d90d6897d2623", 3623807, 8828823,
                          84, 0)};
  r.image.history = {History("2024-09-06T22:20:07Z", "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit",
                             "buildkit.dockerfile.v0", false, 0)};
  r.distro = {"alpine", "3.20.3", "", "Alpine Linux", "Alpine Linux v3.20", ""};
  auto apk = [](std::string name, std::string version, std::string origin, std::string license) {
    model::Package p = Pkg(PackageType::kApk, std::move(name), std::move(version), "x86_64", "/lib/apk/db/installed",
                           "os/apk", 0);
    p.source_name = std::move(origin);
    p.license = std::move(license);
    return p;
  };
  r.packages = {apk("musl", "1.2.5-r0", "musl", "MIT"), apk("busybox", "1.36.1-r29", "busybox", "GPL-2.0-only"),
                apk("ssl_client", "1.36.1-r29", "busybox", "GPL-2.0-only")};
  r.layer_changes = {{0, 3, 0, 0}};
  return r;
}

/// A Rocky Linux 9 image from an OCI archive on a host path: rpm packages with an epoch.
inline model::ScanReport RpmReport() {
  using model::PackageType;
  model::ScanReport r;
  r.tool_version = "0.1.0-test";
  r.timestamp = kScanTime;
  r.image.ref = "oci-archive:/srv/images/rocky.tar:9";
  r.image.source_kind = "oci-archive";
  r.image.config_digest = "sha256:ef48d2d5c26583765d282eb70dc2edad7b677cfb3c18b7a2ec3244ad5fac6c5f";
  r.image.os = "linux";
  r.image.architecture = "amd64";
  r.image.layers = {Layer(0, "sha256:7c87f15eb1c1e22419cc311f162b82a07f975db6ee33f451386f3e2aa6cbf7d3",
                          "sha256:aa3e1a594eb9f4202f4cb2259591b5459895e5885501c466284309159d5c0b04", -1, 176000000,
                          12000, -1)};
  r.distro = {"rocky", "9.3", "", "Rocky Linux", "Rocky Linux 9.3 (Blue Onyx)", "rhel centos fedora"};
  model::Package ssl = Pkg(PackageType::kRpm, "openssl-libs", "1:3.0.7-25.el9_3", "x86_64",
                           "/var/lib/rpm/rpmdb.sqlite", "os/rpm", 0);
  ssl.epoch = "1";
  ssl.release = "25.el9_3";
  ssl.source_name = "openssl";
  ssl.source_rpm = "openssl-3.0.7-25.el9_3.src.rpm";
  ssl.vendor = "Rocky Enterprise Software Foundation";
  ssl.license = "ASL 2.0";
  model::Package bash = Pkg(PackageType::kRpm, "bash", "5.1.8-6.el9_1", "x86_64", "/var/lib/rpm/rpmdb.sqlite",
                            "os/rpm", 0);
  bash.release = "6.el9_1";
  bash.source_name = "bash";
  bash.source_rpm = "bash-5.1.8-6.el9_1.src.rpm";
  bash.vendor = "Rocky Enterprise Software Foundation";
  bash.license = "GPLv3+";
  r.packages = {ssl, bash};
  return r;
}

inline model::Finding MakeFinding(std::string id, size_t package_index, const model::Package& p, std::string fixed,
                                  std::string status, std::string severity, std::string source, std::string title) {
  model::Finding f;
  f.id = std::move(id);
  f.package_index = package_index;
  f.installed_version = p.version;
  f.fixed_version = std::move(fixed);
  f.status = std::move(status);
  f.severity = std::move(severity);
  f.layer_index = p.layer_index;
  f.target = p.type == model::PackageType::kDeb ? "os-pkgs" : p.path;
  f.data_source = std::move(source);
  f.title = std::move(title);
  return f;
}

/// The Debian image of DebianReport() with three language packages (npm, maven, golang) added,
/// after a vulnerability scan: findings of every severity, with and without a fix, with CVSS
/// v3.0/v3.1 vectors, EPSS and KEV, on OS and language targets, and the DB that was used.
inline model::ScanReport DebianScanReport() {
  using model::PackageType;
  model::ScanReport r = DebianReport();
  model::Package lodash = Pkg(PackageType::kNpm, "lodash", "4.17.20", "", "/app/package-lock.json", "lang/npm", 2);
  lodash.license = "MIT";
  model::Package log4j = Pkg(PackageType::kMaven, "org.apache.logging.log4j:log4j-core", "2.14.1", "",
                             "/app/lib/log4j-core-2.14.1.jar", "lang/java", 2);
  model::Package gin = Pkg(PackageType::kGolang, "github.com/gin-gonic/gin", "v1.9.0", "", "/app/bin/server",
                           "lang/golang", 2);
  r.packages.push_back(lodash);
  r.packages.push_back(log4j);
  r.packages.push_back(gin);
  std::sort(r.packages.begin(), r.packages.end(), model::PackageLess);
  auto index_of = [&r](const std::string& name, const std::string& path) {
    for (size_t i = 0; i < r.packages.size(); ++i) {
      if (r.packages[i].name == name && r.packages[i].path == path) return i;
    }
    return r.packages.size();
  };
  auto find = [&](std::string id, const std::string& name, const std::string& path, std::string fixed,
                  std::string status, std::string severity, std::string source, std::string title) {
    size_t i = index_of(name, path);
    return MakeFinding(std::move(id), i, r.packages[i], std::move(fixed), std::move(status), std::move(severity),
                       std::move(source), std::move(title));
  };
  r.vulnerability_scan = true;
  r.db.schema_version = 1;
  r.db.feeds = {
      {"epss", "epss", "2024-05-31", 245000, "epss_scores-2024-05-31.csv.gz", "sha256:00", "2024-06-01T06:00:00Z"},
      {"kev", "kev", "2024-05-30", 1140, "known_exploited_vulnerabilities.json", "sha256:01", "2024-06-01T06:00:00Z"},
      {"osv:Debian", "osv", "2024-05-31T23:10:00Z", 41230, "Debian/all.zip", "sha256:02", "2024-06-01T06:00:00Z"},
      {"osv:Maven", "osv", "2024-05-31T22:00:00Z", 5120, "Maven/all.zip", "sha256:03", "2024-06-01T06:00:00Z"},
      {"osv:npm", "osv", "2024-05-31T22:30:00Z", 15600, "npm/all.zip", "sha256:04", "2024-06-01T06:00:00Z"},
  };

  model::Finding curl = find("CVE-2024-2398", "curl", "/var/lib/dpkg/status", "7.88.1-10+deb12u6", "fixed", "HIGH",
                             "osv:Debian", "curl: HTTP/2 push headers memory-leak");
  curl.severity_source = "nvd";
  curl.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
  curl.cvss_score = 7.5;
  curl.epss_score = 0.00043;
  curl.epss_percentile = 0.09981;
  curl.detail = {"dpkg", "source-name", "Debian:12", "curl", "7.88.1-10+deb12u5", "dpkg",
                 "introduced 0, fixed 7.88.1-10+deb12u6"};

  model::Finding ssl1 = find("CVE-2023-5678", "libssl3", "/var/lib/dpkg/status", "3.0.13-1~deb12u1", "fixed",
                             "MEDIUM", "osv:Debian",
                             "openssl: Generating excessively long X9.42 DH keys or checking excessively long "
                             "X9.42 DH keys or parameters may be very slow");
  ssl1.severity_source = "nvd";
  ssl1.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L";
  ssl1.cvss_score = 5.3;
  ssl1.detail = {"dpkg", "source-name", "Debian:12", "openssl", "3.0.11-1~deb12u2", "dpkg",
                 "introduced 0, fixed 3.0.13-1~deb12u1"};

  model::Finding ssl2 = find("CVE-2024-2511", "libssl3", "/var/lib/dpkg/status", "", "affected", "LOW",
                             "osv:Debian", "openssl: Unbounded memory growth with session handling in TLSv1.3");
  ssl2.severity_source = "debian";
  ssl2.detail = {"dpkg", "source-name", "Debian:12", "openssl", "3.0.11-1~deb12u2", "dpkg", "introduced 0"};

  model::Finding zlib = find("CVE-2023-45853", "zlib1g", "/var/lib/dpkg/status", "", "will_not_fix", "CRITICAL",
                             "osv:Debian", "zlib: integer overflow and resultant heap-based buffer overflow in "
                                           "zipOpenNewFileInZip4_6");
  zlib.severity_source = "nvd";
  zlib.cvss_vector = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  zlib.cvss_score = 9.8;
  zlib.epss_score = 0.01;
  zlib.epss_percentile = 0.8312;
  zlib.detail = {"dpkg", "source-name", "Debian:12", "zlib", "1:1.2.13.dfsg-1", "dpkg", "introduced 0"};

  model::Finding bash = find("TEMP-0841856-B18BAF", "bash", "/var/lib/dpkg/status", "", "affected", "UNKNOWN",
                             "osv:Debian", "");
  bash.detail = {"dpkg", "source-name", "Debian:12", "bash", "5.2.15-2+b7", "dpkg", "introduced 0"};

  model::Finding lodash_f = find("GHSA-35jh-r3h4-6jhm", "lodash", "/app/package-lock.json", "4.17.21", "fixed",
                                 "HIGH", "osv:npm", "Command Injection in lodash");
  lodash_f.aliases = {"CVE-2021-23337"};
  lodash_f.severity_source = "ghsa";
  lodash_f.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H";
  lodash_f.cvss_score = 7.2;
  lodash_f.epss_score = 0.00734;
  lodash_f.epss_percentile = 0.80538;
  lodash_f.detail = {"language", "purl", "npm", "lodash", "4.17.20", "semver", "introduced 0, fixed 4.17.21"};

  model::Finding log4shell = find("GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core",
                                  "/app/lib/log4j-core-2.14.1.jar", "2.15.0", "fixed", "CRITICAL", "osv:Maven",
                                  "Remote code injection in Log4j");
  log4shell.aliases = {"CVE-2021-44228"};
  log4shell.severity_source = "ghsa";
  log4shell.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  log4shell.cvss_score = 10.0;
  log4shell.epss_score = 0.97565;
  log4shell.epss_percentile = 0.99996;
  log4shell.kev = true;
  log4shell.kev_date_added = "2021-12-10";
  log4shell.detail = {"language", "purl", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "maven",
                      "introduced 2.13.0, fixed 2.15.0"};

  r.findings = {curl, ssl1, ssl2, zlib, bash, lodash_f, log4shell};
  std::sort(r.findings.begin(), r.findings.end(), [](const model::Finding& a, const model::Finding& b) {
    return std::tie(a.target, a.package_index, a.id) < std::tie(b.target, b.package_index, b.id);
  });
  return r;
}

/// DebianScanReport() with every finding removed: a clean vulnerability scan.
inline model::ScanReport CleanScanReport() {
  model::ScanReport r = DebianScanReport();
  r.findings.clear();
  return r;
}

/// Writes `report` with `reporter`; fails the test on error.
inline std::string Render(const Reporter& reporter, const model::ScanReport& report) {
  StringSink sink;
  Status st = reporter.Write(report, sink);
  EXPECT_TRUE(st.has_value()) << (st ? "" : st.error().message());
  return sink.Take();
}

inline std::string Render(std::string_view sbom_format, const model::ScanReport& report) {
  auto reporter = NewSbomReporter(sbom_format);
  EXPECT_TRUE(reporter.has_value());
  if (!reporter) return "";
  return Render(**reporter, report);
}

inline std::string RenderScan(std::string_view format, const model::ScanReport& report, bool explain = false) {
  auto reporter = NewScanReporter(format, ScanReportOptions{explain});
  EXPECT_TRUE(reporter.has_value());
  if (!reporter) return "";
  return Render(**reporter, report);
}

/// Compares `actual` with tests/golden/report/<name>; with HULLSCAN_UPDATE_GOLDEN=1 rewrites it.
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = hullscan::testing::SourceDir() + "/tests/golden/report/" + name;
  const char* update = std::getenv("HULLSCAN_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << actual;
    ASSERT_TRUE(f.good()) << "cannot write golden " << path;
    return;
  }
  ASSERT_TRUE(hullscan::testing::Exists(path))
      << "missing golden " << path << " (run the test with HULLSCAN_UPDATE_GOLDEN=1 and review the diff)";
  EXPECT_EQ(hullscan::testing::ReadTestFile(path), actual)
      << "output differs from " << path << " (HULLSCAN_UPDATE_GOLDEN=1 rewrites it; review the diff)";
}

struct SchemaCheck {
  bool skipped = false;
  std::string reason;  ///< why it was skipped
  int exit_code = -1;
  std::string output;
};

/// One document to validate and the validate.py KIND to check it against.
struct SchemaDoc {
  std::string kind;  ///< "cyclonedx-1.6", "spdx-2.3", "spdx-2.3.1", "sarif-2.1.0"
  std::string text;
};

/// Validates every document with the shared validate.py (its main(), so the verdict and
/// messages are exactly those of `python3 validate.py KIND FILE`), in one python3 process
/// because each start costs seconds on a loaded machine. exit_code is the worst of the runs.
/// Skips (with the reason) when validate.py, a schema file, or python3 with jsonschema is missing.
inline SchemaCheck ValidateWithSchema(const std::vector<SchemaDoc>& docs) {
  SchemaCheck r;
  std::vector<std::string> needed = {"schemas/validate.py"};
  for (const SchemaDoc& d : docs) {
    if (d.kind == "cyclonedx-1.6") {
      needed.insert(needed.end(), {"schemas/bom-1.6.schema.json", "schemas/spdx.schema.json",
                                   "schemas/jsf-0.82.schema.json"});
    } else if (d.kind == "spdx-2.3") {
      needed.push_back("schemas/spdx-schema.json");
    } else if (d.kind == "spdx-2.3.1") {
      needed.push_back("schemas/spdx-schema-2.3.1.json");
    } else if (d.kind == "sarif-2.1.0") {
      needed.push_back("schemas/sarif-schema-2.1.0.json");
    }
  }
  for (const std::string& rel : needed) {
    if (hullscan::testing::SharedPath(rel).empty()) {
      r.skipped = true;
      r.reason = "missing test data: " + hullscan::testing::SharedDir() + "/" + rel;
      return r;
    }
  }
  auto dir = TempDir::Create();
  if (!dir) {
    r.output = "cannot create temp dir: " + dir.error().message();
    return r;
  }
  std::string args;
  for (const SchemaDoc& d : docs) {
    std::string file = (*dir)->NewPath(".json");
    std::ofstream f(file, std::ios::binary);
    f << d.text;
    if (!f.good()) {
      r.output = "cannot write " + file;
      return r;
    }
    args += " " + d.kind + " '" + file + "'";
  }
  std::string script_dir = hullscan::testing::SharedPath("schemas");
  std::string cmd =
      "python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import validate; "
      "a = sys.argv[2:]; sys.exit(max([validate.main([k, f]) for k, f in zip(a[0::2], a[1::2])] or [0]))' '" +
      script_dir + "'" + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    r.output = "cannot run " + cmd;
    return r;
  }
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (r.exit_code == 127 || r.output.find("needs jsonschema") != std::string::npos ||
      r.output.find("No module named") != std::string::npos) {
    r.skipped = true;
    r.reason = "python3 with jsonschema is not available (Debian: apt-get install python3-jsonschema): " + r.output;
  }
  return r;
}

}  // namespace hullscan::report::testdata

/// Validates a std::vector<SchemaDoc> against the official schemas; skips the test loudly
/// when the validator or a schema is missing.
#define HS_EXPECT_SCHEMA_VALID(docs)                                          \
  do {                                                                        \
    auto hs_check_ = ::hullscan::report::testdata::ValidateWithSchema(docs);  \
    if (hs_check_.skipped) GTEST_SKIP() << "SKIPPED: " << hs_check_.reason;   \
    EXPECT_EQ(hs_check_.exit_code, 0) << hs_check_.output;                    \
  } while (0)
