// Decompression of layer blobs, chosen by magic bytes (DESIGN.md 1.3): gzip (ISA-L igzip,
// multi-member streams allowed, CRC and length checked), zstd (streaming API, multi-frame), or
// none (a plain tar). The media type is advisory only: the bytes decide.
//
// The decompressor pulls from the compressed source and enforces the layer limits: at most
// Limits::max_layer_bytes of output, and the decompression-bomb ratio once
// Limits::bomb_min_bytes have been produced. At the end of the compressed stream it reads the
// source to EOF, so a DigestingSource underneath has verified the blob digest by the time this
// returns 0. Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/byte_io.h"
#include "base/limits.h"
#include "base/status.h"

namespace hullscan::layer {

enum class Compression { kNone, kGzip, kZstd };

std::string_view CompressionName(Compression c);

class Decompressor : public ByteSource {
 public:
  /// Peeks at the first bytes of `compressed` (which it does not own) and returns the stream of
  /// decompressed bytes. Errors: kIo from the source.
  static Result<std::unique_ptr<Decompressor>> Open(ByteSource& compressed, const Limits& limits);
  virtual Compression compression() const = 0;
  /// Bytes consumed from the compressed source so far.
  virtual uint64_t compressed_bytes() const = 0;
  /// Bytes produced so far.
  virtual uint64_t uncompressed_bytes() const = 0;
};

}  // namespace hullscan::layer
