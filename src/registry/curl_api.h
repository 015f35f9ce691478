// The libcurl functions hullscan uses, loaded with dlopen on first use rather than linked:
// libcurl brings some twenty shared libraries (TLS, Kerberos, LDAP, ...) whose loading would
// cost every command several milliseconds, while only registry pulls and `db update` over HTTP
// need it. Shared by registry/http_client.cc and feed/http_fetch.cc; header-only so that users
// need no extra link dependency beyond ${CMAKE_DL_LIBS} and curl's include directory.
// Thread-safety: LoadCurl() is safe to call from any thread (a function-local static; it also
// runs curl_global_init once); the table is immutable afterwards.
#pragma once

#include <curl/curl.h>
#include <dlfcn.h>

#include <string>
#include <type_traits>

#include "base/status.h"

namespace hullscan::registry {

/// Function pointers into libcurl.so.4 (https://curl.se/libcurl/c/).
struct CurlApi {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  CURLcode (*easy_pause)(CURL*, int);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  CURLM* (*multi_init)();
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, curl_waitfd*, unsigned int, int, int*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  CURLMcode (*multi_cleanup)(CURLM*);
};

/// The loaded library, or kUnsupported saying why it could not be loaded.
inline const Result<CurlApi>& LoadCurl() {
  static const Result<CurlApi> curl = []() -> Result<CurlApi> {
    void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      return MakeError(ErrorCode::kUnsupported, std::string("HTTP needs libcurl (libcurl.so.4): ") +
                                                    (why != nullptr ? why : "not found"));
    }
    CurlApi c{};
    bool ok = true;
    auto sym = [&](auto& fn, const char* name) {
      void* p = ::dlsym(lib, name);
      if (p == nullptr) ok = false;
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
    };
    sym(c.global_init, "curl_global_init");
    sym(c.easy_init, "curl_easy_init");
    sym(c.easy_setopt, "curl_easy_setopt");
    sym(c.easy_perform, "curl_easy_perform");
    sym(c.easy_getinfo, "curl_easy_getinfo");
    sym(c.easy_pause, "curl_easy_pause");
    sym(c.easy_cleanup, "curl_easy_cleanup");
    sym(c.easy_strerror, "curl_easy_strerror");
    sym(c.slist_append, "curl_slist_append");
    sym(c.slist_free_all, "curl_slist_free_all");
    sym(c.multi_init, "curl_multi_init");
    sym(c.multi_add_handle, "curl_multi_add_handle");
    sym(c.multi_remove_handle, "curl_multi_remove_handle");
    sym(c.multi_perform, "curl_multi_perform");
    sym(c.multi_poll, "curl_multi_poll");
    sym(c.multi_info_read, "curl_multi_info_read");
    sym(c.multi_cleanup, "curl_multi_cleanup");
    if (!ok) return MakeError(ErrorCode::kUnsupported, "libcurl.so.4 lacks a function hullscan needs (7.66 or newer)");
    c.global_init(CURL_GLOBAL_DEFAULT);
    return c;
  }();
  return curl;
}

}  // namespace hullscan::registry
