#include "match/matcher.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "base/temp_dir.h"

namespace hullscan::match {
namespace {

using Kind = model::RangeEvent::Kind;
using Op = model::VersionConstraint::Op;

model::AffectedPackage Fixed(const std::string& eco, const std::string& name, const std::string& fixed) {
  model::AffectedPackage p;
  p.ecosystem = eco;
  p.name = name;
  p.ranges = {{model::AffectedRange::Type::kEcosystem, {{Kind::kIntroduced, "0"}, {Kind::kFixed, fixed}}, {}}};
  return p;
}

model::Advisory Adv(const std::string& id, std::vector<std::string> aliases, std::vector<model::AffectedPackage> aff) {
  model::Advisory a;
  a.id = id;
  a.aliases = std::move(aliases);
  a.summary = id + " summary";
  a.affected = std::move(aff);
  return a;
}

model::Package Pkg(model::PackageType t, const std::string& name, const std::string& version,
                   const std::string& source = "", const std::string& source_version = "") {
  model::Package p;
  p.type = t;
  p.name = name;
  p.version = version;
  p.source_name = source;
  p.source_version = source_version;
  p.layer_index = 1;
  p.path = "/x";
  return p;
}

class MatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Create();
    ASSERT_TRUE(dir.has_value());
    dir_ = std::move(*dir);
    db_ = dir_->path() + "/advisories.db";
    auto w = store::AdvisoryWriter::Begin(db_);
    ASSERT_TRUE(w.has_value()) << w.error().message();
    ASSERT_TRUE((*w)->BeginFeed({"t", "test", "/t", "sha256:0"}).has_value());
    std::vector<model::Advisory> advs;
    // Debian: keyed by source package, fixed in a source version, per release.
    advs.push_back(Adv("DSA-1", {"CVE-2023-0001"}, {Fixed("Debian:12", "openssl", "3.0.11-1~deb12u2"),
                                                     Fixed("Debian:11", "openssl", "1.1.1w-0+deb11u1")}));
    // Same CVE from another feed: merged into one finding.
    advs.push_back(Adv("CVE-2023-0001", {}, {Fixed("Debian:12", "openssl", "3.0.11-1~deb12u2")}));
    // Only another release is affected: a near miss.
    advs.push_back(Adv("DSA-2", {"CVE-2023-0002"}, {Fixed("Debian:11", "zlib", "1:1.2.11.dfsg-2+deb11u2")}));
    // Alpine by origin and branch.
    advs.push_back(Adv("CVE-2023-0003", {}, {Fixed("Alpine:v3.20", "openssl", "3.3.2-r0")}));
    advs.push_back(Adv("CVE-2023-0004", {}, {Fixed("Alpine:v3.19", "openssl", "3.1.9-r0")}));
    model::AffectedPackage never = Fixed("Alpine:v3.20", "busybox", "0");
    never.ranges.clear();
    never.state = model::FixState::kNotAffected;
    advs.push_back(Adv("CVE-2023-0005", {}, {never}));
    // Language: PyPI name normalisation, withdrawn record, Go "v" prefix, RubySec constraints.
    advs.push_back(Adv("GHSA-pypi", {"CVE-2023-0006"}, {Fixed("PyPI", "Foo.Bar", "2.0")}));
    model::Advisory withdrawn = Adv("GHSA-gone", {}, {Fixed("PyPI", "foo-bar", "9.0")});
    withdrawn.withdrawn = "2024-01-01T00:00:00Z";
    advs.push_back(withdrawn);
    model::AffectedPackage go;
    go.ecosystem = "Go";
    go.name = "golang.org/x/net";
    go.ranges = {{model::AffectedRange::Type::kSemver, {{Kind::kIntroduced, "0"}, {Kind::kFixed, "0.17.0"}}, {}}};
    advs.push_back(Adv("GO-2023-1", {"CVE-2023-0007"}, {go}));
    model::AffectedPackage stdlib = go;
    stdlib.name = "stdlib";
    stdlib.ranges[0].events = {{Kind::kIntroduced, "1.21.0-0"}, {Kind::kFixed, "1.21.3"}};
    advs.push_back(Adv("GO-2023-2", {}, {stdlib}));
    model::AffectedPackage gem;
    gem.ecosystem = "RubyGems";
    gem.name = "rack";
    gem.ranges = {{model::AffectedRange::Type::kConstraints, {}, {}}};
    gem.unaffected = {{model::AffectedRange::Type::kConstraints, {}, {{Op::kGe, "2.2.8"}, {Op::kLt, "2.3"}, {Op::kGe, "2.2.8.1"}}},
                      {model::AffectedRange::Type::kConstraints, {}, {{Op::kGe, "3.0.9.1"}}}};
    advs.push_back(Adv("CVE-2023-0008", {}, {gem}));
    model::AffectedPackage php;
    php.ecosystem = "Packagist";
    php.name = "symfony/http-kernel";
    php.ranges = {{model::AffectedRange::Type::kConstraints, {}, {{Op::kGe, "5.0.0"}, {Op::kLt, "5.4.20"}}}};
    advs.push_back(Adv("CVE-2023-0009", {}, {php}));
    // rpm: records by source name whose fixes are the source's version.
    advs.push_back(Adv("ALSA-perl", {}, {Fixed("AlmaLinux:9", "perl", "4:5.32.1-482.el9")}));
    advs.push_back(Adv("ALSA-openssl", {}, {Fixed("AlmaLinux:9", "openssl", "1:3.0.7-28.el9")}));
    model::Advisory nvd = Adv("CVE-2023-0003", {}, {});
    nvd.severity = {{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "HIGH", "nvd"}};
    advs.push_back(nvd);
    // Two records of one vulnerability for one package: the first has no fix and no severity of
    // its own, the second (which names one more alias) brings both.
    model::AffectedPackage open = Fixed("npm", "merge-me", "0");
    open.ranges = {{model::AffectedRange::Type::kSemver, {{Kind::kIntroduced, "0"}}, {}}};
    open.state = model::FixState::kAffected;
    advs.push_back(Adv("GHSA-merge", {"CVE-2023-0010"}, {open}));
    model::Advisory with_fix = Adv("CVE-2023-0010", {"OSV-merge"}, {Fixed("npm", "merge-me", "2.0.0")});
    with_fix.severity = {{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL", "nvd"}};
    advs.push_back(with_fix);
    for (auto& a : advs) ASSERT_TRUE((*w)->AddAdvisory(a).has_value());
    ASSERT_TRUE((*w)->AddEpss({"CVE-2023-0003", 0.25, 0.97}).has_value());
    ASSERT_TRUE((*w)->AddKev({"CVE-2023-0001", "2023-05-01", "2023-05-22", "OpenSSL", "OpenSSL", "x", false}).has_value());
    ASSERT_TRUE((*w)->EndFeed("", advs.size(), 0, "").has_value());
    ASSERT_TRUE((*w)->Commit().has_value());
    auto s = store::AdvisoryStore::Open(db_);
    ASSERT_TRUE(s.has_value());
    store_ = std::move(*s);
  }

  MatchResult Run(const std::vector<model::Package>& pkgs, const model::Distro& d) {
    auto r = MatchInventory(pkgs, d, *store_);
    EXPECT_TRUE(r.has_value()) << r.error().message();
    return std::move(*r);
  }

  std::unique_ptr<TempDir> dir_;
  std::string db_;
  std::unique_ptr<store::AdvisoryStore> store_;
};

model::Distro Debian12() { return {"debian", "12", "bookworm", "Debian GNU/Linux", "", ""}; }
model::Distro Alpine320() { return {"alpine", "3.20.3", "", "Alpine Linux", "", ""}; }

TEST_F(MatchTest, DebianBySourceAndRelease) {
  auto r = Run({Pkg(model::PackageType::kDeb, "libssl3", "3.0.11-1~deb12u1", "openssl", "3.0.11-1~deb12u1"),
                Pkg(model::PackageType::kDeb, "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1")},
               Debian12());
  ASSERT_EQ(r.findings.size(), 1u);
  const auto& f = r.findings[0];
  EXPECT_EQ(f.id, "DSA-1");
  EXPECT_EQ(f.aliases, std::vector<std::string>{"CVE-2023-0001"});
  EXPECT_EQ(f.fixed_version, "3.0.11-1~deb12u2");
  EXPECT_EQ(f.status, "fixed");
  EXPECT_EQ(f.detail.kind, "source-name");
  EXPECT_EQ(f.detail.ecosystem, "Debian:12");
  EXPECT_EQ(f.detail.name, "openssl");
  EXPECT_EQ(f.detail.range, "introduced 0, fixed 3.0.11-1~deb12u2");
  EXPECT_EQ(f.detail.scheme, "dpkg");
  EXPECT_TRUE(f.kev);
  EXPECT_EQ(f.kev_date_added, "2023-05-01");
  EXPECT_EQ(f.layer_index, 1);
}

TEST_F(MatchTest, DebianAtTheFixIsClean) {
  auto r = Run({Pkg(model::PackageType::kDeb, "libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2")}, Debian12());
  EXPECT_TRUE(r.findings.empty());
}

TEST_F(MatchTest, AlpineByOriginAndBranch) {
  auto r = Run({Pkg(model::PackageType::kApk, "libcrypto3", "3.3.1-r0", "openssl"),
                Pkg(model::PackageType::kApk, "busybox", "1.36.1-r29", "busybox")},
               Alpine320());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].id, "CVE-2023-0003");  // not the v3.19 record, not the "0" record
  EXPECT_EQ(r.findings[0].fixed_version, "3.3.2-r0");
  // Severity from the NVD record of the same CVE, with its source; EPSS by CVE.
  EXPECT_EQ(r.findings[0].severity, "HIGH");
  EXPECT_EQ(r.findings[0].severity_source, "nvd");
  EXPECT_EQ(r.findings[0].cvss_score, 7.5);
  EXPECT_EQ(r.findings[0].epss_percentile, 0.97);
  EXPECT_FALSE(r.findings[0].kev);
}

