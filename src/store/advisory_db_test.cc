#include "store/advisory_db.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "base/temp_dir.h"

namespace hullscan::store {
namespace {

namespace fs = std::filesystem;

model::Advisory Sample(const std::string& id, const std::string& eco, const std::string& name, const std::string& fixed) {
  model::Advisory a;
  a.id = id;
  a.aliases = {"CVE-2024-0001"};
  a.summary = "sample";
  a.published = "2024-01-02T00:00:00Z";
  a.severity = {{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL", "ghsa"}};
  a.references = {"https://example.invalid/a"};
  model::AffectedPackage p;
  p.ecosystem = eco;
  p.name = name;
  p.ranges = {{model::AffectedRange::Type::kEcosystem,
               {{model::RangeEvent::Kind::kIntroduced, "0"}, {model::RangeEvent::Kind::kFixed, fixed}},
               {}}};
  p.versions = {"1.0"};
  p.unaffected = {{model::AffectedRange::Type::kConstraints, {}, {{model::VersionConstraint::Op::kGe, "3"}}}};
  a.affected.push_back(p);
  return a;
}

Status ImportOne(const std::string& db, const std::string& feed, const std::vector<model::Advisory>& advs) {
  HS_ASSIGN_OR_RETURN(auto w, AdvisoryWriter::Begin(db));
  HS_RETURN_IF_ERROR(w->BeginFeed({feed, "osv", "/src/" + feed, "sha256:1"}));
  for (const auto& a : advs) HS_RETURN_IF_ERROR(w->AddAdvisory(a));
  HS_RETURN_IF_ERROR(w->AddEpss({"CVE-2024-0001", 0.5, 0.9}));
  HS_RETURN_IF_ERROR(w->EndFeed("2024-01-02", advs.size(), 0, "2024-02-01T00:00:00Z"));
  return w->Commit();
}

TEST(AdvisoryDb, RoundTripFindGetSeverityEnrichment) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/sub/advisories.db";
  auto missing = AdvisoryStore::Open(db);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message().find("hullscan db import"), std::string::npos);

  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-1", "PyPI", "Foo_Bar", "2.0")}).has_value());
  {
    auto w = AdvisoryWriter::Begin(db);
    ASSERT_TRUE(w.has_value()) << w.error().message();
    ASSERT_TRUE((*w)->BeginFeed({"kev", "kev", "/k", "sha256:2"}).has_value());
    ASSERT_TRUE((*w)->AddKev({"CVE-2024-0001", "2024-03-01", "2024-03-22", "V", "P", "N", true}).has_value());
    ASSERT_TRUE((*w)->EndFeed("2024-03-01", 1, 0, "t").has_value());
    ASSERT_TRUE((*w)->Commit().has_value());
  }
  auto store = AdvisoryStore::Open(db);
  ASSERT_TRUE(store.has_value()) << store.error().message();
  // PyPI names are stored and queried under PEP 503.
  auto rows = (*store)->Find("PyPI", "foo.bar");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  auto want = Sample("GHSA-1", "PyPI", "foo-bar", "2.0").affected[0];
  // Version lists stay encoded until needed.
  EXPECT_TRUE((*rows)[0].affected.versions.empty());
  EXPECT_TRUE((*rows)[0].ListsVersion("1.0").value());
  EXPECT_FALSE((*rows)[0].ListsVersion("1").value());
  EXPECT_FALSE((*rows)[0].ListsVersion("1.0\"").value());
  EXPECT_EQ((*rows)[0].DecodeVersions().value(), want.versions);
  want.versions.clear();
  want.purl.clear();
  EXPECT_EQ((*rows)[0].affected, want);
  // The card: resolved when the generation was built, incl. EPSS and KEV of its CVE alias (the
  // KEV feed came in a later import: the index is rebuilt by every commit).
  auto card = (*rows)[0].Card();
  ASSERT_TRUE(card.has_value()) << card.error().message();
  EXPECT_EQ(card->feed_format, "osv");
  EXPECT_EQ(card->id, "GHSA-1");
  EXPECT_EQ(card->aliases, std::vector<std::string>{"CVE-2024-0001"});
  EXPECT_EQ(card->summary, "sample");
  ASSERT_TRUE(card->severity.has_value());
  EXPECT_EQ(card->severity->score, 9.8);
  EXPECT_EQ(card->severity->source, "ghsa");
  EXPECT_FALSE(card->related_severity.has_value());
  EXPECT_EQ(card->epss_score, 0.5);
  EXPECT_EQ(card->epss_percentile, 0.9);
  EXPECT_EQ(card->kev_date_added, "2024-03-01");
  auto adv = (*store)->Get((*rows)[0].advisory_key);
  ASSERT_TRUE(adv.has_value());
  EXPECT_EQ(adv->id, "GHSA-1");
  EXPECT_EQ(adv->aliases, std::vector<std::string>{"CVE-2024-0001"});
  EXPECT_TRUE(adv->affected.empty());
  auto sev = (*store)->SeverityFor("CVE-2024-0001");
  ASSERT_TRUE(sev.has_value());
  ASSERT_EQ(sev->size(), 1u);
  EXPECT_EQ((*sev)[0].score, 9.8);
  auto epss = (*store)->Epss("CVE-2024-0001");
  ASSERT_TRUE(epss.has_value() && epss->has_value());
  EXPECT_EQ((*epss)->percentile, 0.9);
  auto kev = (*store)->Kev("CVE-2024-0001");
  ASSERT_TRUE(kev.has_value() && kev->has_value());
  EXPECT_TRUE((*kev)->known_ransomware);
  EXPECT_EQ((*kev)->date_added, "2024-03-01");
  auto info = (*store)->Info();
  ASSERT_TRUE(info.has_value());
  ASSERT_EQ(info->feeds.size(), 2u);
  EXPECT_EQ(info->feeds[0].name, "kev");
  EXPECT_EQ(info->feeds[1].name, "osv:a");
  EXPECT_EQ(info->feeds[1].records, 1u);
  EXPECT_EQ(info->feeds[1].as_of, "2024-01-02");
  EXPECT_TRUE((*store)->Find("PyPI", "other")->empty());
}

TEST(AdvisoryDb, EcosystemsOfTheGenerationAreRecorded) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  ASSERT_TRUE(ImportOne(db, "osv:a",
                        {Sample("GHSA-1", "PyPI", "a", "2.0"), Sample("GHSA-2", "PyPI", "b", "2.0"),
                         Sample("ALSA-1", "AlmaLinux:9", "openssl", "1:3.0.7-28.el9")})
                  .has_value());
  auto store = AdvisoryStore::Open(db);
  ASSERT_TRUE(store.has_value()) << store.error().message();
  auto ecos = (*store)->Ecosystems();
  ASSERT_TRUE(ecos.has_value()) << ecos.error().message();
  ASSERT_TRUE(ecos->has_value());
  EXPECT_EQ(**ecos, (std::map<std::string, uint64_t>{{"AlmaLinux:9", 1}, {"PyPI", 2}}));
  // A withdrawn record covers nothing: after a reimport with the PyPI records withdrawn, only
  // AlmaLinux:9 remains.
  model::Advisory gone = Sample("GHSA-1", "PyPI", "a", "2.0");
  gone.withdrawn = "2024-05-01T00:00:00Z";
  ASSERT_TRUE(ImportOne(db, "osv:a", {gone, Sample("ALSA-1", "AlmaLinux:9", "openssl", "1:3.0.7-28.el9")}).has_value());
  store = AdvisoryStore::Open(db);
  ASSERT_TRUE(store.has_value());
  ecos = (*store)->Ecosystems();
  ASSERT_TRUE(ecos.has_value() && ecos->has_value());
  EXPECT_EQ(**ecos, (std::map<std::string, uint64_t>{{"AlmaLinux:9", 1}}));
}

TEST(AdvisoryDb, FindEntriesReadsManyInTheirOrder) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  ASSERT_TRUE(ImportOne(db, "osv:a",
                        {Sample("GHSA-1", "PyPI", "foo", "2.0"), Sample("GHSA-2", "npm", "bar", "1.0"),
                         Sample("GHSA-3", "npm", "baz", "3.0")})
                  .has_value());
  auto store = AdvisoryStore::Open(db);
  ASSERT_TRUE(store.has_value()) << store.error().message();
  std::vector<std::pair<std::string_view, std::string_view>> packages = {
      {"npm", "baz"}, {"PyPI", "Foo"}, {"npm", "missing"}, {"npm", "bar"}, {"npm", "baz"}};
  ByteArena arena;
  auto entries = (*store)->FindEntries(packages, arena);
  ASSERT_TRUE(entries.has_value()) << entries.error().message();
  ASSERT_EQ(entries->size(), packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    // The same bytes FindEntry reads, one package at a time (names normalised alike).
    auto one = (*store)->FindEntry(std::string(packages[i].first), std::string(packages[i].second));
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ((*entries)[i], *one) << i;
  }
  EXPECT_TRUE((*entries)[2].empty());
  EXPECT_FALSE((*entries)[0].empty());
  EXPECT_TRUE((*store)->FindEntries({}, arena)->empty());
}

