#include "feed/nvd/nvd_importer.h"

#include <string>

#include "base/json.h"
#include "feed/common/cvss.h"
#include "feed/common/record_json.h"
#include "feed/common/record_text.h"

namespace hullscan::feed {
namespace {

constexpr size_t kMaxReferences = 8;
// One yearly NVD file is up to a few hundred MB uncompressed; the whole document is one entry.
constexpr uint64_t kMaxNvdDocumentBytes = 1ull << 30;

// One SeverityScore per CVSS version the record has: the Primary (NVD's own) metric when there
// is one, else the first (a CNA's).
Status MapMetrics(const Json& cve, std::string_view what, const std::string& path, model::Advisory& adv) {
  auto mit = cve.find("metrics");
  if (mit == cve.end() || mit->is_null()) return {};
  if (!mit->is_object()) return RecordCorrupt(what, path + ".metrics", "not an object");
  for (const char* key : {"cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"}) {
    std::string mpath = path + ".metrics." + key;
    HS_ASSIGN_OR_RETURN(const Json* list, OptArrayAt(*mit, key, what, path + ".metrics"));
    if (list == nullptr || list->empty()) continue;
    const Json* pick = nullptr;
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& m = (*list)[i];
      if (!m.is_object()) return RecordCorrupt(what, mpath + "[" + std::to_string(i) + "]", "not an object");
      HS_ASSIGN_OR_RETURN(std::string type, OptStringAt(m, "type", what, mpath + "[" + std::to_string(i) + "]"));
      if (pick == nullptr || (type == "Primary" && pick->value("type", "") != "Primary")) pick = &m;
    }
    auto dit = pick->find("cvssData");
    if (dit == pick->end() || !dit->is_object()) return RecordCorrupt(what, mpath + ".cvssData", "missing or not an object");
    HS_ASSIGN_OR_RETURN(std::string vector, OptStringAt(*dit, "vectorString", what, mpath + ".cvssData"));
    if (vector.empty()) return RecordCorrupt(what, mpath + ".cvssData.vectorString", "missing");
    double score = -1;
    if (auto sit = dit->find("baseScore"); sit != dit->end() && !sit->is_null()) {
      if (!sit->is_number()) return RecordCorrupt(what, mpath + ".cvssData.baseScore", "not a number");
      score = sit->get<double>();
    }
    adv.severity.push_back(CvssSeverity(vector, "nvd", "", score));
  }
  return {};
}

Result<model::Advisory> MapCve(const Json& item, std::string_view what, const std::string& base_path) {
  model::Advisory adv;
  if (!item.is_object()) return RecordCorrupt(what, base_path, "not an object");
  auto cit = item.find("cve");
  if (cit == item.end() || !cit->is_object()) return RecordCorrupt(what, base_path + ".cve", "missing or not an object");
  const Json& cve = *cit;
  HS_ASSIGN_OR_RETURN(adv.id, OptStringAt(cve, "id", what, base_path + ".cve"));
  if (adv.id.empty() || adv.id.size() > 64) return RecordCorrupt(what, base_path + ".cve.id", "missing or too long");
  std::string path = base_path + " (" + adv.id + ")";

  HS_ASSIGN_OR_RETURN(const Json* descs, OptArrayAt(cve, "descriptions", what, path));
  if (descs != nullptr) {
    for (size_t i = 0; i < descs->size(); ++i) {
      const Json& d = (*descs)[i];
      std::string dpath = path + ".descriptions[" + std::to_string(i) + "]";
      if (!d.is_object()) return RecordCorrupt(what, dpath, "not an object");
      HS_ASSIGN_OR_RETURN(std::string lang, OptStringAt(d, "lang", what, dpath));
      HS_ASSIGN_OR_RETURN(std::string value, OptStringAt(d, "value", what, dpath));
      if (lang != "en" || !adv.details.empty()) continue;
      adv.summary = FirstLine(value);
      adv.details = TruncateUtf8(TrimSpace(value), kMaxDetailsBytes);
    }
  }
  HS_ASSIGN_OR_RETURN(std::string published, OptStringAt(cve, "published", what, path));
  HS_ASSIGN_OR_RETURN(std::string modified, OptStringAt(cve, "lastModified", what, path));
  HS_ASSIGN_OR_RETURN(std::string status, OptStringAt(cve, "vulnStatus", what, path));
  adv.published = AssumeUtc(published);
  adv.modified = AssumeUtc(modified);
  if (status == "Rejected") adv.withdrawn = adv.modified.empty() ? adv.published : adv.modified;
  HS_RETURN_IF_ERROR(MapMetrics(cve, what, path, adv));
  HS_ASSIGN_OR_RETURN(const Json* refs, OptArrayAt(cve, "references", what, path));
  if (refs != nullptr) {
    for (size_t i = 0; i < refs->size() && adv.references.size() < kMaxReferences; ++i) {
      const Json& r = (*refs)[i];
      std::string rpath = path + ".references[" + std::to_string(i) + "]";
      if (!r.is_object()) return RecordCorrupt(what, rpath, "not an object");
      HS_ASSIGN_OR_RETURN(std::string url, OptStringAt(r, "url", what, rpath));
      if (!url.empty()) adv.references.push_back(std::move(url));
    }
  }
  return adv;
}

class NvdImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "nvd"; }
  bool Detect(const FeedHead& head) const override {
    return !head.is_archive && head.head.find("\"NVD_CVE\"") != std::string::npos;
  }
  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    FeedFileLimits limits;
    limits.max_entry_bytes = kMaxNvdDocumentBytes;
    std::string what = "nvd " + std::string(BaseName(path));
    return ForEachFeedEntry(path, limits, [&](std::string_view, std::string_view content) -> Status {
      return ParseNvdDocument(content, what, sink, meta);
    });
  }
};

}  // namespace

Status ParseNvdDocument(std::string_view content, std::string_view what, store::AdvisorySink& sink, FeedMeta& meta) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(content, what));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  HS_ASSIGN_OR_RETURN(std::string format, OptStringAt(doc, "format", what, "document"));
  if (format != "NVD_CVE") return RecordCorrupt(what, "document.format", "expected 'NVD_CVE'");
  HS_ASSIGN_OR_RETURN(std::string timestamp, OptStringAt(doc, "timestamp", what, "document"));
  HS_ASSIGN_OR_RETURN(const Json* vulns, OptArrayAt(doc, "vulnerabilities", what, "document"));
  if (vulns == nullptr) return RecordCorrupt(what, "document.vulnerabilities", "missing");
  for (size_t i = 0; i < vulns->size(); ++i) {
    HS_ASSIGN_OR_RETURN(model::Advisory adv, MapCve((*vulns)[i], what, "vulnerabilities[" + std::to_string(i) + "]"));
    HS_RETURN_IF_ERROR(sink.AddAdvisory(std::move(adv)));
    ++meta.records;
  }
  meta.as_of = AssumeUtc(timestamp);
  return {};
}

std::unique_ptr<FeedImporter> NewNvdImporter() { return std::make_unique<NvdImporter>(); }

}  // namespace hullscan::feed
