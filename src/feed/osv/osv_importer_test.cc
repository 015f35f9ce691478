#include "feed/osv/osv_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

using model::AffectedRange;
using model::RangeEvent;
using K = model::RangeEvent::Kind;

std::string TestData(const std::string& name) { return FeedTestData("osv", name); }

void ImportOk(const std::string& path, Imported& out) {
  out = ImportFile(*NewOsvImporter(), path);
  ASSERT_TRUE(out.status) << out.status.error().message();
  EXPECT_EQ(out.meta.records, out.sink.advisories.size());
}

// A shared feed file: false when it is missing (skipped) or fails to import.
bool ImportSharedOk(const std::string& rel, Imported& out) {
  if (!ImportShared(*NewOsvImporter(), rel, out)) return false;
  EXPECT_EQ(out.meta.records, out.sink.advisories.size());
  return true;
}

Error ImportErr(const std::string& path) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewOsvImporter()->Import(path, sink, meta);
  EXPECT_FALSE(st) << path;
  return st ? Error(ErrorCode::kInternal, "no error") : st.error();
}

uint64_t Withdrawn(const Imported& im) {
  return std::count_if(im.sink.advisories.begin(), im.sink.advisories.end(),
                       [](const model::Advisory& a) { return !a.withdrawn.empty(); });
}

TEST(OsvImporterTest, HandWrittenTreeMapsEveryField) {
  Imported im;
  ImportOk(TestData("tree"), im);
  // TEST-2024-0001.json (a/), TEST-2024-0001-dup.json (duplicate id, skipped), TEST-2024-0002.yaml.
  ASSERT_EQ(im.meta.records, 2u);
  const model::Advisory* a = im.Find("TEST-2024-0001");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2024-0001", "GHSA-xxxx-yyyy-zzzz"}));
  EXPECT_EQ(a->summary, "First line of details.");
  EXPECT_EQ(a->details, "First line of details.  \nSecond line.");
  EXPECT_EQ(a->published, "2024-04-01T00:00:00Z");
  ASSERT_EQ(a->severity.size(), 2u);
  EXPECT_EQ(a->severity[0],
            (model::SeverityScore{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "MEDIUM", "osv"}));
  EXPECT_EQ(a->severity[1], (model::SeverityScore{"", "", -1, "MEDIUM", "osv"}));
  ASSERT_EQ(a->affected.size(), 2u);
  const auto& py = a->affected[0];
  EXPECT_EQ(py.ecosystem, "PyPI");
  EXPECT_EQ(py.name, "foo-bar-baz");
  EXPECT_EQ(py.purl, "pkg:pypi/foo-bar-baz");
  // GIT range and the range with an invalid PEP 440 version are left out.
  ASSERT_EQ(py.ranges.size(), 1u);
  EXPECT_EQ(py.ranges[0], (AffectedRange{AffectedRange::Type::kEcosystem, {{K::kIntroduced, "0"}, {K::kFixed, "1.2.3"}}, {}}));
  EXPECT_EQ(py.versions, (std::vector<std::string>{"1.0", "1.1"}));
  EXPECT_EQ(py.state, model::FixState::kFixed);
  const auto& npm = a->affected[1];
  EXPECT_EQ(npm.name, "left-pad");
  EXPECT_EQ(npm.ranges[0].type, AffectedRange::Type::kSemver);
  EXPECT_EQ(npm.ranges[0].events[1], (RangeEvent{K::kLastAffected, "1.3.0"}));
  EXPECT_EQ(npm.state, model::FixState::kAffected);
  EXPECT_EQ(a->references, (std::vector<std::string>{"https://example.org/1", "https://example.org/2"}));

  const model::Advisory* y = im.Find("TEST-2024-0002");
  ASSERT_NE(y, nullptr);
  EXPECT_EQ(y->summary, "A yaml record");
  EXPECT_EQ(y->modified, "2024-06-01T00:00:00.5Z");  // unquoted YAML timestamp stays text
  EXPECT_EQ(y->withdrawn, "2024-06-02T00:00:00Z");
  EXPECT_EQ(y->severity, (std::vector<model::SeverityScore>{{"", "", -1, "MEDIUM", "osv"}}));
  EXPECT_EQ(y->affected[0].state, model::FixState::kAffected);
  // skipped: GIT range + bad version range + duplicate id
  EXPECT_EQ(im.meta.skipped, 3u);
  EXPECT_EQ(im.meta.as_of, "2024-06-01T00:00:00.5Z");
}

