// JSON helpers over nlohmann::json: parsing that returns Result instead of throwing, and typed
// field accessors that fail with a message naming the document and field. For untrusted
// documents (manifests, configs, lockfiles) read every field you rely on through these.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace hullscan {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

/// Parses a whole document. kCorrupt with the byte offset on syntax errors; nesting deeper than
/// 256 levels is rejected (kLimitExceeded) before parsing.
Result<Json> ParseJson(std::string_view text, std::string_view what);

/// Field accessors: kCorrupt "WHAT: field 'KEY' ..." when missing or of the wrong type.
Result<std::string> JsonString(const Json& obj, std::string_view key, std::string_view what);
/// Like JsonString, but "" when absent (still an error when present with another type).
Result<std::string> JsonOptString(const Json& obj, std::string_view key, std::string_view what);
Result<int64_t> JsonInt(const Json& obj, std::string_view key, std::string_view what);
/// Serialises with sorted keys (Json) or insertion order (OrderedJson), 2-space indent, "\n" end.
/// Invalid UTF-8 in strings (text from YAML, binaries) is replaced by U+FFFD: never throws.
std::string DumpJson(const OrderedJson& j);
/// One line, no spaces (stored documents); the same UTF-8 rule as DumpJson.
std::string DumpJsonCompact(const Json& j);
std::string DumpJsonCompact(const OrderedJson& j);

}  // namespace hullscan
