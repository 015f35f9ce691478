#include "feed/wolfi/wolfi_importer.h"

#include <map>

#include <gtest/gtest.h>

#include "feed/common/feed_testing.h"
#include "testing/testing.h"

namespace hullscan::feed {
namespace {

using model::Advisory;
using model::FixState;
using model::RangeEvent;

std::string TestData(const std::string& name) { return FeedTestData("wolfi", name); }

TEST(WolfiImporter, EveryEventType) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto imp = NewWolfiImporter();
  auto head = ReadFeedHead(TestData("quirks.advisories.yaml"));
  ASSERT_TRUE(head);
  EXPECT_TRUE(imp->Detect(*head));
  ASSERT_TRUE(imp->Import(TestData("quirks.advisories.yaml"), sink, meta));
  EXPECT_EQ(meta.records, 5u);
  EXPECT_EQ(meta.skipped, 3u);  // unparsable fixed-version, no events, unknown event type
  EXPECT_EQ(meta.as_of, "2024-02-02T00:00:00Z");
  auto by = AdvisoriesById(sink);
  ASSERT_EQ(by.size(), 5u);
  const Advisory& a = by.at("CGA-aaaa-aaaa-aaaa");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2020-8927", "GHSA-5v8v-66v8-mwm7"}));
  EXPECT_EQ(a.published, "2022-09-10T00:00:00Z");
  EXPECT_EQ(a.modified, "2022-09-15T02:40:18Z");
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].ecosystem, "Wolfi");
  EXPECT_EQ(a.affected[0].name, "brotli");
  EXPECT_EQ(a.affected[0].state, FixState::kFixed);  // latest by timestamp, not list order
  EXPECT_EQ(a.affected[0].ranges[0].events,
            (std::vector<RangeEvent>{{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, "1.0.9-r0"}}));
  const auto& b = by.at("CGA-bbbb-bbbb-bbbb").affected[0];
  EXPECT_EQ(b.state, FixState::kNotAffected);
  EXPECT_EQ(b.note, "vulnerable-code-not-included-in-package");
  EXPECT_TRUE(b.ranges.empty());
  const auto& c = by.at("CGA-cccc-cccc-cccc").affected[0];
  EXPECT_EQ(c.state, FixState::kWillNotFix);
  EXPECT_EQ(c.note, "upstream abandoned");
  const auto& d = by.at("CGA-dddd-dddd-dddd").affected[0];
  EXPECT_EQ(d.state, FixState::kAffected);
  EXPECT_EQ(d.note, "waiting for upstream");
  EXPECT_EQ(d.ranges[0].events, (std::vector<RangeEvent>{{RangeEvent::Kind::kIntroduced, "0"}}));
  EXPECT_EQ(by.at("CGA-eeee-eeee-eeee").affected[0].state, FixState::kAffected);
}

TEST(WolfiImporter, BadRecordNamesFileAndRecord) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto st = NewWolfiImporter()->Import(TestData("bad.advisories.yaml"), sink, meta);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message().find(
                "bad.advisories.yaml: advisories[1] (CGA-2222-2222-2222): events[0]: missing field 'timestamp'"),
            std::string::npos)
      << st.error().message();
}

TEST(WolfiImporter, Hostile) {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  auto doc = [&](const std::string& text) { return ImportWolfiDocument(text, "x.advisories.yaml", "x", sink, meta); };
  EXPECT_FALSE(doc("- a\n- b\n"));
  EXPECT_FALSE(doc("package: {name: 5}\n"));
  EXPECT_FALSE(doc("package: {name: x}\nadvisories: {a: 1}\n"));
  EXPECT_FALSE(doc("package: {name: x}\nadvisories: [{id: [1]}]\n"));
  EXPECT_FALSE(doc("package: {name: x}\nadvisories: [{id: CGA-1, aliases: [[1]], events: []}]\n"));
  EXPECT_FALSE(doc("package: {name: x}\nadvisories: [{id: CGA-1, events: [{timestamp: t, type: fixed}]}]\n"));
  EXPECT_FALSE(doc("package: {name: x}\nadvisories: [{id: CGA-1, events: [{timestamp: t, type: fixed, data: "
                   "{fixed-version: [1]}}]}]\n"));
  EXPECT_FALSE(doc("package: {name: x\n"));
  EXPECT_FALSE(doc("package: " + std::string(5000, '[') + std::string(5000, ']') + "\n"));
  EXPECT_FALSE(doc("package: {name: " + std::string(1000, 'x') + "}\n"));
  // Not an advisory file: skipped, counted.
  uint64_t before = meta.skipped;
  EXPECT_TRUE(ImportWolfiDocument("gap: [\".\"]\n", "wolfi-advisories/.yam.yaml", "x", sink, meta));
  EXPECT_EQ(meta.skipped, before + 1);
}

TEST(WolfiImporter, SharedArchive) {
  Imported im;
  if (!ImportShared(*NewWolfiImporter(), "feeds/wolfi/advisories-yaml.tar.zst", im)) return;
  // README section 3: 1,617 files (one is the ".yam.yaml" settings file), 30,030 advisories.
  EXPECT_EQ(im.sink.advisories.size() + im.meta.skipped, 30030u + 1u);
  std::map<FixState, uint64_t> states;
  for (const Advisory& a : im.sink.advisories) ++states[a.affected.at(0).state];
  // The latest event per advisory (by timestamp): fixed 21,926, detection 3,951, false-positive
  // 2,782, pending-upstream-fix 1,140, fix-not-planned 223, true-positive 8.
  EXPECT_EQ(states[FixState::kFixed] + im.meta.skipped - 1, 21926u);
  EXPECT_EQ(states[FixState::kNotAffected], 2782u);
  EXPECT_EQ(states[FixState::kWillNotFix], 223u);
  EXPECT_EQ(states[FixState::kAffected], 3951u + 1140u + 8u);
  EXPECT_EQ(im.meta.as_of.substr(0, 10), "2026-01-07");
  auto by = im.ById();
  const Advisory& calico = by.at("CGA-522q-c284-62x4");
  EXPECT_EQ(calico.aliases, std::vector<std::string>{"CVE-2025-22868"});
  EXPECT_EQ(calico.affected[0].name, "calico-3.29");
  EXPECT_EQ(calico.affected[0].ranges[0].events,
            (std::vector<RangeEvent>{{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, "3.29.2-r31"}}));
  const Advisory& brotli = by.at("CGA-9mxg-j38p-8p8r");
  EXPECT_EQ(brotli.affected[0].name, "brotli");
  EXPECT_EQ(brotli.affected[0].state, FixState::kNotAffected);
  EXPECT_EQ(brotli.affected[0].note, "vulnerable-code-version-not-used");
  EXPECT_EQ(brotli.aliases, (std::vector<std::string>{"CVE-2020-8927", "GHSA-5v8v-66v8-mwm7"}));
}

}  // namespace
}  // namespace hullscan::feed