TEST(OsvImporterTest, SingleRecordFile) {
  Imported im;
  ImportOk(TestData("tree/b/TEST-2024-0002.yaml"), im);
  EXPECT_EQ(im.meta.records, 1u);
  EXPECT_EQ(im.sink.advisories[0].id, "TEST-2024-0002");
}

TEST(OsvImporterTest, HostileRecordsFailNamingRecordAndPath) {
  struct Case {
    const char* file;
    ErrorCode code;
    const char* needle;
  };
  for (const Case& c : {
           Case{"fixed_not_string.json", ErrorCode::kCorrupt,
                "fixed_not_string.json: affected[0].ranges[0].events[1]: event 'fixed' is not a string"},
           Case{"empty_id.json", ErrorCode::kCorrupt, "empty_id.json: id: missing or empty"},
           Case{"affected_object.json", ErrorCode::kCorrupt, "affected: not an array"},
           Case{"id_number.json", ErrorCode::kCorrupt, "id: not a string"},
           Case{"aliases_string.json", ErrorCode::kCorrupt, "aliases: not an array"},
           Case{"no_name.json", ErrorCode::kCorrupt, "affected[0].package.name: missing or empty"},
           Case{"truncated.json", ErrorCode::kCorrupt, "truncated.json"},
           Case{"broken.yaml", ErrorCode::kCorrupt, "broken.yaml: line"},
           Case{"deep.json", ErrorCode::kLimitExceeded, "deep.json"},
       }) {
    Error e = ImportErr(TestData(std::string("bad/") + c.file));
    EXPECT_EQ(e.code(), c.code) << c.file << ": " << e.message();
    EXPECT_NE(e.message().find(c.needle), std::string::npos) << e.message();
  }
}

TEST(OsvImporterTest, BadRecordInsideZipNamesEntry) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewOsvImporter()->Import(TestData("bad_inside.zip"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(st.error().message(),
            "osv bad_inside.zip: nested/dir/BAD-9.json: affected[0].ranges[0].events[1]: event 'fixed' is not a string");
  EXPECT_EQ(sink.advisories.size(), 1u);  // the record before it; the caller rolls the file back
}

TEST(OsvImporterTest, DetectsRecordsNotOtherFeeds) {
  auto imp = NewOsvImporter();
  EXPECT_TRUE(imp->Detect(FeedHead{"x", true, "GO-2024-0001.json", "{\n  \"id\": \"GO-1\",\n  \"modified\": \"x\""}));
  EXPECT_TRUE(imp->Detect(FeedHead{"x", true, "vulns/a/PYSEC-1.yaml", "id: PYSEC-1\nmodified: 2021-01-01T00:00:00Z\n"}));
  EXPECT_FALSE(imp->Detect(FeedHead{"x", false, "k.json", "{\"title\": \"x\", \"catalogVersion\": \"1\", \"id\": 1, \"modified\": 1}"}));
  EXPECT_FALSE(imp->Detect(FeedHead{"x", true, "a.advisories.yaml", "package:\n  name: x\nadvisories:\n  - id: CGA-1\n"}));
  EXPECT_FALSE(imp->Detect(FeedHead{"x", false, "epss.csv", "cve,epss,percentile\n"}));
}

// ---- the shipped feeds (README section 1) ----

TEST(OsvImporterTest, GoZip) {
  Imported im;
  if (!ImportSharedOk("feeds/osv/Go/all.zip", im)) return;
  EXPECT_EQ(im.meta.records, 4291u);
  EXPECT_EQ(Withdrawn(im), 17u);
  EXPECT_EQ(im.meta.skipped, 0u);
  // Every `modified` is Go's zero time; newer `published` are zero too: newest real published.
  EXPECT_EQ(im.meta.as_of, "2022-12-14T18:06:02Z");
  const model::Advisory* a = im.Find("GO-2022-0191");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2018-16875"}));
  EXPECT_EQ(a->summary, "Denial of service in chain verification in crypto/x509");
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "Go");
  EXPECT_EQ(a->affected[0].name, "stdlib");
  EXPECT_EQ(a->affected[0].ranges[0],
            (AffectedRange{AffectedRange::Type::kSemver,
                           {{K::kIntroduced, "0"}, {K::kFixed, "1.10.6"}, {K::kIntroduced, "1.11.0-0"}, {K::kFixed, "1.11.3"}},
                           {}}));
  const model::Advisory* w = im.Find("GO-2022-0617");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->withdrawn, "2024-08-21T16:25:56Z");
  EXPECT_EQ(w->affected[0].state, model::FixState::kAffected);
}

