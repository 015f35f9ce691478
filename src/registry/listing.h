// Parsers for the registry's listing answers (untrusted bytes): the Link header that
// paginates /v2/_catalog and /v2/<name>/tags/list, and their JSON bodies
// (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#listing-tags and
// https://distribution.github.io/distribution/spec/api/#catalog). Used by Client::List.
// Thread-safety: plain functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hullscan::registry {

/// A Link header longer than this is refused.
inline constexpr size_t kMaxLinkHeaderBytes = 8 * 1024;
/// One listed name (a repository path or a tag) longer than this is refused.
inline constexpr size_t kMaxListedNameBytes = 512;

/// The target of the first link with rel="next" in a Link header (RFC 8288 section 3:
/// `<URI-Reference>; param=value; rel="next", <...>; ...`; rel may list several relation
/// types), "" when there is none. The target is returned as written (resolve it against the
/// request URL). Errors: kNetwork "bad Link header: why" (unterminated '<' or quote, over
/// kMaxLinkHeaderBytes, control characters in the target).
Result<std::string> ParseLinkNext(std::string_view header);

/// The names under `field` of a listing body: {"repositories": [...]} (catalog) or
/// {"name": "...", "tags": [...]} (tags). A missing or null field is an empty list (the
/// registry answers "tags": null for a repository without tags). Errors: kCorrupt naming
/// `what` (bad JSON, not an object, a non-string or empty element, a name over
/// kMaxListedNameBytes or with control characters).
Result<std::vector<std::string>> ParseNameList(std::string_view body, std::string_view field, std::string_view what);

}  // namespace hullscan::registry