TEST(AdvisoryDb, ReimportReplacesAndReadersKeepTheirGeneration) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-1", "npm", "x", "1.0"), Sample("GHSA-2", "npm", "x", "2.0")}).has_value());
  auto old_reader = AdvisoryStore::Open(db);
  ASSERT_TRUE(old_reader.has_value());
  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-3", "npm", "x", "3.0")}).has_value());
  // The reader opened before the swap still sees its generation, complete.
  EXPECT_EQ((*old_reader)->Find("npm", "x")->size(), 2u);
  auto fresh = AdvisoryStore::Open(db);
  ASSERT_TRUE(fresh.has_value());
  auto rows = (*fresh)->Find("npm", "x");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*fresh)->Get((*rows)[0].advisory_key)->id, "GHSA-3");
  // No temp files left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator((*dir)->path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 2);  // advisories.db and its .lock
}

TEST(AdvisoryDb, AbortedFeedKeepsPreviousRows) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-1", "npm", "x", "1.0")}).has_value());
  {
    auto w = AdvisoryWriter::Begin(db);
    ASSERT_TRUE(w.has_value());
    EXPECT_EQ((*w)->PreviousFingerprint("osv:a"), "sha256:1");
    ASSERT_TRUE((*w)->BeginFeed({"osv:a", "osv", "/x", "sha256:9"}).has_value());
    ASSERT_TRUE((*w)->AddAdvisory(Sample("GHSA-9", "npm", "x", "9.0")).has_value());
    ASSERT_TRUE((*w)->AbortFeed().has_value());
    ASSERT_TRUE((*w)->BeginFeed({"osv:b", "osv", "/y", "sha256:8"}).has_value());
    ASSERT_TRUE((*w)->AddAdvisory(Sample("GHSA-8", "npm", "y", "8.0")).has_value());
    ASSERT_TRUE((*w)->EndFeed("", 1, 0, "t").has_value());
    ASSERT_TRUE((*w)->Commit().has_value());
  }
  auto s = AdvisoryStore::Open(db);
  ASSERT_TRUE(s.has_value());
  auto rows = (*s)->Find("npm", "x");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*s)->Get((*rows)[0].advisory_key)->id, "GHSA-1");
  EXPECT_EQ((*s)->Find("npm", "y")->size(), 1u);
  EXPECT_EQ((*s)->Info()->feeds[0].fingerprint, "sha256:1");
}

