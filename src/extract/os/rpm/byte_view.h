// Byte-order helpers shared by the rpm database readers and the header parser.
//
// Everything rpm stores is read through a ByteView (a span of the caller's bytes: an mmap of
// the spilled database, a SQLite blob, or a fuzzer's buffer). The loads below never read
// outside the span: callers check `offset + width <= view.size()` first, and the loads
// HS_DCHECK it. rpm headers are big-endian ("network byte order",
// https://rpm-software-management.github.io/rpm/manual/format_header.html); NDB is
// little-endian; Berkeley DB uses the byte order of the machine that wrote the file.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>

#include "base/status.h"

namespace hullscan::extract::rpm {

/// Read-only bytes owned by someone else.
using ByteView = std::span<const uint8_t>;

/// REQUIRES: off + 2 <= v.size() (likewise 4 for the 32-bit loads).
inline uint16_t LoadLe16(ByteView v, uint64_t off) {
  HS_DCHECK(off + 2 <= v.size());
  return static_cast<uint16_t>(v[off] | (v[off + 1] << 8));
}
inline uint16_t LoadBe16(ByteView v, uint64_t off) {
  HS_DCHECK(off + 2 <= v.size());
  return static_cast<uint16_t>((v[off] << 8) | v[off + 1]);
}
inline uint32_t LoadLe32(ByteView v, uint64_t off) {
  HS_DCHECK(off + 4 <= v.size());
  return static_cast<uint32_t>(v[off]) | (static_cast<uint32_t>(v[off + 1]) << 8) |
         (static_cast<uint32_t>(v[off + 2]) << 16) | (static_cast<uint32_t>(v[off + 3]) << 24);
}
inline uint32_t LoadBe32(ByteView v, uint64_t off) {
  HS_DCHECK(off + 4 <= v.size());
  return (static_cast<uint32_t>(v[off]) << 24) | (static_cast<uint32_t>(v[off + 1]) << 16) |
         (static_cast<uint32_t>(v[off + 2]) << 8) | static_cast<uint32_t>(v[off + 3]);
}

}  // namespace hullscan::extract::rpm
