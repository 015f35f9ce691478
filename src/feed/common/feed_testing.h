// Test-only helpers for feed importer tests (header-only; include from *_test.cc only): the
// hand-written inputs of an importer directory, and the "import one file into a
// RecordingAdvisorySink" scaffold every importer test repeats, for small testdata files and for
// the shared feed files (skipped loudly when missing, DESIGN.md 1.5). Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "feed/feed_importer.h"
#include "model/advisory.h"
#include "store/advisory_sink.h"
#include "testing/testing.h"

namespace hullscan::feed {

/// <source>/src/feed/<dir>/testdata/<name>
inline std::string FeedTestData(std::string_view dir, std::string_view name) {
  return ::hullscan::testing::SourceDir() + "/src/feed/" + std::string(dir) + "/testdata/" + std::string(name);
}

/// Advisories by id (the first of each id).
inline std::map<std::string, model::Advisory> AdvisoriesById(const store::RecordingAdvisorySink& sink) {
  std::map<std::string, model::Advisory> out;
  for (const model::Advisory& a : sink.advisories) out.emplace(a.id, a);
  return out;
}

/// What one import produced.
struct Imported {
  store::RecordingAdvisorySink sink;
  FeedMeta meta;
  Status status;

  /// The first advisory with `id`, or nullptr.
  const model::Advisory* Find(std::string_view id) const {
    for (const model::Advisory& a : sink.advisories) {
      if (a.id == id) return &a;
    }
    return nullptr;
  }
  std::map<std::string, model::Advisory> ById() const { return AdvisoriesById(sink); }
};

/// Imports `path` with `importer` into a fresh sink; the outcome is in Imported::status.
inline Imported ImportFile(const FeedImporter& importer, const std::string& path) {
  Imported out;
  out.status = importer.Import(path, out.sink, out.meta);
  return out;
}

/// Imports the shared feed file `rel` (under the shared dir) after checking that `importer`
/// detects it. Returns false, and the test should return, when the file is missing (the test is
/// skipped, naming it) or when detection or the import failed (a test failure is recorded):
///   Imported im;
///   if (!ImportShared(*NewWolfiImporter(), "feeds/wolfi/advisories-yaml.tar.zst", im)) return;
inline bool ImportShared(const FeedImporter& importer, const std::string& rel, Imported& out) {
  std::string path = ::hullscan::testing::SharedPath(rel);
  if (path.empty() || !::hullscan::testing::Exists(path)) {
    [&] { GTEST_SKIP() << "SKIPPED: missing test data: " << rel; }();
    return false;
  }
  auto head = ReadFeedHead(path);
  if (!head) {
    ADD_FAILURE() << path << ": " << head.error().message();
    return false;
  }
  if (!importer.Detect(*head)) {
    ADD_FAILURE() << importer.format() << " does not detect " << path;
    return false;
  }
  out.status = importer.Import(path, out.sink, out.meta);
  if (!out.status) {
    ADD_FAILURE() << path << ": " << out.status.error().message();
    return false;
  }
  return true;
}

}  // namespace hullscan::feed
