// Reporter: the last stage of the pipeline (DESIGN.md 1.3). A reporter turns a finished
// model::ScanReport into bytes on a ByteSink: hullscan's own JSON, CycloneDX 1.6 JSON,
// SPDX 2.3 JSON, the `hullscan history` table and JSON, and the `hullscan scan` reports
// (vulnerability table, JSON, SARIF 2.1.0, CycloneDX 1.6 with vulnerabilities).
//
// Reporters are pure functions of the ScanReport: the scan time and tool version come from
// the report (HistoryOptions carries the "now" the history table measures ages against), they
// never read the clock, the environment or the file system, and their output is sorted, so two
// runs over the same report give byte-identical output (safe for golden files). They do not
// print absolute host paths: an image reference that is a host path is shown by its base name.
// Thread-safety: reporters are immutable after construction; Write() may be called from
// several threads at once with different sinks.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/byte_io.h"
#include "base/status.h"
#include "model/image_info.h"

namespace hullscan::report {

class Reporter {
 public:
  virtual ~Reporter();
  /// Writes the whole document for `report` to `out`, ending with "\n".
  /// Errors: whatever the sink returns (kIo); kInternal if serialisation fails.
  virtual Status Write(const model::ScanReport& report, ByteSink& out) const = 0;
};

/// Options of the history reporters.
struct HistoryOptions {
  /// Print CREATED BY in full instead of cutting it at 45 display columns (docker --no-trunc).
  bool no_trunc = false;
  /// "Now" for the CREATED column ("2 weeks ago"); the caller takes it from its Clock.
  int64_t now_unix_seconds = 0;
};

/// Options of the vulnerability (`hullscan scan`) reporters.
struct ScanReportOptions {
  /// Table: print under each finding how it matched (query, range, data source, EPSS, KEV).
  bool explain = false;
};

/// The inventory reporters: "json" (hullscan's own document), "cyclonedx" (CycloneDX 1.6
/// JSON; alias "cyclonedx-json") and "spdx" (SPDX 2.3 JSON; alias "spdx-json").
/// kInvalidArgument for any other name.
Result<std::unique_ptr<Reporter>> NewSbomReporter(std::string_view format);

/// The history reporters: "table" (like `docker image history`, newest first) and "json"
/// (config order, oldest first). kInvalidArgument for any other name.
Result<std::unique_ptr<Reporter>> NewHistoryReporter(std::string_view format, const HistoryOptions& options);

/// The vulnerability reporters of `hullscan scan`: "table" (Trivy-like, per target), "json"
/// (the inventory document plus "db" and "vulnerabilities"), "sarif" (SARIF 2.1.0) and
/// "cyclonedx" (alias "cyclonedx-json": the SBOM plus "vulnerabilities"). The JSON and
/// CycloneDX additions appear only when ScanReport::vulnerability_scan is set.
/// kInvalidArgument for any other name.
Result<std::unique_ptr<Reporter>> NewScanReporter(std::string_view format, const ScanReportOptions& options);

}  // namespace hullscan::report
