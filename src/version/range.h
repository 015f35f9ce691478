// RangeContains: is a version inside an OSV range (DESIGN.md 1.3), for every scheme.
//
// Follows the OSV schema's evaluation ("Evaluation" under affected[].ranges[]): events are
// ordered by version ("introduced: 0" first); walking them, `introduced` <= v starts an affected
// span, `fixed` <= v ends it, `last_affected` < v ends it; `limit` events cap the range: a version
// at or above every limit is not affected. A kConstraints range holds when every comparison in
// `all_of` holds (an empty list: every version). Pure; thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <compare>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/advisory.h"
#include "version/version_cache.h"
#include "version/version_scheme.h"

namespace hullscan::version {

/// kInvalidArgument when an event version cannot be parsed by `scheme` (the error names it).
Result<bool> RangeContains(const model::AffectedRange& range, const VersionScheme& scheme, const Version& v);

/// The same answer for any range shaped like model::AffectedRange (`type`; `events` of {kind,
/// version}; `all_of` of {op, version}; versions convertible to std::string_view, such as the
/// views of a decoded store row), with the range's versions taken from, and parsed into, `cache`:
/// for callers that evaluate many ranges, whose bounds recur. Thread-safe as far as `cache` is.
template <typename Range>
Result<bool> RangeContains(const Range& range, const VersionScheme& scheme, const Version& v, VersionCache& cache);

namespace detail {

// The evaluation, over `parse(text)` -> Result<const Version*> (valid until the answer is known).
template <typename Range, typename ParseFn>
Result<bool> Contains(const Range& range, const VersionScheme& scheme, const Version& v, ParseFn&& parse) {
  using Kind = model::RangeEvent::Kind;
  if (range.type == model::AffectedRange::Type::kConstraints) {
    using Op = model::VersionConstraint::Op;
    for (const auto& c : range.all_of) {
      auto bound = parse(std::string_view(c.version));
      if (!bound) return MakeError(std::move(bound).error().WithContext("range constraint"));
      std::strong_ordering o = scheme.Compare(v, **bound);
      bool holds = false;
      switch (c.op) {
        case Op::kLt: holds = o < 0; break;
        case Op::kLe: holds = o <= 0; break;
        case Op::kGt: holds = o > 0; break;
        case Op::kGe: holds = o >= 0; break;
        case Op::kEq: holds = o == 0; break;
        case Op::kNe: holds = o != 0; break;
      }
      if (!holds) return false;
    }
    return true;
  }
  struct Parsed {
    Kind kind;
    const Version* version;  // null for "introduced: 0"
  };
  // Ranges have a handful of events: those live on the stack.
  constexpr size_t kInline = 8;
  std::array<Parsed, kInline> inline_events;
  std::vector<Parsed> heap_events;
  Parsed* events = inline_events.data();
  if (range.events.size() > kInline) {
    heap_events.resize(range.events.size());
    events = heap_events.data();
  }
  size_t n = 0;
  for (const auto& e : range.events) {
    std::string_view text(e.version);
    if (e.kind == Kind::kIntroduced && text == "0") {
      events[n++] = {e.kind, nullptr};
      continue;
    }
    auto parsed = parse(text);
    if (!parsed) return MakeError(std::move(parsed).error().WithContext("range event"));
    events[n++] = {e.kind, *parsed};
  }
  for (const Parsed& e : std::span<const Parsed>(events, n)) {
    if (e.kind == Kind::kLimit && scheme.Compare(v, *e.version) >= 0) return false;
  }
  // Sort by version; "0" first; at equal versions the order of the input is kept. Feeds list
  // events in order almost always: check before sorting.
  auto less = [&](const Parsed& a, const Parsed& b) {
    if (!a.version) return b.version != nullptr;
    if (!b.version) return false;
    return scheme.Compare(*a.version, *b.version) < 0;
  };
  if (!std::is_sorted(events, events + n, less)) std::stable_sort(events, events + n, less);
  bool affected = false;
  for (const Parsed& e : std::span<const Parsed>(events, n)) {
    switch (e.kind) {
      case Kind::kIntroduced:
        if (!e.version || scheme.Compare(v, *e.version) >= 0) affected = true;
        break;
      case Kind::kFixed:
        if (scheme.Compare(v, *e.version) >= 0) affected = false;
        break;
      case Kind::kLastAffected:
        if (scheme.Compare(v, *e.version) > 0) affected = false;
        break;
      case Kind::kLimit:
        break;
    }
  }
  return affected;
}

}  // namespace detail

template <typename Range>
Result<bool> RangeContains(const Range& range, const VersionScheme& scheme, const Version& v, VersionCache& cache) {
  return detail::Contains(range, scheme, v, [&](std::string_view text) { return cache.Get(scheme.id(), text); });
}

}  // namespace hullscan::version
