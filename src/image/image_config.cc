#include "image/image_config.h"

#include "base/digest.h"
#include "base/json.h"

namespace hullscan::image {

Result<ImageConfig> ParseImageConfig(std::string_view json, std::string_view what_view) {
  std::string what(what_view);
  HS_ASSIGN_OR_RETURN(Json doc, ParseJson(json, what));
  if (!doc.is_object()) return MakeError(ErrorCode::kCorrupt, what + ": not a JSON object");
  ImageConfig c;
  HS_ASSIGN_OR_RETURN(c.os, JsonOptString(doc, "os", what));
  HS_ASSIGN_OR_RETURN(c.architecture, JsonOptString(doc, "architecture", what));
  HS_ASSIGN_OR_RETURN(c.variant, JsonOptString(doc, "variant", what));
  HS_ASSIGN_OR_RETURN(c.created, JsonOptString(doc, "created", what));

  auto rootfs = doc.find("rootfs");
  if (rootfs == doc.end() || !rootfs->is_object()) {
    return MakeError(ErrorCode::kCorrupt, what + ": field 'rootfs' is missing or not an object");
  }
  auto ids = rootfs->find("diff_ids");
  if (ids == rootfs->end() || !(ids->is_array() || ids->is_null())) {
    return MakeError(ErrorCode::kCorrupt, what + ": field 'rootfs.diff_ids' is missing or not an array");
  }
  if (ids->is_array()) {
    for (size_t i = 0; i < ids->size(); ++i) {
      const Json& id = (*ids)[i];
      std::string iwhat = what + ": rootfs.diff_ids[" + std::to_string(i) + "]";
      if (!id.is_string()) return MakeError(ErrorCode::kCorrupt, iwhat + " is not a string");
      auto d = Digest::Parse(id.get<std::string>());
      if (!d) return MakeError(std::move(d).error().WithContext(iwhat));
      c.diff_ids.push_back(d->str());
    }
  }

  auto hist = doc.find("history");
  if (hist != doc.end() && !hist->is_null()) {
    if (!hist->is_array()) return MakeError(ErrorCode::kCorrupt, what + ": field 'history' is not an array");
    for (size_t i = 0; i < hist->size(); ++i) {
      const Json& h = (*hist)[i];
      std::string hwhat = what + ": history[" + std::to_string(i) + "]";
      if (!h.is_object()) return MakeError(ErrorCode::kCorrupt, hwhat + ": not a JSON object");
      model::HistoryEntry e;
      HS_ASSIGN_OR_RETURN(e.created, JsonOptString(h, "created", hwhat));
      HS_ASSIGN_OR_RETURN(e.created_by, JsonOptString(h, "created_by", hwhat));
      HS_ASSIGN_OR_RETURN(e.author, JsonOptString(h, "author", hwhat));
      HS_ASSIGN_OR_RETURN(e.comment, JsonOptString(h, "comment", hwhat));
      auto empty = h.find("empty_layer");
      if (empty != h.end() && !empty->is_null()) {
        if (!empty->is_boolean()) return MakeError(ErrorCode::kCorrupt, hwhat + ": empty_layer is not a boolean");
        e.empty_layer = empty->get<bool>();
      }
      c.history.push_back(std::move(e));
    }
  }
  return c;
}

Status ApplyConfig(const ImageConfig& config, model::ImageInfo* info) {
  if (config.diff_ids.size() != info->layers.size()) {
    return MakeError(ErrorCode::kCorrupt, "config lists " + std::to_string(config.diff_ids.size()) +
                                              " rootfs.diff_ids but the manifest has " +
                                              std::to_string(info->layers.size()) + " layers");
  }
  info->os = config.os;
  info->architecture = config.architecture;
  info->variant = config.variant;
  info->created = config.created;
  info->history = config.history;
  size_t non_empty = 0;
  for (const model::HistoryEntry& h : config.history) non_empty += h.empty_layer ? 0 : 1;
  const bool mapped = non_empty == info->layers.size();
  int layer = 0;
  for (size_t i = 0; i < info->history.size(); ++i) {
    model::HistoryEntry& h = info->history[i];
    h.layer_index = -1;
    if (!mapped || h.empty_layer) continue;
    h.layer_index = layer;
    info->layers[static_cast<size_t>(layer)].history_index = static_cast<int>(i);
    info->layers[static_cast<size_t>(layer)].created_by = h.created_by;
    ++layer;
  }
  for (size_t i = 0; i < info->layers.size(); ++i) {
    info->layers[i].diff_id = config.diff_ids[i];
    if (!mapped) {
      info->layers[i].history_index = -1;
      info->layers[i].created_by.clear();
    }
  }
  return OkStatus();
}

}  // namespace hullscan::image
