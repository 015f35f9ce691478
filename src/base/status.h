// Error, Result<T> and Status: the one error vocabulary of hullscan (DESIGN.md 1.4).
//
// Every fallible function returns Result<T> (tl::expected<T, Error>) or Status (Result<void>).
// Errors carry an ErrorCode, a lowercase "what failed: why" message, and context added as the
// error rises (`err.WithContext("layer 2/5")` prints "layer 2/5: <message>").
// No exception crosses a module boundary; libraries that throw are wrapped at the call site.
// Thread-safety: plain values, safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace hullscan {

/// Stable categories of failure. The CLI maps them to exit codes (cli/exit_codes.h).
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kCorrupt,
  kUnsupported,
  kLimitExceeded,
  kIo,
  kNetwork,
  kAuth,
  kDatabase,
  kCancelled,
  kInternal,
};

/// Stable lowercase name of a code, as written to JSON ("corrupt", "limit_exceeded", ...).
std::string_view ErrorCodeName(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  /// The full message, outermost context first.
  const std::string& message() const { return message_; }

  /// Returns a copy with `context` prepended: "context: message".
  Error WithContext(std::string_view context) const&;
  Error WithContext(std::string_view context) &&;

 private:
  ErrorCode code_;
  std::string message_;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

/// The unexpected value to return from a function: `return MakeError(ErrorCode::kCorrupt, "...")`.
inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
inline tl::unexpected<Error> MakeError(Error error) { return tl::unexpected<Error>(std::move(error)); }

/// An OK Status.
inline Status OkStatus() { return {}; }

}  // namespace hullscan

#define HS_CONCAT_INNER(a, b) a##b
#define HS_CONCAT(a, b) HS_CONCAT_INNER(a, b)

/// Returns the error of `expr` (a Status or Result) from the enclosing function.
#define HS_RETURN_IF_ERROR(expr)                                  \
  do {                                                            \
    auto&& hs_status_ = (expr);                                   \
    if (!hs_status_) return ::tl::unexpected(hs_status_.error()); \
  } while (0)

/// `HS_ASSIGN_OR_RETURN(auto x, Foo());` declares x from a Result or returns its error.
#define HS_ASSIGN_OR_RETURN(lhs, expr) HS_ASSIGN_OR_RETURN_IMPL(HS_CONCAT(hs_result_, __LINE__), lhs, expr)
#define HS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)        \
  auto tmp = (expr);                                    \
  if (!tmp) return ::tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)

/// Invariant checks: never for input. HS_CHECK aborts in every build, HS_DCHECK in debug only.
#define HS_CHECK(cond) \
  do { if (!(cond)) ::hullscan::internal::CheckFailed(#cond, __FILE__, __LINE__); } while (0)
#ifdef NDEBUG
#define HS_DCHECK(cond) do { (void)sizeof(cond); } while (0)
#else
#define HS_DCHECK(cond) HS_CHECK(cond)
#endif

namespace hullscan::internal {
[[noreturn]] void CheckFailed(const char* cond, const char* file, int line);
}
