#include "report/history_reporter.h"

#include "base/clock.h"
#include "base/json.h"
#include "report/report_common.h"
#include "report/text_format.h"

namespace hullscan::report {

namespace {

/// One build step as both history reporters see it.
struct Step {
  int index = -1;  ///< position in the config history; -1 for rows synthesised from layers
  std::string created;
  std::string created_by;
  std::string author;
  std::string comment;
  bool empty_layer = false;
  int layer_index = -1;
  const model::LayerInfo* layer = nullptr;
  const model::LayerChange* change = nullptr;
};

/// The steps in config order. Without a history (configs may omit it) every layer is a step.
std::vector<Step> Steps(const model::ScanReport& report, const LayerIndex& index) {
  std::vector<Step> steps;
  const auto& history = report.image.history;
  if (!history.empty()) {
    for (size_t i = 0; i < history.size(); ++i) {
      const model::HistoryEntry& h = history[i];
      Step s;
      s.index = static_cast<int>(i);
      s.created = h.created;
      s.created_by = h.created_by;
      s.author = h.author;
      s.comment = h.comment;
      s.empty_layer = h.empty_layer;
      s.layer = index.LayerForHistory(static_cast<int>(i));
      s.layer_index = s.layer ? s.layer->index : h.layer_index;
      if (s.layer) s.change = index.Change(s.layer->index);
      steps.push_back(std::move(s));
    }
    return steps;
  }
  for (const model::LayerInfo& l : SortedLayers(report.image.layers)) {
    Step s;
    s.created_by = index.CreatedBy(l.index);
    s.layer_index = l.index;
    s.layer = index.Layer(l.index);
    s.change = index.Change(l.index);
    steps.push_back(std::move(s));
  }
  return steps;
}

std::string CreatedSince(const std::string& created, int64_t now) {
  int64_t t = 0;
  if (created.empty() || !ParseRfc3339(created, &t)) return "N/A";
  return HumanDuration(now - t) + " ago";
}

std::string Pkgs(const Step& s) {
  if (s.empty_layer || s.change == nullptr) return "-";
  return "+" + std::to_string(s.change->added) + " -" + std::to_string(s.change->removed) + " ~" +
         std::to_string(s.change->changed);
}

}  // namespace

Status HistoryTableReporter::Write(const model::ScanReport& report, ByteSink& out) const {
  LayerIndex index(report);
  std::vector<Step> steps = Steps(report, index);
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"IMAGE", "CREATED", "CREATED BY", "SIZE", "COMPRESSED", "FILES", "PKGS", "COMMENT"});
  std::string hex = DigestHex(report.image.config_digest);
  std::string short_id = hex.size() >= 12 ? SanitizeCell(hex.substr(0, 12)) : "<missing>";
  bool first = true;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    const Step& s = *it;
    std::string created_by = SanitizeCell(s.created_by);
    if (!options_.no_trunc) created_by = Ellipsis(created_by, 45);
    std::string size = s.layer ? HumanSizeWithPrecision(static_cast<double>(s.layer->size_bytes), 3) : "0B";
    std::string compressed = s.layer && s.layer->compressed_size_bytes >= 0
                                 ? HumanSizeWithPrecision(static_cast<double>(s.layer->compressed_size_bytes), 3)
                                 : "-";
    std::string files = s.layer ? std::to_string(s.layer->file_count) : (s.empty_layer ? "0" : "-");
    rows.push_back({first ? short_id : "<missing>", CreatedSince(s.created, options_.now_unix_seconds), created_by,
                    size, compressed, files, Pkgs(s), SanitizeCell(s.comment)});
    first = false;
  }
  return out.Write(std::string_view(AlignColumns(rows)));
}

Status HistoryJsonReporter::Write(const model::ScanReport& report, ByteSink& out) const {
  LayerIndex index(report);
  OrderedJson entries = OrderedJson::array();
  for (const Step& s : Steps(report, index)) {
    OrderedJson j = OrderedJson::object();
    j["index"] = s.index >= 0 ? OrderedJson(s.index) : OrderedJson(nullptr);
    j["created"] = s.created;
    j["created_by"] = s.created_by;
    j["author"] = s.author;
    j["comment"] = s.comment;
    j["empty_layer"] = s.empty_layer;
    j["layer_index"] = s.layer_index;
    const model::LayerInfo* l = s.layer;
    j["digest"] = l ? OrderedJson(l->digest) : OrderedJson(nullptr);
    j["diff_id"] = l ? OrderedJson(l->diff_id) : OrderedJson(nullptr);
    j["size_bytes"] = l ? OrderedJson(l->size_bytes) : OrderedJson(nullptr);
    j["compressed_size_bytes"] =
        l && l->compressed_size_bytes >= 0 ? OrderedJson(l->compressed_size_bytes) : OrderedJson(nullptr);
    j["file_count"] = l ? OrderedJson(l->file_count) : OrderedJson(nullptr);
    j["packages_added"] = s.change ? OrderedJson(s.change->added) : OrderedJson(nullptr);
    j["packages_removed"] = s.change ? OrderedJson(s.change->removed) : OrderedJson(nullptr);
    j["packages_changed"] = s.change ? OrderedJson(s.change->changed) : OrderedJson(nullptr);
    entries.push_back(std::move(j));
  }
  OrderedJson doc = OrderedJson::object();
  doc["schema_version"] = 1;
  doc["image"] = OrderedJson{{"ref", DisplayRef(report.image.ref)}, {"config_digest", report.image.config_digest}};
  doc["history"] = std::move(entries);
  return WriteJson(doc, out);
}

}  // namespace hullscan::report
