#include "layer/decompress.h"

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

namespace hullscan::layer {

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone: return "none";
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
  }
  return "none";
}

namespace {

constexpr size_t kInBufBytes = 256 * 1024;

// Shared input buffering, accounting and limit checks for every codec.
class DecompressorBase : public Decompressor {
 public:
  DecompressorBase(ByteSource& src, const Limits& limits, std::vector<uint8_t> prefix)
      : src_(src), limits_(limits), in_(std::move(prefix)) {
    in_len_ = in_.size();
    compressed_ = in_len_;
    in_.resize(std::max(kInBufBytes, in_len_));
  }
  uint64_t compressed_bytes() const override { return compressed_; }
  uint64_t uncompressed_bytes() const override { return produced_; }

  Result<size_t> Read(std::span<std::byte> out) override {
    if (!sticky_) return MakeError(sticky_.error());
    if (out.empty() || done_) return 0;
    auto r = ReadImpl(reinterpret_cast<uint8_t*>(out.data()), out.size());
    if (!r) {
      sticky_ = MakeError(r.error());
      return r;
    }
    produced_ += *r;
    if (produced_ > limits_.max_layer_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "layer is larger than the limit of " +
                                                 std::to_string(limits_.max_layer_bytes) + " uncompressed bytes");
    }
    if (compression() != Compression::kNone && produced_ >= limits_.bomb_min_bytes &&
        produced_ / std::max<uint64_t>(compressed_, 1) > limits_.max_compression_ratio) {
      return Fail(ErrorCode::kLimitExceeded,
                  "decompression bomb: layer expands more than " + std::to_string(limits_.max_compression_ratio) +
                      "x (" + std::to_string(compressed_) + " compressed bytes gave " + std::to_string(produced_) +
                      " bytes)");
    }
    if (*r == 0) done_ = true;
    return r;
  }

 protected:
  virtual Result<size_t> ReadImpl(uint8_t* out, size_t n) = 0;

  // Refills the input buffer when it is empty. Returns false at end of the source.
  Result<bool> Fill() {
    if (in_pos_ < in_len_) return true;
    if (src_eof_) return false;
    HS_ASSIGN_OR_RETURN(size_t n, src_.Read(std::span<std::byte>(reinterpret_cast<std::byte*>(in_.data()), in_.size())));
    in_pos_ = 0;
    in_len_ = n;
    compressed_ += n;
    if (n == 0) src_eof_ = true;
    return n > 0;
  }

  // After the codec says the stream ended: only end of input may follow (the blob digest is
  // checked by the source at its EOF). Trailing zero bytes are tolerated, as gzip(1) does.
  Status ExpectEnd() {
    for (;;) {
      for (size_t i = in_pos_; i < in_len_; ++i) {
        if (in_[i] != 0) return MakeError(ErrorCode::kCorrupt, "trailing garbage after the compressed layer stream");
      }
      in_pos_ = in_len_;
      HS_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) return OkStatus();
    }
  }

  Result<size_t> Fail(ErrorCode code, std::string msg) {
    sticky_ = MakeError(code, msg);
    return MakeError(code, std::move(msg));
  }

  ByteSource& src_;
  const Limits& limits_;
  std::vector<uint8_t> in_;
  size_t in_pos_ = 0;
  size_t in_len_ = 0;
  bool src_eof_ = false;
  bool done_ = false;
  uint64_t compressed_ = 0;
  uint64_t produced_ = 0;
  Status sticky_;
};

class PlainSource final : public DecompressorBase {
 public:
  using DecompressorBase::DecompressorBase;
  Compression compression() const override { return Compression::kNone; }

 protected:
  Result<size_t> ReadImpl(uint8_t* out, size_t n) override {
    if (in_pos_ < in_len_) {
      size_t k = std::min(n, in_len_ - in_pos_);
      std::memcpy(out, in_.data() + in_pos_, k);
      in_pos_ += k;
      return k;
    }
    if (src_eof_) return 0;
    // Read straight into the caller's buffer: no copy for uncompressed layers.
    HS_ASSIGN_OR_RETURN(size_t k, src_.Read(std::span<std::byte>(reinterpret_cast<std::byte*>(out), n)));
    compressed_ += k;
    if (k == 0) src_eof_ = true;
    return k;
  }
};

// gzip via ISA-L. RFC 1952 allows several members back to back; each is inflated in turn.
class GzipSource final : public DecompressorBase {
 public:
  GzipSource(ByteSource& src, const Limits& limits, std::vector<uint8_t> prefix)
      : DecompressorBase(src, limits, std::move(prefix)) {
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;
  }
  Compression compression() const override { return Compression::kGzip; }