TEST_F(MatchTest, RecordsOfOneVulnerabilityMakeOneFinding) {
  auto r = Run({Pkg(model::PackageType::kNpm, "merge-me", "1.0.0")}, model::Distro{});
  ASSERT_EQ(r.findings.size(), 1u);
  const auto& f = r.findings[0];
  EXPECT_EQ(f.id, "GHSA-merge");
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"CVE-2023-0010", "OSV-merge"}));
  EXPECT_EQ(f.fixed_version, "2.0.0");  // from the second record
  EXPECT_EQ(f.status, "fixed");
  EXPECT_EQ(f.severity, "CRITICAL");
  EXPECT_EQ(f.severity_source, "nvd");
  EXPECT_EQ(f.cvss_score, 9.8);
  EXPECT_EQ(f.detail.range, "introduced 0");  // how the first record held
  EXPECT_EQ(f.detail.scheme, "semver");
}

TEST_F(MatchTest, FindingsComeInTheCallersOrderOfPackages) {
  std::vector<model::Package> pkgs = {Pkg(model::PackageType::kPypi, "foo_bar", "1.9"),
                                      Pkg(model::PackageType::kGem, "rack", "2.2.6"),
                                      Pkg(model::PackageType::kNpm, "merge-me", "1.0.0")};
  auto ids = [](const MatchResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) out.push_back(std::to_string(f.package_index) + ":" + f.id);
    return out;
  };
  // Without ranks: by package, then id.
  EXPECT_EQ(ids(Run(pkgs, model::Distro{})),
            (std::vector<std::string>{"0:GHSA-pypi", "1:CVE-2023-0008", "2:GHSA-merge"}));
  std::vector<uint32_t> rank = {2, 0, 1};
  auto r = MatchInventory(pkgs, model::Distro{}, *store_, rank);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(ids(*r), (std::vector<std::string>{"1:CVE-2023-0008", "2:GHSA-merge", "0:GHSA-pypi"}));
  // Packages that share a rank order their findings by id.
  rank = {0, 0, 1};
  r = MatchInventory(pkgs, model::Distro{}, *store_, rank);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(ids(*r), (std::vector<std::string>{"1:CVE-2023-0008", "0:GHSA-pypi", "2:GHSA-merge"}));
  rank = {0, 1};
  EXPECT_EQ(MatchInventory(pkgs, model::Distro{}, *store_, rank).error().code(), ErrorCode::kInternal);
}