TEST(OsvImporterTest, CratesZip) {
  Imported im;
  if (!ImportSharedOk("feeds/osv/crates.io/all.zip", im)) return;
  EXPECT_EQ(im.meta.records, 1206u);
  EXPECT_EQ(Withdrawn(im), 13u);
  EXPECT_EQ(im.meta.as_of, "2026-08-21T06:28:40Z");
  std::map<std::string, uint64_t> notes;
  uint64_t v3 = 0, v4 = 0, scored = 0;
  for (const auto& a : im.sink.advisories) {
    if (!a.affected.empty()) ++notes[a.affected[0].note];
    for (const auto& s : a.severity) {
      v3 += s.type == "CVSS_V3";
      v4 += s.type == "CVSS_V4";
      scored += s.score >= 0;
    }
  }
  EXPECT_EQ(notes["informational: unmaintained"], 267u);
  EXPECT_EQ(notes["informational: unsound"], 203u);
  EXPECT_EQ(notes["informational: notice"], 6u);
  EXPECT_EQ(notes[""], 730u);
  EXPECT_EQ(v3, 360u);
  EXPECT_EQ(v4, 57u);
  EXPECT_EQ(scored, 417u);
  const model::Advisory* a = im.Find("RUSTSEC-2016-0001");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2016-10931", "GHSA-34p9-f4q3-c4r7"}));
  EXPECT_EQ(a->severity, (std::vector<model::SeverityScore>{
                             {"CVSS_V3", "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1, "HIGH", "osv"}}));
  EXPECT_EQ(a->affected[0].purl, "pkg:cargo/openssl");
  EXPECT_EQ(a->affected[0].ranges[0],
            (AffectedRange{AffectedRange::Type::kSemver, {{K::kIntroduced, "0.0.0-0"}, {K::kFixed, "0.9.0"}}, {}}));
  EXPECT_TRUE(a->affected[0].versions.empty());
  EXPECT_EQ(im.Find("RUSTSEC-2016-0004")->affected[0].note, "informational: unmaintained");
}

TEST(OsvImporterTest, PypiYamlZip) {
  Imported im;
  if (!ImportSharedOk("feeds/osv/PyPI/pysec-yaml.zip", im)) return;
  EXPECT_EQ(im.meta.records, 2661u);
  EXPECT_EQ(Withdrawn(im), 10u);
  EXPECT_EQ(im.meta.as_of, "2024-10-10T17:22:00.587279Z");
  uint64_t eco_ranges = 0, with_versions = 0;
  for (const auto& a : im.sink.advisories) {
    for (const auto& p : a.affected) {
      eco_ranges += p.ranges.size();
      with_versions += !p.versions.empty();
    }
  }
  EXPECT_EQ(with_versions, 2621u);
  // 1,391 GIT ranges are skipped; ECOSYSTEM ranges with versions PEP 440 rejects are skipped too.
  EXPECT_EQ(eco_ranges + (im.meta.skipped - 1391), 2659u);
  const model::Advisory* a = im.Find("PYSEC-2021-108");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->modified, "2021-07-02T18:56:20.858344Z");
  EXPECT_EQ(a->published, "2021-06-29T11:15:00Z");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"}));
  EXPECT_EQ(a->summary.substr(0, 41), "An issue was discovered in urllib3 before");
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].name, "urllib3");
  EXPECT_EQ(a->affected[0].ranges,
            (std::vector<AffectedRange>{{AffectedRange::Type::kEcosystem, {{K::kIntroduced, "0"}, {K::kFixed, "1.26.5"}}, {}}}));
  EXPECT_EQ(a->affected[0].versions.size(), 67u);
  EXPECT_EQ(a->affected[0].versions.front(), "0.2");
}

TEST(OsvImporterTest, AlmaLinuxZipWithColonsInNames) {
  Imported im;
  if (!ImportSharedOk("feeds/osv/AlmaLinux/all.zip", im)) return;
  EXPECT_EQ(im.meta.records, 5637u);
  EXPECT_EQ(im.meta.as_of, "2026-08-21T12:56:10Z");
  std::map<std::string, uint64_t> per_release;
  for (const auto& a : im.sink.advisories) {
    std::set<std::string> eco;
    for (const auto& p : a.affected) eco.insert(p.ecosystem);
    for (const auto& e : eco) ++per_release[e];
  }
  EXPECT_EQ(per_release["AlmaLinux:8"], 3237u);
  EXPECT_EQ(per_release["AlmaLinux:9"], 1783u);
  EXPECT_EQ(per_release["AlmaLinux:10"], 660u);
  const model::Advisory* a = im.Find("ALSA-2025:10873");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->summary, "Important: java-21-openjdk security update");
  EXPECT_EQ(a->affected.size(), 69u);
  EXPECT_EQ(a->affected[0].ecosystem, "AlmaLinux:10");
  EXPECT_EQ(a->affected[0].name, "java-21-openjdk");
  EXPECT_EQ(a->affected[0].ranges[0],
            (AffectedRange{AffectedRange::Type::kEcosystem, {{K::kIntroduced, "0"}, {K::kFixed, "1:21.0.8.0.9-1.el10.alma.1"}}, {}}));
  // The record has no severity field: Red Hat's word at the head of the summary is the severity.
  EXPECT_EQ(a->severity, (std::vector<model::SeverityScore>{{"", "", -1, "HIGH", "osv:summary"}}));
  const model::Advisory* moderate = im.Find("ALSA-2024:2228");
  ASSERT_NE(moderate, nullptr);
  EXPECT_EQ(moderate->summary, "Moderate: perl security update");
  ASSERT_EQ(moderate->severity.size(), 1u);
  EXPECT_EQ(moderate->severity[0].label, "MEDIUM");
  // Every security erratum (ALSA) states one of the four words (ALSA-2022:5468 at the end, in
  // parentheses); bug fix and enhancement errata (ALBA, ALEA) get none, even the few whose
  // summary starts with such a word (ALBA-2022:7667 "Important: qatzip bug fix ...").
  size_t security = 0, labelled = 0;
  for (const auto& adv : im.sink.advisories) {
    bool is_security = adv.id.starts_with("ALSA-");
    security += is_security ? 1 : 0;
    labelled += adv.severity.size() == 1 ? 1 : 0;
    if (!is_security) EXPECT_TRUE(adv.severity.empty()) << adv.id;
  }
  EXPECT_EQ(security, 4437u);
  EXPECT_EQ(labelled, security);
  const model::Advisory* php = im.Find("ALSA-2022:5468");
  ASSERT_NE(php, nullptr);
  ASSERT_EQ(php->severity.size(), 1u);
  EXPECT_EQ(php->severity[0].label, "HIGH");
}

