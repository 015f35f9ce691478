// Typed field accessors for feed records parsed into JSON (JSON records, and YAML records via
// YamlToJson), failing with kCorrupt messages that name the feed file and the record path
// ("osv all.zip: GO-1.json: affected[0].package.name: not a string", feed/feed_importer.h).
// Shared by the importers, which never include one another (DESIGN.md 1.2). Pure functions:
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"

namespace hullscan::feed {

/// kCorrupt "WHAT: PATH: WHY".
tl::unexpected<Error> RecordCorrupt(std::string_view what, std::string_view path, std::string_view why);

/// "PATH.KEY", or "KEY" when `path` is empty.
std::string FieldPath(std::string_view path, std::string_view key);

/// Optional string field of `obj` at record path `path`: "" when absent or null, kCorrupt
/// "WHAT: PATH.KEY: not a string" for any other type.
Result<std::string> OptStringAt(const Json& obj, std::string_view key, std::string_view what, std::string_view path);

/// Optional array field: nullptr when absent or null, kCorrupt "WHAT: PATH.KEY: not an array"
/// for any other type. The pointer refers into `obj`.
Result<const Json*> OptArrayAt(const Json& obj, std::string_view key, std::string_view what, std::string_view path);

/// Optional scalar id-like field as text: strings as given, integers printed (YAML feeds write
/// `osvdb: 77297`); "" when absent or null; kCorrupt "WHERE: field 'SHOWN' is not a string"
/// for any other type, where SHOWN is `shown_key` or, when that is empty, `key`.
Result<std::string> OptStringOrInteger(const Json& obj, std::string_view key, std::string_view where,
                                       std::string_view shown_key = {});

}  // namespace hullscan::feed
