#include "feed/common/record_json.h"

#include <gtest/gtest.h>

namespace hullscan::feed {
namespace {

TEST(RecordJson, OptStringAtNamesThePath) {
  Json rec = Json::parse(R"({"id": "X-1", "n": null, "bad": 5})");
  EXPECT_EQ(*OptStringAt(rec, "id", "osv f.zip: X-1.json", ""), "X-1");
  EXPECT_EQ(*OptStringAt(rec, "missing", "w", ""), "");
  EXPECT_EQ(*OptStringAt(rec, "n", "w", ""), "");
  auto bad = OptStringAt(rec, "bad", "osv f.zip: X-1.json", "affected[0].package");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(bad.error().message(), "osv f.zip: X-1.json: affected[0].package.bad: not a string");
  EXPECT_EQ(OptStringAt(rec, "bad", "w", "").error().message(), "w: bad: not a string");
}

TEST(RecordJson, OptArrayAt) {
  Json rec = Json::parse(R"({"a": [1, 2], "o": {}})");
  auto a = OptArrayAt(rec, "a", "w", "p");
  ASSERT_TRUE(a);
  ASSERT_NE(*a, nullptr);
  EXPECT_EQ((*a)->size(), 2u);
  EXPECT_EQ(*OptArrayAt(rec, "none", "w", "p"), nullptr);
  EXPECT_EQ(OptArrayAt(rec, "o", "w", "p").error().message(), "w: p.o: not an array");
}

TEST(RecordJson, OptStringOrInteger) {
  Json rec = Json::parse(R"({"osvdb": 77297, "cve": "2016-1", "f": 1.5, "l": [1]})");
  EXPECT_EQ(*OptStringOrInteger(rec, "osvdb", "w"), "77297");
  EXPECT_EQ(*OptStringOrInteger(rec, "cve", "w"), "2016-1");
  EXPECT_EQ(*OptStringOrInteger(rec, "none", "w"), "");
  EXPECT_EQ(OptStringOrInteger(rec, "f", "w").error().message(), "w: field 'f' is not a string");
  EXPECT_EQ(OptStringOrInteger(rec, "l", "w", "data.l").error().message(), "w: field 'data.l' is not a string");
  EXPECT_EQ(RecordCorrupt("w", "p", "why").value().message(), "w: p: why");
  EXPECT_EQ(FieldPath("", "k"), "k");
  EXPECT_EQ(FieldPath("a[0]", "k"), "a[0].k");
}

}  // namespace
}  // namespace hullscan::feed
