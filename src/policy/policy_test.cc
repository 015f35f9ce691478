#include "policy/policy.h"

#include <gtest/gtest.h>

namespace hullscan::policy {
namespace {

model::ScanReport Report() {
  model::ScanReport r;
  r.distro = {"debian", "12", "bookworm", "", "", ""};
  model::Package ssl;
  ssl.type = model::PackageType::kDeb;
  ssl.name = "libssl3";
  ssl.version = "3.0.11-1~deb12u1";
  ssl.arch = "amd64";
  ssl.path = "/var/lib/dpkg/status";
  model::Package lodash;
  lodash.type = model::PackageType::kNpm;
  lodash.name = "lodash";
  lodash.version = "4.17.20";
  lodash.path = "/app/node_modules/lodash/package.json";
  r.packages = {ssl, lodash};
  auto finding = [](std::string id, std::vector<std::string> aliases, size_t pkg, std::string sev, std::string fixed) {
    model::Finding f;
    f.id = std::move(id);
    f.aliases = std::move(aliases);
    f.package_index = pkg;
    f.severity = std::move(sev);
    f.fixed_version = std::move(fixed);
    return f;
  };
  r.findings = {finding("DSA-1", {"CVE-2023-1"}, 0, "HIGH", "3.0.11-1~deb12u2"),
                finding("CVE-2023-2", {}, 0, "LOW", ""),
                finding("GHSA-aaaa", {"CVE-2021-23337"}, 1, "CRITICAL", "4.17.21"),
                finding("GHSA-bbbb", {}, 1, "UNKNOWN", "")};
  return r;
}

std::vector<std::string> Ids(const model::ScanReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.id);
  return out;
}

TEST(Policy, SeverityFilterAndUnfixed) {
  auto sev = ParseSeverities("critical, High");
  ASSERT_TRUE(sev.has_value());
  EXPECT_EQ(*sev, (std::vector<std::string>{"CRITICAL", "HIGH"}));
  EXPECT_FALSE(ParseSeverities("HIGH,SEVERE").has_value());
  auto r = Report();
  PolicyOptions o;
  o.severities = *sev;
  auto st = ApplyPolicy(r, o);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"DSA-1", "GHSA-aaaa"}));
  EXPECT_EQ(st.dropped_by_severity, 2u);
  r = Report();
  PolicyOptions u;
  u.ignore_unfixed = true;
  st = ApplyPolicy(r, u);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"DSA-1", "GHSA-aaaa"}));
  EXPECT_EQ(st.dropped_unfixed, 2u);
}

TEST(Policy, TextIgnoreFileByIdAliasPurlAndExpiry) {
  auto rules = ParseIgnoreFile(
      "# accepted risks\n"
      "CVE-2023-1 exp:2027-01-01  # alias of DSA-1, fix scheduled\n"
      "\n"
      "pkg:npm/lodash@4.17.20 # whole package at this version\n"
      "CVE-2023-2 exp:2020-01-01\n",
      ".hullscanignore");
  ASSERT_TRUE(rules.has_value()) << rules.error().message();
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].id, "CVE-2023-1");
  EXPECT_EQ((*rules)[0].expires, "2027-01-01");
  EXPECT_EQ((*rules)[0].reason, "alias of DSA-1, fix scheduled");
  EXPECT_EQ((*rules)[0].line, 2u);
  EXPECT_EQ((*rules)[1].purls, std::vector<std::string>{"pkg:npm/lodash@4.17.20"});
  auto r = Report();
  PolicyOptions o;
  o.ignore = *rules;
  o.today = "2026-12-02";
  auto st = ApplyPolicy(r, o);
  EXPECT_EQ(Ids(r), std::vector<std::string>{"CVE-2023-2"});  // its rule expired
  EXPECT_EQ(st.ignored, 3u);
  ASSERT_EQ(st.expired.size(), 1u);
  EXPECT_EQ(st.expired[0]->line, 5u);
}

TEST(Policy, PurlRuleOfAnotherVersionDoesNotApply) {
  auto rules = ParseIgnoreFile("GHSA-aaaa pkg:npm/lodash@4.17.21\n", "f");
  ASSERT_TRUE(rules.has_value());
  auto r = Report();
  PolicyOptions o;
  o.ignore = *rules;
  ApplyPolicy(r, o);
  EXPECT_EQ(r.findings.size(), 4u);
}

TEST(Policy, YamlIgnoreFile) {
  auto rules = ParseIgnoreFile(
      "vulnerabilities:\n"
      "  - id: GHSA-bbbb\n"
      "    paths: [app/node_modules]\n"
      "    statement: not reachable\n"
      "  - id: CVE-2023-2\n"
      "    purls: [\"pkg:deb/debian/libssl3\"]\n"
      "    expired_at: 2030-01-01\n",
      "ignore.yaml");
  ASSERT_TRUE(rules.has_value()) << rules.error().message();
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].reason, "not reachable");
  auto r = Report();
  PolicyOptions o;
  o.ignore = *rules;
  o.today = "2026-12-02";
  ApplyPolicy(r, o);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"DSA-1", "GHSA-aaaa"}));
}

TEST(Policy, BadIgnoreFilesAreClearErrors) {
  auto bad_date = ParseIgnoreFile("CVE-1 exp:2024-13-01\n", "f");
  ASSERT_FALSE(bad_date.has_value());
  EXPECT_EQ(bad_date.error().message(), "f: line 1: expiry '2024-13-01' is not YYYY-MM-DD");
  auto extra = ParseIgnoreFile("CVE-1 CVE-2\n", "f");
  ASSERT_FALSE(extra.has_value());
  EXPECT_NE(extra.error().message().find("line 1: unexpected 'CVE-2'"), std::string::npos);
  auto yaml_key = ParseIgnoreFile("vulnerabilities:\n  - id: X\n    bogus: 1\n", "y");
  ASSERT_FALSE(yaml_key.has_value());
  EXPECT_NE(yaml_key.error().message().find("unknown key 'bogus'"), std::string::npos);
  auto yaml_broken = ParseIgnoreFile("vulnerabilities:\n  - id: [\n", "y");
  ASSERT_FALSE(yaml_broken.has_value());
  EXPECT_EQ(yaml_broken.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace hullscan::policy
