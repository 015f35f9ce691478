// LayerReader: one streaming pass over one layer blob (DESIGN.md 0 and 1.3).
//
//   blob (digest checked by the ImageSource's stream) -> Decompressor (gzip/zstd/none by magic)
//        -> diffID hash -> libarchive (tar, fed from our callback) -> TarEntry
//
// Every byte is decompressed once and hashed once; libarchive only parses tar headers (we own
// decompression and digests). Entries are normalised (entry.h), whiteouts recognised per the
// OCI image spec (https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts):
// "Whiteout files MUST only be applied to resources in lower/parent layers" — so a whiteout is
// returned as an entry with `whiteout` set and `path` naming what it hides, and the caller
// applies it to the layers below. After the last entry the rest of the stream is read, so the
// diffID (and the blob digest underneath) are verified before Next() returns false with an OK
// status. Limits: entries, path length, layer bytes, compression ratio. Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/byte_io.h"
#include "base/digest.h"
#include "base/limits.h"
#include "layer/decompress.h"
#include "layer/entry.h"

struct archive;

namespace hullscan::layer {

struct LayerReaderOptions {
  /// "sha256:..." the uncompressed stream must hash to; empty to skip the check.
  std::string expected_diff_id;
  /// The digest the blob source verifies as it is read, when known. An uncompressed blob whose
  /// digest is its diffID (`docker save` layers) is then not hashed a second time.
  std::string verified_blob_digest;
  Limits limits;
};

class LayerReader final : public EntryReader {
 public:
  /// `blob` must outlive the reader. Errors: kIo reading the first bytes.
  static Result<std::unique_ptr<LayerReader>> Open(ByteSource& blob, const LayerReaderOptions& opts);
  ~LayerReader() override;

  bool Next() override;
  const TarEntry& entry() const override { return entry_; }
  ByteSource& body() override;
  const Status& status() const override { return status_; }
  const std::vector<model::Diagnostic>& diagnostics() const override { return diagnostics_; }

  Compression compression() const { return decompressor_->compression(); }
  uint64_t compressed_bytes() const { return decompressor_->compressed_bytes(); }
  /// Uncompressed tar bytes read so far (the whole stream once Next() returned false).
  uint64_t tar_bytes() const;
  /// The computed diffID, once the stream was read to the end.
  const std::string& diff_id() const;

 private:
  LayerReader() = default;
  struct Callbacks;
  class Body;
  bool Fail(Error e);
  bool Finish();

  LayerReaderOptions opts_;
  std::unique_ptr<Decompressor> decompressor_;
  std::unique_ptr<DigestingSource> hashed_;
  ::archive* archive_ = nullptr;
  std::vector<std::byte> buf_;
  Status source_error_;  // an error from our callback, kept because libarchive only sees -1
  TarEntry entry_;
  std::unique_ptr<Body> body_;
  Status status_;
  bool done_ = false;
  uint64_t entries_ = 0;
  std::vector<model::Diagnostic> diagnostics_;
};

}  // namespace hullscan::layer
