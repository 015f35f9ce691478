// The Java archive extractor ("lang/java"): the Maven artifacts of every .jar/.war/.ear/.par in
// a layer (jar_reader.h has the identity rules, paths and limits).
//
// Wants() is a suffix test plus a size bound; Extract() spills the archive with
// FileInput::Materialize() (the zip central directory is at the end) and reads it with
// libarchive's seekable zip reader. Problems inside an archive (a limit, a corrupt nested jar)
// become warnings; the packages found are kept.
// Place in the pipeline: one of DefaultExtractors(). Thread-safety: one instance per layer.
#pragma once

#include <memory>
#include <string_view>

#include "base/status.h"
#include "extract/extractor.h"
#include "extract/lang/java/jar_reader.h"

namespace hullscan::extract::java {

/// Archives larger than this are skipped by Wants().
inline constexpr uint64_t kMaxArchiveBytes = 1024ull * 1024 * 1024;

class JavaExtractor final : public PackageExtractor {
 public:
  std::string_view name() const override { return "lang/java"; }
  int version() const override { return 1; }
  /// Regular files named *.jar, *.war, *.ear, *.par of at most kMaxArchiveBytes.
  bool Wants(const FileInfo& info) const override;
  Status Extract(FileInput& in, ExtractSink& out) override;
};

/// A new extractor instance (one per layer).
std::unique_ptr<PackageExtractor> NewJavaExtractor();

}  // namespace hullscan::extract::java
