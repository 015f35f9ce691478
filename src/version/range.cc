#include "version/range.h"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

namespace hullscan::version {

Result<bool> RangeContains(const model::AffectedRange& range, const VersionScheme& scheme, const Version& v) {
  using Kind = model::RangeEvent::Kind;
  if (range.type == model::AffectedRange::Type::kConstraints) {
    using Op = model::VersionConstraint::Op;
    for (const model::VersionConstraint& c : range.all_of) {
      auto bound = scheme.Parse(c.version);
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
    std::unique_ptr<Version> version;  // null for "introduced: 0"
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
  for (const model::RangeEvent& e : range.events) {
    if (e.kind == Kind::kIntroduced && e.version == "0") {
      events[n++] = {e.kind, nullptr};
      continue;
    }
    auto parsed = scheme.Parse(e.version);
    if (!parsed) return MakeError(std::move(parsed).error().WithContext("range event"));
    events[n++] = {e.kind, std::move(*parsed)};
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

}  // namespace hullscan::version