 protected:
  Result<size_t> ReadImpl(uint8_t* out, size_t n) override {
    for (;;) {
      if (member_done_) {
        // Another member may follow; anything else must be the end (or zero padding).
        HS_ASSIGN_OR_RETURN(bool more, Fill());
        if (!more) return 0;
        if (in_[in_pos_] != 0x1f) {
          HS_RETURN_IF_ERROR(ExpectEnd());
          return 0;
        }
        isal_inflate_reset(&state_);
        state_.crc_flag = ISAL_GZIP;
        member_done_ = false;
      }
      HS_ASSIGN_OR_RETURN(bool more, Fill());
      state_.next_in = in_.data() + in_pos_;
      state_.avail_in = static_cast<uint32_t>(in_len_ - in_pos_);
      state_.next_out = out;
      state_.avail_out = static_cast<uint32_t>(std::min<size_t>(n, 1u << 30));
      int rc = isal_inflate(&state_);
      in_pos_ = in_len_ - state_.avail_in;
      size_t produced = static_cast<size_t>(state_.next_out - out);
      if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT) {
        return MakeError(ErrorCode::kCorrupt, "corrupt gzip stream (isa-l error " + std::to_string(rc) +
                                                  ") after " + std::to_string(compressed_) + " compressed bytes");
      }
      if (state_.block_state == ISAL_BLOCK_FINISH) member_done_ = true;
      if (produced > 0) return produced;
      if (member_done_) continue;
      if (!more) {
        return MakeError(ErrorCode::kCorrupt, "truncated gzip stream: input ended after " +
                                                  std::to_string(compressed_) + " bytes");
      }
    }
  }

 private:
  inflate_state state_;
  bool member_done_ = false;
};

class ZstdSource final : public DecompressorBase {
 public:
  ZstdSource(ByteSource& src, const Limits& limits, std::vector<uint8_t> prefix)
      : DecompressorBase(src, limits, std::move(prefix)), ctx_(ZSTD_createDStream()) {
    ZSTD_initDStream(ctx_);
    // Reject frames that ask for absurd window sizes (memory bound): 128 MiB as zstd's CLI does
    // with --long=27.
    ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 27);
  }
  ~ZstdSource() override { ZSTD_freeDStream(ctx_); }
  Compression compression() const override { return Compression::kZstd; }

 protected:
  Result<size_t> ReadImpl(uint8_t* out, size_t n) override {
    for (;;) {
      HS_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (last_ret_ != 0) {
          return MakeError(ErrorCode::kCorrupt, "truncated zstd stream: input ended after " +
                                                    std::to_string(compressed_) + " bytes");
        }
        return 0;
      }
      ZSTD_inBuffer in{in_.data(), in_len_, in_pos_};
      ZSTD_outBuffer o{out, n, 0};
      size_t ret = ZSTD_decompressStream(ctx_, &o, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(ret)) {
        return MakeError(ErrorCode::kCorrupt, std::string("corrupt zstd stream: ") + ZSTD_getErrorName(ret));
      }
      last_ret_ = ret;
      if (o.pos > 0) return o.pos;
    }
  }

 private:
  ZSTD_DStream* ctx_;
  size_t last_ret_ = 0;
};

}  // namespace

Result<std::unique_ptr<Decompressor>> Decompressor::Open(ByteSource& compressed, const Limits& limits) {
  std::vector<uint8_t> prefix(4);
  size_t got = 0;
  while (got < prefix.size()) {
    HS_ASSIGN_OR_RETURN(size_t n, compressed.Read(std::span<std::byte>(
                                      reinterpret_cast<std::byte*>(prefix.data() + got), prefix.size() - got)));
    if (n == 0) break;
    got += n;
  }
  prefix.resize(got);
  if (got >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b) {
    return std::unique_ptr<Decompressor>(new GzipSource(compressed, limits, std::move(prefix)));
  }
  if (got >= 4 && prefix[0] == 0x28 && prefix[1] == 0xb5 && prefix[2] == 0x2f && prefix[3] == 0xfd) {
    return std::unique_ptr<Decompressor>(new ZstdSource(compressed, limits, std::move(prefix)));
  }
  return std::unique_ptr<Decompressor>(new PlainSource(compressed, limits, std::move(prefix)));
}

}  // namespace hullscan::layer
