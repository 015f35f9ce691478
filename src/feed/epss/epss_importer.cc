#include "feed/epss/epss_importer.h"

#include <charconv>
#include <cmath>

#include "feed/common/record_text.h"

namespace hullscan::feed {
namespace {

constexpr size_t kMaxNotes = 8;

// EPSS rows name CVE ids; a longer "id" is not one (and is not stored).
constexpr size_t kMaxCveIdBytes = 32;

bool ParseUnit(std::string_view s, double* out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && p == end && std::isfinite(*out) && *out >= 0 && *out <= 1;
}

class EpssImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "epss"; }
  bool Detect(const FeedHead& head) const override {
    std::string_view h = head.head;
    return !head.is_archive && (h.starts_with("#model_version:") || h.starts_with("cve,epss,percentile"));
  }
  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    EpssParser parser("epss " + std::string(BaseName(path)), sink, meta);
    HS_RETURN_IF_ERROR(ForEachFeedLine(path, FeedFileLimits{},
                                       [&](std::string_view line, uint64_t no) { return parser.Line(line, no); }));
    return parser.Finish();
  }
};

}  // namespace

EpssParser::EpssParser(std::string what, store::AdvisorySink& sink, FeedMeta& meta)
    : what_(std::move(what)), sink_(sink), meta_(meta) {}

Status EpssParser::Line(std::string_view line, uint64_t line_no) {
  auto corrupt = [&](std::string_view why) {
    return MakeError(ErrorCode::kCorrupt, what_ + ": line " + std::to_string(line_no) + ": " + std::string(why));
  };
  if (line.empty()) return {};
  if (line[0] == '#') {
    // "#model_version:v2025.03.14,score_date:2026-01-30T12:55:00Z"
    line.remove_prefix(1);
    while (!line.empty()) {
      size_t comma = line.find(',');
      std::string_view kv = line.substr(0, comma);
      if (kv.starts_with("score_date:")) meta_.as_of = std::string(kv.substr(11, 64));
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
    return {};
  }
  if (!header_seen_) {
    if (line != "cve,epss,percentile") return corrupt("expected header 'cve,epss,percentile'");
    header_seen_ = true;
    return {};
  }
  size_t c1 = line.find(',');
  size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
  if (c2 == std::string_view::npos || line.find(',', c2 + 1) != std::string_view::npos) {
    return corrupt("expected 3 fields");
  }
  std::string_view cve = line.substr(0, c1);
  if (!ParseUnit(line.substr(c1 + 1, c2 - c1 - 1), &row_.score)) return corrupt("epss is not a number in [0, 1]");
  if (!ParseUnit(line.substr(c2 + 1), &row_.percentile)) return corrupt("percentile is not a number in [0, 1]");
  if (!IsCveId(cve) || cve.size() > kMaxCveIdBytes) {
    ++meta_.skipped;
    AppendNote(meta_.notes,
               what_ + ": line " + std::to_string(line_no) + ": '" + std::string(cve.substr(0, 40)) + "' is not a CVE id",
               kMaxNotes);
    return {};
  }
  row_.cve.assign(cve);
  HS_RETURN_IF_ERROR(sink_.AddEpss(row_));
  ++meta_.records;
  return {};
}

Status EpssParser::Finish() {
  if (!header_seen_) return MakeError(ErrorCode::kCorrupt, what_ + ": no 'cve,epss,percentile' header");
  return {};
}

std::unique_ptr<FeedImporter> NewEpssImporter() { return std::make_unique<EpssImporter>(); }

}  // namespace hullscan::feed
