#include "feed/kev/kev_importer.h"

#include <string>

#include "base/json.h"
#include "feed/common/record_json.h"
#include "feed/common/record_text.h"

namespace hullscan::feed {
namespace {

constexpr size_t kMaxNotes = 8;
constexpr size_t kMaxFieldBytes = 4096;

Result<std::string> Field(const Json& obj, const char* key, bool required, std::string_view what, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return RecordCorrupt(what, path, std::string("field '") + key + "' missing");
    return std::string();
  }
  if (!it->is_string()) return RecordCorrupt(what, path, std::string("field '") + key + "' is not a string");
  // Cut on a character boundary: a split UTF-8 sequence would fail JSON output later.
  return TruncateUtf8(it->get_ref<const std::string&>(), kMaxFieldBytes);
}

class KevImporter final : public FeedImporter {
 public:
  std::string_view format() const override { return "kev"; }
  bool Detect(const FeedHead& head) const override {
    return !head.is_archive && head.head.find("\"catalogVersion\"") != std::string::npos &&
           head.head.find("\"vulnerabilities\"") != std::string::npos;
  }
  Status Import(const std::string& path, store::AdvisorySink& sink, FeedMeta& meta) const override {
    std::string what = "kev " + std::string(BaseName(path));
    return ForEachFeedEntry(path, FeedFileLimits{}, [&](std::string_view, std::string_view content) -> Status {
      return ParseKevDocument(content, what, sink, meta);
    });
  }
};

}  // namespace

Status ParseKevDocument(std::string_view content, std::string_view what, store::AdvisorySink& sink, FeedMeta& meta) {
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(content, what));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  HS_ASSIGN_OR_RETURN(std::string released, Field(doc, "dateReleased", false, what, "catalogue"));
  auto vit = doc.find("vulnerabilities");
  if (vit == doc.end() || !vit->is_array()) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": field 'vulnerabilities' missing or not an array");
  }
  for (size_t i = 0; i < vit->size(); ++i) {
    const Json& v = (*vit)[i];
    std::string path = "vulnerabilities[" + std::to_string(i) + "]";
    if (!v.is_object()) return RecordCorrupt(what, path, "not an object");
    model::KevEntry e;
    HS_ASSIGN_OR_RETURN(e.cve, Field(v, "cveID", true, what, path));
    if (!IsCveId(e.cve)) {
      ++meta.skipped;
      AppendNote(meta.notes, std::string(what) + ": " + path + ": cveID '" + e.cve.substr(0, 64) + "' is not a CVE id",
                 kMaxNotes);
      continue;
    }
    path += " (" + e.cve + ")";
    HS_ASSIGN_OR_RETURN(e.date_added, Field(v, "dateAdded", true, what, path));
    HS_ASSIGN_OR_RETURN(e.due_date, Field(v, "dueDate", false, what, path));
    HS_ASSIGN_OR_RETURN(e.vendor, Field(v, "vendorProject", false, what, path));
    HS_ASSIGN_OR_RETURN(e.product, Field(v, "product", false, what, path));
    HS_ASSIGN_OR_RETURN(e.name, Field(v, "vulnerabilityName", false, what, path));
    HS_ASSIGN_OR_RETURN(std::string ransomware, Field(v, "knownRansomwareCampaignUse", false, what, path));
    e.known_ransomware = ransomware == "Known";
    HS_RETURN_IF_ERROR(sink.AddKev(e));
    ++meta.records;
  }
  meta.as_of = released;
  return {};
}

std::unique_ptr<FeedImporter> NewKevImporter() { return std::make_unique<KevImporter>(); }

}  // namespace hullscan::feed
