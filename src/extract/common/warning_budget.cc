#include "extract/common/warning_budget.h"

namespace hullscan::extract::common {

void WarningBudget::Warn(const Error& e) {
  if (emitted_ + held_.size() >= max_warnings_) {
    ++suppressed_;
  } else if (!confirmed_) {
    held_.push_back(e);
  } else {
    ++emitted_;
    sink_.Warn(path_, e);
  }
}

void WarningBudget::Confirm() {
  if (confirmed_) return;
  confirmed_ = true;
  for (const Error& e : held_) {
    ++emitted_;
    sink_.Warn(path_, e);
  }
  held_.clear();
}

void WarningBudget::Finish() {
  if (finished_ || !confirmed_ || suppressed_ == 0) return;
  finished_ = true;
  sink_.Warn(path_, Error(ErrorCode::kLimitExceeded,
                          std::to_string(suppressed_) + " more warnings suppressed after the first " +
                              std::to_string(max_warnings_)));
}

Status WarningBudget::Conclude(std::string_view not_format) {
  if (!confirmed() && first_held() != nullptr) {
    const Error& first = *first_held();
    return MakeError(first.code(), std::string(not_format) + ": " + first.message());
  }
  Finish();
  return OkStatus();
}

}  // namespace hullscan::extract::common