TEST_F(MatchTest, ManyPackagesMatchAsEachAlone) {
  // Enough packages for several threads and several reads of the index per thread; each one's
  // findings are those it has alone.
  std::vector<model::Package> kinds = {
      Pkg(model::PackageType::kPypi, "foo_bar", "1.9"),      Pkg(model::PackageType::kGem, "rack", "2.2.6"),
      Pkg(model::PackageType::kGem, "rack", "3.0.0"),        Pkg(model::PackageType::kNpm, "merge-me", "1.0.0"),
      Pkg(model::PackageType::kGolang, "stdlib", "go1.21.1"), Pkg(model::PackageType::kNpm, "unknown", "1.0.0"),
      Pkg(model::PackageType::kPypi, "foo-bar", "not a version!")};
  std::vector<MatchResult> alone;
  for (const auto& p : kinds) alone.push_back(Run({p}, model::Distro{}));
  std::vector<model::Package> pkgs;
  for (size_t i = 0; i < 1500; ++i) pkgs.push_back(kinds[i % kinds.size()]);
  MatchResult all = Run(pkgs, model::Distro{});
  std::vector<model::Finding> want;
  std::vector<model::Diagnostic> want_diagnostics;
  uint64_t want_queries = 0;
  for (size_t i = 0; i < pkgs.size(); ++i) {
    const MatchResult& one = alone[i % kinds.size()];
    for (model::Finding f : one.findings) {
      f.package_index = i;
      want.push_back(std::move(f));
    }
    want_diagnostics.insert(want_diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
    want_queries += one.queries;
  }
  EXPECT_EQ(all.findings, want);
  EXPECT_EQ(all.diagnostics, want_diagnostics);
  EXPECT_EQ(all.queries, want_queries);
}

TEST_F(MatchTest, LanguageEcosystems) {
  auto go_bin = Pkg(model::PackageType::kGolang, "golang.org/x/net", "v0.15.0");
  auto go_std = Pkg(model::PackageType::kGolang, "stdlib", "go1.21.1");
  auto go_new = Pkg(model::PackageType::kGolang, "golang.org/x/net", "v0.17.0");
  auto py = Pkg(model::PackageType::kPypi, "foo_bar", "1.9");
  auto rack_old = Pkg(model::PackageType::kGem, "rack", "2.2.6");
  auto rack_patched = Pkg(model::PackageType::kGem, "rack", "2.2.8.1");
  auto rack_three = Pkg(model::PackageType::kGem, "rack", "3.0.0");
  auto php = Pkg(model::PackageType::kComposer, "symfony/http-kernel", "5.4.19");
  auto r = Run({go_bin, go_std, go_new, py, rack_old, rack_patched, rack_three, php}, model::Distro{});
  std::map<size_t, std::vector<std::string>> by_pkg;
  for (const auto& f : r.findings) by_pkg[f.package_index].push_back(f.id + "@" + f.fixed_version);
  EXPECT_EQ(by_pkg[0], std::vector<std::string>{"GO-2023-1@0.17.0"});
  EXPECT_EQ(by_pkg[1], std::vector<std::string>{"GO-2023-2@1.21.3"});
  EXPECT_EQ(by_pkg.count(2), 0u);
  EXPECT_EQ(by_pkg[3], std::vector<std::string>{"GHSA-pypi@2.0"});  // the withdrawn record is not used
  EXPECT_EQ(by_pkg[4], std::vector<std::string>{"CVE-2023-0008@2.2.8.1"});
  EXPECT_EQ(by_pkg.count(5), 0u);
  EXPECT_EQ(by_pkg[6], std::vector<std::string>{"CVE-2023-0008@3.0.9.1"});
  EXPECT_EQ(by_pkg[7], std::vector<std::string>{"CVE-2023-0009@5.4.20"});
}

TEST_F(MatchTest, OsOwnedProjectAndNotInstalledPackagesAreNotMatchedUpstream) {
  auto owned = Pkg(model::PackageType::kPypi, "foo-bar", "1.9");
  owned.path = "/usr/lib/python3/dist-packages/foo_bar-1.9.egg-info/PKG-INFO";
  owned.os_owner = "python3-foo-bar";
  auto pip = owned;
  pip.path = "/usr/local/lib/python3.11/dist-packages/foo_bar-1.9.dist-info/METADATA";
  pip.os_owner.clear();
  auto project = pip;
  project.project = true;
  auto stale = pip;
  stale.not_installed = true;
  auto r = Run({owned, pip, project, stale}, Debian12());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].package_index, 1u);
  // Ownership, not the path, decides: the same path without an owner is matched.
  owned.os_owner.clear();
  EXPECT_EQ(Run({owned}, Debian12()).findings.size(), 1u);
}

