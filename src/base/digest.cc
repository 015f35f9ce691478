#include "base/digest.h"

#include <openssl/evp.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

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

// Hashes chunks in the order they were handed over. The reader fills a free buffer, queues it and
// goes on; it waits only when every buffer is queued (the hash is the slower side), which bounds
// memory. The hasher is touched only by the worker until Close() has joined it.
class DigestingSource::Worker {
 public:
  explicit Worker(Hasher& hasher) : hasher_(hasher) {
    buffers_.resize(kBackgroundBuffers);
    for (size_t i = 0; i < kBackgroundBuffers; ++i) {
      buffers_[i].data = std::make_unique<std::byte[]>(kBackgroundChunk);
      free_.push_back(i);
    }
    thread_ = std::thread([this] { Run(); });  // may throw std::system_error: the caller falls back
  }
  ~Worker() { Close(); }

  void Submit(const std::byte* data, size_t n) {
    while (n > 0) {
      size_t take = std::min(n, kBackgroundChunk);
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu_);
        space_.wait(lock, [&] { return !free_.empty(); });
        i = free_.back();
        free_.pop_back();
      }
      std::memcpy(buffers_[i].data.get(), data, take);
      buffers_[i].size = take;
      {
        std::lock_guard<std::mutex> lock(mu_);
        queued_.push_back(i);
      }
      work_.notify_one();
      data += take;
      n -= take;
    }
  }

  /// Waits until every queued chunk is hashed and the thread has ended.
  void Close() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    work_.notify_one();
    thread_.join();
  }

 private:
  struct Buffer {
    std::unique_ptr<std::byte[]> data;
    size_t size = 0;
  };

  void Run() {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock, [&] { return !queued_.empty() || closing_; });
        if (queued_.empty()) return;  // closing, nothing left
        i = queued_.front();
        queued_.pop_front();
      }
      hasher_.Update(buffers_[i].data.get(), buffers_[i].size);
      {
        std::lock_guard<std::mutex> lock(mu_);
        free_.push_back(i);
      }
      space_.notify_one();
    }
  }

  Hasher& hasher_;
  std::vector<Buffer> buffers_;
  std::mutex mu_;
  std::condition_variable work_;   // a chunk was queued, or closing
  std::condition_variable space_;  // a buffer came free
  std::vector<size_t> free_;
  std::deque<size_t> queued_;
  bool closing_ = false;
  std::thread thread_;
};

DigestingSource::DigestingSource(ByteSource& inner, std::string expected, std::string what, Mode mode)
    : inner_(inner),
      expected_(std::move(expected)),
      what_(std::move(what)),
      hasher_(AlgoOf(expected_)),
      mode_(expected_.empty() ? Mode::kHash : mode) {}

DigestingSource::~DigestingSource() = default;

void DigestingSource::Hash(const std::byte* data, size_t n) {
  if (worker_ == nullptr && !inline_only_ && bytes_ >= kBackgroundAfter) {
    try {
      worker_ = std::make_unique<Worker>(hasher_);
    } catch (const std::system_error&) {
      inline_only_ = true;
    }
  }
  if (worker_ != nullptr) {
    worker_->Submit(data, n);
  } else {
    hasher_.Update(data, n);
  }
}

Result<size_t> DigestingSource::Read(std::span<std::byte> out) {
  if (done_) return 0;
  HS_ASSIGN_OR_RETURN(size_t n, inner_.Read(out));
  if (n > 0) {
    if (mode_ == Mode::kHash) Hash(out.data(), n);
    bytes_ += n;
    return n;
  }
  done_ = true;
  if (mode_ == Mode::kVerifiedBelow) {
    computed_ = expected_;
    return 0;
  }
  if (worker_ != nullptr) worker_->Close();
  computed_ = hasher_.Finish();
  if (!expected_.empty() && computed_ != expected_) {
    return MakeError(ErrorCode::kCorrupt,
                     "digest mismatch for " + what_ + ": expected " + expected_ + ", got " + computed_);
  }
  return 0;
}

}  // namespace hullscan
