// Content digests ("sha256:<64 hex>") and streaming SHA-256 (OpenSSL EVP).
//
// Digest::Parse validates the OCI digest grammar for the algorithms we verify (sha256, sha512);
// a digest that does not parse is never used to build a path. DigestingSource hashes every byte
// that passes through it and, at end of stream, fails with kCorrupt when the digest differs
// from the expected one, so a consumer that reads to the end has verified the content.
// Thread-safety: one object per thread.
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
  /// `expected` is "algo:hex" or empty (hash only). `what` names the content in errors.
  DigestingSource(ByteSource& inner, std::string expected, std::string what);
  Result<size_t> Read(std::span<std::byte> out) override;
  /// The computed digest, available once the end of stream was read.
  const std::string& computed() const { return computed_; }
  uint64_t bytes_read() const { return bytes_; }

 private:
  ByteSource& inner_;
  std::string expected_;
  std::string what_;
  Hasher hasher_;
  std::string computed_;
  uint64_t bytes_ = 0;
  bool done_ = false;
};

}  // namespace hullscan
