// Small helpers shared by the hullscan subcommands: environment, printable messages, failures.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace hullscan::cli {

std::string Env(const char* name);
/// $XDG_CACHE_HOME/hullscan, else $HOME/.cache/hullscan, else "".
std::string DefaultCacheDir();
/// Messages may quote bytes from hostile input: printable ASCII stays, the rest becomes \xNN.
std::string Printable(std::string_view s);
/// Prints "hullscan: error: MESSAGE" to stderr and returns `code`.
int Fail(const Error& e, int code);
/// Fail with the exit code of the error's kind (exit_codes.h).
int Fail(const Error& e);

}  // namespace hullscan::cli
