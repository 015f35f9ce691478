// AdvisorySink: where feed importers put what they read (DESIGN.md 1.3, the write side of the
// advisory store). store::AdvisoryWriter implements it over SQLite; RecordingAdvisorySink keeps
// everything in memory (tests, `db import --dry-run`). An importer calls it once per record, in
// feed order; the sink owns transactions (one per feed file: a file that fails imports nothing).
// Not thread-safe: one importer per sink at a time.
#pragma once

#include <vector>

#include "base/status.h"
#include "model/advisory.h"

namespace hullscan::store {

class AdvisorySink {
 public:
  virtual ~AdvisorySink() = default;
  virtual Status AddAdvisory(model::Advisory advisory) = 0;
  virtual Status AddEpss(const model::EpssScore& score) = 0;
  virtual Status AddKev(const model::KevEntry& entry) = 0;
};

/// Keeps every record in memory, in the order received.
class RecordingAdvisorySink final : public AdvisorySink {
 public:
  Status AddAdvisory(model::Advisory advisory) override {
    advisories.push_back(std::move(advisory));
    return {};
  }
  Status AddEpss(const model::EpssScore& score) override {
    epss.push_back(score);
    return {};
  }
  Status AddKev(const model::KevEntry& entry) override {
    kev.push_back(entry);
    return {};
  }
  std::vector<model::Advisory> advisories;
  std::vector<model::EpssScore> epss;
  std::vector<model::KevEntry> kev;
};

}  // namespace hullscan::store
