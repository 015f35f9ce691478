#include "feed/common/record_json.h"

#include <cstdint>

namespace hullscan::feed {

tl::unexpected<Error> RecordCorrupt(std::string_view what, std::string_view path, std::string_view why) {
  return MakeError(ErrorCode::kCorrupt, std::string(what) + ": " + std::string(path) + ": " + std::string(why));
}

std::string FieldPath(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

Result<std::string> OptStringAt(const Json& obj, std::string_view key, std::string_view what, std::string_view path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return RecordCorrupt(what, FieldPath(path, key), "not a string");
  return it->get<std::string>();
}

Result<const Json*> OptArrayAt(const Json& obj, std::string_view key, std::string_view what, std::string_view path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_array()) return RecordCorrupt(what, FieldPath(path, key), "not an array");
  return &*it;
}

Result<std::string> OptStringOrInteger(const Json& obj, std::string_view key, std::string_view where,
                                       std::string_view shown_key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return MakeError(ErrorCode::kCorrupt, std::string(where) + ": field '" +
                                            std::string(shown_key.empty() ? key : shown_key) + "' is not a string");
}

}  // namespace hullscan::feed
