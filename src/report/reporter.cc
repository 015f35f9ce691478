#include "report/reporter.h"

#include <string>

#include "report/cyclonedx_reporter.h"
#include "report/history_reporter.h"
#include "report/json_reporter.h"
#include "report/spdx_reporter.h"

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

}  // namespace hullscan::report
