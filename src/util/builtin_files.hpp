#pragma once
// Files compiled into the binary: the built-in prompts and the default config.

#include <map>
#include <optional>
#include <string_view>

namespace parley::util {

/// Every built-in file, keyed by its path in the source tree ("prompts/judge/system.md").
const std::map<std::string_view, std::string_view>& builtin_files();

/// The built-in file at `path`, if there is one.
inline std::optional<std::string_view> builtin_file(std::string_view path) {
    const auto& files = builtin_files();
    if (auto it = files.find(path); it != files.end()) {
        return it->second;
    }
    return std::nullopt;
}

} // namespace parley::util
