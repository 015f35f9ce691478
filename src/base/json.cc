#include "base/json.h"

namespace hullscan {

namespace {
bool TooDeep(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}
}  // namespace

Result<Json> ParseJson(std::string_view text, std::string_view what) {
  if (TooDeep(text, 256)) {
    return MakeError(ErrorCode::kLimitExceeded, std::string(what) + ": JSON nested deeper than 256 levels");
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": invalid JSON at byte " +
                                              std::to_string(e.byte) + ": " +
                                              std::string(e.what()).substr(0, 200));
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": invalid JSON: " + e.what());
  }
}

Result<std::string> JsonString(const Json& obj, std::string_view key, std::string_view what) {
  if (!obj.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  auto it = obj.find(key);
  if (it == obj.end()) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": missing field '" + std::string(key) + "'");
  }
  if (!it->is_string()) {
    return MakeError(ErrorCode::kCorrupt,
                     std::string(what) + ": field '" + std::string(key) + "' is not a string");
  }
  return it->get<std::string>();
}

Result<std::string> JsonOptString(const Json& obj, std::string_view key, std::string_view what) {
  if (!obj.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return MakeError(ErrorCode::kCorrupt,
                     std::string(what) + ": field '" + std::string(key) + "' is not a string");
  }
  return it->get<std::string>();
}

Result<int64_t> JsonInt(const Json& obj, std::string_view key, std::string_view what) {
  if (!obj.is_object()) return MakeError(ErrorCode::kCorrupt, std::string(what) + ": not a JSON object");
  auto it = obj.find(key);
  if (it == obj.end()) {
    return MakeError(ErrorCode::kCorrupt, std::string(what) + ": missing field '" + std::string(key) + "'");
  }
  if (!it->is_number_integer()) {
    return MakeError(ErrorCode::kCorrupt,
                     std::string(what) + ": field '" + std::string(key) + "' is not an integer");
  }
  return it->get<int64_t>();
}

std::string DumpJson(const OrderedJson& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string DumpJsonCompact(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string DumpJsonCompact(const OrderedJson& j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace hullscan
