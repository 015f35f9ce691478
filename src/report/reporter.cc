#include "report/reporter.h"

#include <string>

#include "report/cyclonedx_reporter.h"
#include "report/history_reporter.h"
#include "report/json_reporter.h"
#include "report/sarif_reporter.h"
#include "report/spdx_reporter.h"
#include "report/vulnerability_table_reporter.h"

namespace hullscan::report {

Reporter::~Reporter() = default;

Result<std::unique_ptr<Reporter>> NewSbomReporter(std::string_view format) {
  if (format == "json") return std::make_unique<JsonReporter>();
  if (format == "cyclonedx" || format == "cyclonedx-json") return std::make_unique<CycloneDxReporter>();
  if (format == "spdx" || format == "spdx-json") return std::make_unique<SpdxReporter>();
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown report format '" + std::string(format) + "': want json, cyclonedx or spdx");
}

Result<std::unique_ptr<Reporter>> NewHistoryReporter(std::string_view format, const HistoryOptions& options) {
  if (format == "table") return std::make_unique<HistoryTableReporter>(options);
  if (format == "json") return std::make_unique<HistoryJsonReporter>();
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown history format '" + std::string(format) + "': want table or json");
}

Result<std::unique_ptr<Reporter>> NewScanReporter(std::string_view format, const ScanReportOptions& options) {
  if (format == "table") return std::make_unique<VulnerabilityTableReporter>(options);
  if (format == "json") return std::make_unique<JsonReporter>();
  if (format == "sarif") return std::make_unique<SarifReporter>();
  if (format == "cyclonedx" || format == "cyclonedx-json") return std::make_unique<CycloneDxReporter>();
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown scan report format '" + std::string(format) + "': want table, json, sarif or cyclonedx");
}

}  // namespace hullscan::report
