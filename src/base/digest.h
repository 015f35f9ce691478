// Content digests ("sha256:<64 hex>") and streaming SHA-256 (OpenSSL EVP).
//
// Digest::Parse validates the OCI digest grammar for the algorithms we verify (sha256, sha512);
// a digest that does not parse is never used to build a path. DigestingSource hashes every byte
// that passes through it and, at end of stream, fails with kCorrupt when the digest differs
// from the expected one, so a consumer that reads to the end has verified the content.
//
// SHA-256 without CPU support runs at a few hundred MB/s, slower than inflating the same layer,
// so a long stream is hashed on a thread of its own: past the first kBackgroundAfter bytes,
// DigestingSource copies each chunk into one of a few fixed buffers and a worker hashes them in
// order while the reader goes on decompressing and parsing. Memory per stream is bounded
// (kBackgroundBuffers x kBackgroundChunk); if no thread can be started it hashes inline.
// Thread-safety: one object per thread (its worker is private to it).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/byte_io.h"
#include "base/status.h"

namespace hullscan {

struct Digest {
  std::string algorithm;  ///< "sha256" or "sha512"
  std::string hex;        ///< lowercase hex of the right length

  /// Parses "sha256:<64 lowercase hex>" (or sha512). kCorrupt on anything else.
  static Result<Digest> Parse(std::string_view s);
  std::string str() const { return algorithm + ":" + hex; }
  bool operator==(const Digest&) const = default;
};

/// Incremental SHA-256 or SHA-512.
class Hasher {
 public:
  explicit Hasher(std::string_view algorithm = "sha256");
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void Update(const void* data, size_t n);
  /// Returns "algorithm:hex". The hasher cannot be updated afterwards.
  std::string Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string algorithm_;
};

/// "sha256:<hex>" of a string.
std::string Sha256Of(std::string_view data);

/// Wraps a source; hashes what passes; at end of stream compares with `expected` (if not empty).
class DigestingSource final : public ByteSource {
 public:
  static constexpr uint64_t kBackgroundAfter = 1 << 20;
  static constexpr size_t kBackgroundChunk = 256 * 1024;
  static constexpr size_t kBackgroundBuffers = 4;

  /// kHash: hash and compare. kVerifiedBelow: `inner` itself verifies the same bytes against
  /// the same `expected` digest (an uncompressed layer whose blob digest is its diffID), so
  /// hashing again would only repeat that work; bytes are counted and computed() is `expected`.
  enum class Mode { kHash, kVerifiedBelow };

  /// `expected` is "algo:hex" or empty (hash only). `what` names the content in errors.
  DigestingSource(ByteSource& inner, std::string expected, std::string what, Mode mode = Mode::kHash);
  ~DigestingSource() override;
  Result<size_t> Read(std::span<std::byte> out) override;
  /// The computed digest, available once the end of stream was read.
  const std::string& computed() const { return computed_; }
  uint64_t bytes_read() const { return bytes_; }

 private:
  class Worker;
  void Hash(const std::byte* data, size_t n);

  ByteSource& inner_;
  std::string expected_;
  std::string what_;
  Hasher hasher_;
  std::unique_ptr<Worker> worker_;  // set once the stream passed kBackgroundAfter bytes
  bool inline_only_ = false;        // a worker could not be started
  Mode mode_;
  std::string computed_;
  uint64_t bytes_ = 0;
  bool done_ = false;
};

}  // namespace hullscan