TEST(AdvisoryDb, WriterWithoutCommitChangesNothing) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-1", "npm", "x", "1.0")}).has_value());
  {
    auto w = AdvisoryWriter::Begin(db);
    ASSERT_TRUE(w.has_value());
    ASSERT_TRUE((*w)->BeginFeed({"osv:a", "osv", "/x", "sha256:9"}).has_value());
  }
  auto s = AdvisoryStore::Open(db);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ((*s)->Find("npm", "x")->size(), 1u);
}

// kill -9 of a writer in the middle of an import: the DB stays the previous generation, and the
// next writer removes the dead writer's temp file.
TEST(AdvisoryDb, KilledWriterLeavesPreviousDbUsable) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-1", "npm", "x", "1.0")}).has_value());
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipefd[0]);
    auto w = AdvisoryWriter::Begin(db);
    if (!w) _exit(2);
    if (!(*w)->BeginFeed({"osv:a", "osv", "/x", "sha256:9"})) _exit(3);
    for (int i = 0; i < 20000; ++i) {
      if (!(*w)->AddAdvisory(Sample("GHSA-K" + std::to_string(i), "npm", "x", "1.0"))) _exit(4);
    }
    char c = 'x';
    if (write(pipefd[1], &c, 1) != 1) _exit(5);
    for (;;) {
      (void)(*w)->AddAdvisory(Sample("GHSA-L", "npm", "x", "1.0"));
    }
  }
  close(pipefd[1]);
  char c = 0;
  ASSERT_EQ(read(pipefd[0], &c, 1), 1);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(pipefd[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  bool temp_seen = false;
  for (const auto& e : fs::directory_iterator((*dir)->path())) {
    if (e.path().filename().string().find(".new-") != std::string::npos) temp_seen = true;
  }
  EXPECT_TRUE(temp_seen);
  {
    auto s = AdvisoryStore::Open(db);
    ASSERT_TRUE(s.has_value()) << s.error().message();
    auto rows = (*s)->Find("npm", "x");
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*s)->Get((*rows)[0].advisory_key)->id, "GHSA-1");
  }
  ASSERT_TRUE(ImportOne(db, "osv:b", {Sample("GHSA-2", "npm", "y", "1.0")}).has_value());
  for (const auto& e : fs::directory_iterator((*dir)->path())) {
    EXPECT_EQ(e.path().filename().string().find(".new-"), std::string::npos) << e.path();
  }
  auto s = AdvisoryStore::Open(db);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ((*s)->Find("npm", "x")->size(), 1u);
  EXPECT_EQ((*s)->Find("npm", "y")->size(), 1u);
}

