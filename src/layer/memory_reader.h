// MemoryEntryReader: an EntryReader over entries held in memory — the in-memory implementation
// of the real interface that tests use instead of a tar stream (as leveldb's memenv stands in
// for Env). Not for production data. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layer/entry.h"

namespace hullscan::layer {

class MemoryEntryReader final : public EntryReader {
 public:
  struct Item {
    TarEntry entry;
    std::string body;
  };
  explicit MemoryEntryReader(std::vector<Item> items, Status final_status = OkStatus())
      : items_(std::move(items)), final_status_(std::move(final_status)) {}

  bool Next() override {
    if (next_ >= items_.size()) {
      status_ = final_status_;
      return false;
    }
    cur_ = next_++;
    body_.emplace(std::string_view(items_[cur_].body));
    return true;
  }
  const TarEntry& entry() const override { return items_[cur_].entry; }
  ByteSource& body() override { return *body_; }
  const Status& status() const override { return status_; }
  const std::vector<model::Diagnostic>& diagnostics() const override { return diagnostics_; }

 private:
  std::vector<Item> items_;
  Status final_status_;
  size_t next_ = 0;
  size_t cur_ = 0;
  std::optional<MemorySource> body_;
  Status status_;
  std::vector<model::Diagnostic> diagnostics_;
};

}  // namespace hullscan::layer
