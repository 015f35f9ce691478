#include "base/digest.h"

#include <openssl/evp.h>

namespace hullscan {

Result<Digest> Digest::Parse(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, "invalid digest '" + std::string(s.substr(0, 80)) + "': no algorithm");
  }
  std::string_view algo = s.substr(0, colon);
  std::string_view hex = s.substr(colon + 1);
  size_t want = 0;
  if (algo == "sha256") want = 64;
  else if (algo == "sha512") want = 128;
  else {
    return MakeError(ErrorCode::kUnsupported,
                     "unsupported digest algorithm '" + std::string(algo.substr(0, 40)) + "'");
  }
  bool ok = hex.size() == want;
  for (char c : hex) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) return MakeError(ErrorCode::kCorrupt, "invalid digest '" + std::string(s.substr(0, 140)) + "'");
  return Digest{std::string(algo), std::string(hex)};
}

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Hasher::Hasher(std::string_view algorithm) : impl_(std::make_unique<Impl>()), algorithm_(algorithm) {
  impl_->ctx = EVP_MD_CTX_new();
  HS_CHECK(impl_->ctx != nullptr);
  const EVP_MD* md = algorithm == "sha512" ? EVP_sha512() : EVP_sha256();
  if (algorithm != "sha512") algorithm_ = "sha256";
  HS_CHECK(EVP_DigestInit_ex(impl_->ctx, md, nullptr) == 1);
}

Hasher::~Hasher() { EVP_MD_CTX_free(impl_->ctx); }

void Hasher::Update(const void* data, size_t n) { EVP_DigestUpdate(impl_->ctx, data, n); }

std::string Hasher::Finish() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, md, &len);
  static const char* kHex = "0123456789abcdef";
  std::string out = algorithm_ + ":";
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

std::string Sha256Of(std::string_view data) {
  Hasher h;
  h.Update(data.data(), data.size());
  return h.Finish();
}

namespace {
std::string AlgoOf(const std::string& expected) {
  return expected.rfind("sha512:", 0) == 0 ? "sha512" : "sha256";
}
}  // namespace

DigestingSource::DigestingSource(ByteSource& inner, std::string expected, std::string what)
    : inner_(inner), expected_(std::move(expected)), what_(std::move(what)), hasher_(AlgoOf(expected_)) {}

Result<size_t> DigestingSource::Read(std::span<std::byte> out) {
  if (done_) return 0;
  HS_ASSIGN_OR_RETURN(size_t n, inner_.Read(out));
  if (n > 0) {
    hasher_.Update(out.data(), n);
    bytes_ += n;
    return n;
  }
  done_ = true;
  computed_ = hasher_.Finish();
  if (!expected_.empty() && computed_ != expected_) {
    return MakeError(ErrorCode::kCorrupt,
                     "digest mismatch for " + what_ + ": expected " + expected_ + ", got " + computed_);
  }
  return 0;
}

}  // namespace hullscan
