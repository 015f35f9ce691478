#include "extract/common/warning_budget.h"

#include <gtest/gtest.h>

#include "extract/common/testing_io.h"

namespace hullscan::extract::common {
namespace {

Error Corrupt(int i) { return Error(ErrorCode::kCorrupt, "line " + std::to_string(i) + ": bad"); }

TEST(WarningBudgetTest, PassesUpToTheLimitThenSummarises) {
  RecordingSink sink;
  WarningBudget budget(sink, "/f", WarningBudget::Mode::kPassThrough, 3);
  for (int i = 1; i <= 10; ++i) budget.Warn(Corrupt(i));
  EXPECT_EQ(sink.warnings.size(), 3u);
  budget.Finish();
  budget.Finish();
  ASSERT_EQ(sink.warnings.size(), 4u);
  EXPECT_EQ(sink.warnings[0].path, "/f");
  EXPECT_EQ(sink.warnings[2].error.message(), "line 3: bad");
  EXPECT_EQ(sink.warnings[3].error.code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(sink.warnings[3].error.message(), "7 more warnings suppressed after the first 3");
}

TEST(WarningBudgetTest, NoSummaryWhenNothingWasSuppressed) {
  RecordingSink sink;
  WarningBudget budget(sink, "/f");
  budget.Warn(Corrupt(1));
  budget.Finish();
  EXPECT_EQ(sink.warnings.size(), 1u);
}

TEST(WarningBudgetTest, HeldWarningsWaitForConfirm) {
  RecordingSink sink;
  WarningBudget budget(sink, "/f", WarningBudget::Mode::kHoldUntilConfirmed, 2);
  budget.Warn(Corrupt(1));
  budget.Warn(Corrupt(2));
  budget.Warn(Corrupt(3));
  EXPECT_TRUE(sink.warnings.empty());
  ASSERT_NE(budget.first_held(), nullptr);
  EXPECT_EQ(budget.first_held()->message(), "line 1: bad");
  budget.Confirm();
  budget.Confirm();
  EXPECT_EQ(sink.warnings.size(), 2u);
  budget.Warn(Corrupt(4));
  budget.Finish();
  ASSERT_EQ(sink.warnings.size(), 3u);
  EXPECT_EQ(sink.warnings[2].error.message(), "2 more warnings suppressed after the first 2");
}

TEST(WarningBudgetTest, UnconfirmedWarningsAreNeverReported) {
  RecordingSink sink;
  WarningBudget budget(sink, "/f", WarningBudget::Mode::kHoldUntilConfirmed);
  budget.Warn(Corrupt(1));
  budget.Finish();
  EXPECT_FALSE(budget.confirmed());
  EXPECT_TRUE(sink.warnings.empty());
}

}  // namespace
}  // namespace hullscan::extract::common