TEST(OsvImporterTest, OtherShippedZips) {
  struct Case {
    const char* path;
    uint64_t records;
    uint64_t withdrawn;
    const char* as_of;
  };
  for (const Case& c : {
           Case{"feeds/osv/Hackage/all.zip", 35, 0, "2026-06-03T13:30:48Z"},
           Case{"feeds/osv/Julia/all.zip", 1703, 4, "2026-08-21T21:14:18.508Z"},
           Case{"feeds/osv/CRAN/rsec-yaml.zip", 14, 0, "2026-03-13T20:45:00Z"},
           Case{"feeds/osv/Bitnami/all.zip", 7444, 0, "2026-08-01T09:00:02.625Z"},
           Case{"feeds/osv/ghsa-subset/all.zip", 99, 4, "2024-10-09T23:46:55Z"},
           Case{"feeds/osv/samples/ghsa-github-reviewed-sample.zip", 5, 0, "2024-01-23T14:34:38Z"},
           Case{"feeds/osv/samples/osvdev-export-sample.zip", 3, 1, "2026-03-09T02:10:32.083660Z"},
       }) {
    Imported im;
    if (!ImportSharedOk(c.path, im)) return;
    EXPECT_EQ(im.meta.records, c.records) << c.path;
    EXPECT_EQ(Withdrawn(im), c.withdrawn) << c.path;
    EXPECT_EQ(im.meta.as_of, c.as_of) << c.path;
  }
}

TEST(OsvImporterTest, GhsaSampleSeverityAndSplitPackages) {
  Imported im;
  if (!ImportSharedOk("feeds/osv/samples/ghsa-github-reviewed-sample.zip", im)) return;
  const model::Advisory* a = im.Find("GHSA-w248-ffj2-4v5q");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2022-31043"}));
  EXPECT_EQ(a->summary, "Fix failure to strip Authorization header on HTTP downgrade");
  EXPECT_EQ(a->severity, (std::vector<model::SeverityScore>{
                             {"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "HIGH", "ghsa"},
                             {"", "", -1, "HIGH", "ghsa"}}));
  ASSERT_EQ(a->affected.size(), 2u);
  EXPECT_EQ(a->affected[0].ecosystem, "Packagist");
  EXPECT_EQ(a->affected[0].name, "guzzlehttp/guzzle");
  EXPECT_EQ(a->affected[1].ranges[0],
            (AffectedRange{AffectedRange::Type::kEcosystem, {{K::kIntroduced, "7.0.0"}, {K::kFixed, "7.4.4"}}, {}}));
}

}  // namespace
}  // namespace hullscan::feed
