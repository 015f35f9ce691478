// ReplaceFile: write a file completely or not at all. The content goes to a temp file beside the
// target (unique per process and call), which is closed and then rename()d over the target;
// on any failure the temp file is removed and the target is untouched. Used for -o FILE reports
// and small cache files. Thread-safety: safe for different targets; two writers of one target
// race only in which complete version wins.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/byte_io.h"
#include "base/status.h"

namespace hullscan {

/// Writes `path` with what `write` puts into the sink. Errors: kIo (create, write, rename), or
/// whatever `write` returns.
Status ReplaceFile(const std::string& path, const std::function<Status(ByteSink&)>& write);

/// ReplaceFile with fixed content.
Status ReplaceFile(const std::string& path, std::string_view content);

}  // namespace hullscan
