// WarningBudget: caps how many warnings one extractor call passes to its ExtractSink for one
// file. A hostile package database can hold millions of malformed lines; each would otherwise
// become a Diagnostic and the report would grow without bound. After `max_warnings` warnings,
// the rest are counted and reported once, by Finish(), as a single summary warning.
//
// It can also hold warnings back until the input has shown it is of the expected format
// (Confirm(), called at the first well-formed line): a file in which no line parses is not
// that format at all, and the extractor returns one kCorrupt error naming first_held() instead
// of a warning per line.
//
// Used by the OS extractors (dpkg, apk, os-release). Thread-safety: one budget per Extract()
// call; not shared between threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"

namespace hullscan::extract::common {

class WarningBudget {
 public:
  static constexpr uint64_t kDefaultMaxWarnings = 100;

  enum class Mode {
    kPassThrough,         ///< warnings go to the sink at once
    kHoldUntilConfirmed,  ///< warnings wait for Confirm(); dropped if it never comes
  };

  /// REQUIRES: `sink` outlives the budget.
  WarningBudget(ExtractSink& sink, std::string path, Mode mode = Mode::kPassThrough,
                uint64_t max_warnings = kDefaultMaxWarnings)
      : sink_(sink), path_(std::move(path)), max_warnings_(max_warnings),
        confirmed_(mode == Mode::kPassThrough) {}

  /// Passes `e` to the sink while the budget lasts (or holds it); counts it otherwise.
  void Warn(const Error& e);
  /// The input is of the expected format: passes the held warnings on. Idempotent.
  void Confirm();
  bool confirmed() const { return confirmed_; }
  /// The first warning held back before Confirm(), or nullptr.
  const Error* first_held() const { return held_.empty() ? nullptr : &held_.front(); }
  /// Reports the suppressed warnings, if any, as one kLimitExceeded warning. Call once after
  /// the last Warn(); held warnings that were never confirmed are not reported.
  void Finish();
  /// Ends a file: when no line was ever confirmed but warnings were held, the file is not of
  /// the format at all: returns kCorrupt "`not_format`: <first held warning>". Otherwise
  /// Finish() and OK.
  Status Conclude(std::string_view not_format);

  uint64_t emitted() const { return emitted_; }
  uint64_t suppressed() const { return suppressed_; }

 private:
  ExtractSink& sink_;
  std::string path_;
  uint64_t max_warnings_;
  bool confirmed_;
  std::vector<Error> held_;  ///< at most max_warnings_ (the rest count as suppressed_)
  uint64_t emitted_ = 0;
  uint64_t suppressed_ = 0;
  bool finished_ = false;
};

}  // namespace hullscan::extract::common