TEST_F(MatchTest, UnparsableVersionIsADiagnosticNotAGuess) {
  auto r = Run({Pkg(model::PackageType::kPypi, "foo-bar", "not a version!")}, model::Distro{});
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].stage, "match");
  EXPECT_NE(r.diagnostics[0].message.find("pep440"), std::string::npos) << r.diagnostics[0].message;
}

TEST_F(MatchTest, RpmSourceNameOnlyForBinariesOfTheSourceVersion) {
  auto rpm = [](const std::string& name, const std::string& evr, const std::string& srpm) {
    model::Package p = Pkg(model::PackageType::kRpm, name, evr);
    p.source_rpm = srpm;
    return p;
  };
  model::Distro alma{"almalinux", "9.4", "", "AlmaLinux", "", ""};
  auto r = Run({rpm("openssl-libs", "1:3.0.7-27.el9", "openssl-3.0.7-27.el9.src.rpm"),
                // A subpackage with a version of its own (perl 4:5.32.1 builds perl-Errno 1.30):
                // its version says nothing about perl's fixes.
                rpm("perl-Errno", "1.30-481.el9", "perl-5.32.1-481.el9.src.rpm"),
                rpm("perl-libs", "4:5.32.1-481.el9", "perl-5.32.1-481.el9.src.rpm")},
               alma);
  std::set<std::tuple<size_t, std::string, std::string, std::string>> got;
  for (const auto& f : r.findings) got.insert({f.package_index, f.id, f.detail.kind, f.fixed_version});
  EXPECT_EQ(got, (std::set<std::tuple<size_t, std::string, std::string, std::string>>{
                     {0, "ALSA-openssl", "source-name", "1:3.0.7-28.el9"},
                     {2, "ALSA-perl", "source-name", "4:5.32.1-482.el9"}}));
}

TEST(DistroEcosystem, Names) {
  EXPECT_EQ(DistroEcosystem({"debian", "12", "bookworm", "", "", ""}), "Debian:12");
  EXPECT_EQ(DistroEcosystem({"debian", "", "trixie", "", "", ""}), "Debian:13");
  EXPECT_EQ(DistroEcosystem({"alpine", "3.20.3", "", "", "", ""}), "Alpine:v3.20");
  EXPECT_EQ(DistroEcosystem({"alpine", "3.21.0_alpha20240807", "", "", "", ""}), "Alpine:edge");
  EXPECT_EQ(DistroEcosystem({"almalinux", "9.4", "", "", "", ""}), "AlmaLinux:9");
  EXPECT_EQ(DistroEcosystem({"fedora", "40", "", "", "", ""}), "");
  EXPECT_EQ(DistroEcosystem({}), "");
}

}  // namespace
}  // namespace hullscan::match