TEST(AdvisoryDb, NotAnAdvisoryDbIsRefused) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  FILE* f = std::fopen(db.c_str(), "wb");
  std::fputs("this is not sqlite at all, just text that is long enough to be a header..............", f);
  std::fclose(f);
  auto s = AdvisoryStore::Open(db);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), ErrorCode::kDatabase);
  // A writer starts a fresh generation over it.
  ASSERT_TRUE(ImportOne(db, "osv:a", {Sample("GHSA-1", "npm", "x", "1.0")}).has_value());
  EXPECT_TRUE(AdvisoryStore::Open(db).has_value());
}

TEST(AdvisoryDb, RelatedSeverityComesFromRecordsOfTheSameVulnerability) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.has_value());
  std::string db = (*dir)->path() + "/advisories.db";
  model::Advisory distro = Sample("DSA-1", "Debian:12", "openssl", "3.0.1-1");
  distro.severity.clear();
  model::Advisory nvd;
  nvd.id = "CVE-2024-0001";
  nvd.severity = {{"CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0, "MEDIUM", "nvd"},
                  {"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "HIGH", "nvd"}};
  model::Advisory withdrawn = Sample("GHSA-gone", "Debian:12", "openssl", "9");
  withdrawn.withdrawn = "2024-01-01T00:00:00Z";
  ASSERT_TRUE(ImportOne(db, "osv:a", {distro, nvd, withdrawn}).has_value());
  auto store = AdvisoryStore::Open(db);
  ASSERT_TRUE(store.has_value());
  auto rows = (*store)->Find("Debian:12", "OpenSSL");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);  // the withdrawn record is not in the index
  auto card = (*rows)[0].Card();
  ASSERT_TRUE(card.has_value());
  EXPECT_EQ(card->id, "DSA-1");
  EXPECT_FALSE(card->severity.has_value());
  ASSERT_TRUE(card->related_severity.has_value());
  EXPECT_EQ(card->related_severity->type, "CVSS_V3");
  EXPECT_EQ(card->related_severity->score, 7.5);
  EXPECT_EQ(card->related_severity->source, "nvd");
}

TEST(RowCodec, RoundTripsAndRejectsTruncatedBlobs) {
  model::AffectedPackage p;
  p.state = model::FixState::kWillNotFix;
  p.note = "no-dsa";
  p.ranges = {{model::AffectedRange::Type::kSemver,
               {{model::RangeEvent::Kind::kIntroduced, "0"}, {model::RangeEvent::Kind::kLastAffected, "1.2"},
                {model::RangeEvent::Kind::kLimit, "2"}},
               {}},
              {model::AffectedRange::Type::kConstraints,
               {},
               {{model::VersionConstraint::Op::kGt, "1"}, {model::VersionConstraint::Op::kLe, "2"},
                {model::VersionConstraint::Op::kNe, "1.5"}, {model::VersionConstraint::Op::kEq, "x"},
                {model::VersionConstraint::Op::kLt, "3"}, {model::VersionConstraint::Op::kGe, "0"}}}};
  p.unaffected = {{model::AffectedRange::Type::kEcosystem, {{model::RangeEvent::Kind::kFixed, "1.1"}}, {}}};
  p.versions = {"1.0", std::string(300, 'v'), ""};
  std::string blob = EncodeAffected(p);
  model::AffectedPackage back;
  auto versions = DecodeAffected(blob, back);
  ASSERT_TRUE(versions.has_value());
  EXPECT_EQ(DecodeVersionList(*versions).value(), p.versions);
  EXPECT_TRUE(VersionListHas(*versions, "").value());
  EXPECT_FALSE(VersionListHas(*versions, "1").value());
  p.versions.clear();
  EXPECT_EQ(back, p);
  for (size_t n = 0; n < blob.size(); ++n) {
    model::AffectedPackage part;
    auto r = DecodeAffected(std::string_view(blob).substr(0, n), part);
    if (r.has_value()) {
      auto list = DecodeVersionList(*r);
      EXPECT_FALSE(list.has_value()) << "truncated at " << n;
    } else {
      EXPECT_EQ(r.error().code(), ErrorCode::kDatabase);
    }
  }

  AdvisoryCard c;
  c.feed_format = "osv";
  c.id = "GHSA-1";
  c.aliases = {"CVE-1", "PYSEC-2"};
  c.summary = "s";
  c.related_severity = model::SeverityScore{"", "", -1, "HIGH", "debian"};
  c.epss_score = 0.25;
  c.epss_percentile = 0.5;
  c.kev_date_added = "2024-01-01";
  std::string card = EncodeCard(c);
  EXPECT_EQ(DecodeCard(card).value(), c);
  for (size_t n = 0; n < card.size(); ++n) EXPECT_FALSE(DecodeCard(card.substr(0, n)).has_value()) << n;
  EXPECT_FALSE(DecodeCard(card + "x").has_value());
  // The views: the same fields, without copies; a reused CardView loses what the last card had.
  CardView view;
  view.aliases = {"stale", "stale", "stale"};
  ASSERT_TRUE(DecodeCardView(card, view).has_value());
  EXPECT_EQ(view.id, "GHSA-1");
  EXPECT_EQ(view.aliases, (std::vector<std::string_view>{"CVE-1", "PYSEC-2"}));
  EXPECT_EQ(view.summary, "s");
  EXPECT_FALSE(view.severity.has_value());
  ASSERT_TRUE(view.related_severity.has_value());
  EXPECT_EQ(view.related_severity->ToScore(), *c.related_severity);
  EXPECT_EQ(view.kev_date_added, "2024-01-01");
  EXPECT_EQ(view.epss_score, 0.25);
  CardView ids;
  ASSERT_TRUE(DecodeCardIds(card, ids).has_value());
  EXPECT_EQ(ids.id, "GHSA-1");
  EXPECT_EQ(ids.aliases, view.aliases);
  EXPECT_TRUE(ids.summary.empty());  // not read
  for (size_t n = 0; n < card.size(); ++n) EXPECT_FALSE(DecodeCardView(card.substr(0, n), view).has_value()) << n;
  EXPECT_FALSE(DecodeCardIds(card.substr(0, 8), ids).has_value());
  AffectedView affected;
  ASSERT_TRUE(DecodeAffectedView(blob, affected).has_value());
  EXPECT_EQ(affected.state, model::FixState::kWillNotFix);
  EXPECT_EQ(affected.note, "no-dsa");
  ASSERT_EQ(affected.ranges.size(), 2u);
  ASSERT_EQ(affected.ranges[0].events.size(), 3u);
  EXPECT_EQ(affected.ranges[0].events[2].kind, model::RangeEvent::Kind::kLimit);
  EXPECT_EQ(affected.ranges[0].events[2].version, "2");
  ASSERT_EQ(affected.ranges[1].all_of.size(), 6u);
  EXPECT_EQ(affected.ranges[1].all_of[3].op, model::VersionConstraint::Op::kEq);
  EXPECT_EQ(affected.ranges[1].all_of[3].version, "x");
  EXPECT_TRUE(affected.ranges[1].events.empty());
  ASSERT_EQ(affected.unaffected.size(), 1u);
  EXPECT_EQ(affected.versions, *versions);
  // An entry with two names under one key: each query gets only its own rows.
  std::string rows_a, rows_b;
  AppendIndexRow(rows_a, 7, blob, card);
  AppendIndexRow(rows_b, 8, blob, card);
  AppendIndexRow(rows_b, 9, blob, card);
  std::string entry = IndexGroup("npm", "a", rows_a) + IndexGroup("npm", "b", rows_b);
  auto a = DecodeIndexEntry(entry, "npm", "a");
  ASSERT_TRUE(a.has_value());
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].advisory_key, 7);
  EXPECT_EQ((*a)[0].card, card);
  auto b = DecodeIndexEntry(entry, "npm", "b");
  ASSERT_TRUE(b.has_value());
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ((*b)[1].advisory_key, 9);
  EXPECT_TRUE(DecodeIndexEntry(entry, "PyPI", "a")->empty());
  EXPECT_FALSE(DecodeIndexEntry(entry.substr(0, entry.size() - 1), "npm", "b").has_value());
  EXPECT_EQ(IndexKey("npm", "a"), IndexKey("npm", "a"));
  EXPECT_NE(IndexKey("npm", "a"), IndexKey("npm", "b"));
  EXPECT_NE(IndexKey("npm", "a"), IndexKey("npma", ""));
  // A count larger than the bytes left is refused before anything is allocated.
  EXPECT_FALSE(DecodeVersionList("\xff\xff\xff\xff\x0f").has_value());
}

}  // namespace
}  // namespace hullscan::store
