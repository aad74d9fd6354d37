#pragma once
// What an agent whose server cannot call tools gets instead: a bounded digest of the context folder in its prompt.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tools/context_folder.hpp"

namespace parley::tools {

/// The most a digest holds.
inline constexpr std::size_t kMaxDigestBytes = 8 * 1024;

/// The folder's file list (what list_files would show) and the lines that share the most words with `problem`, each
/// as `path:line: text`, every secret replaced, at most `max_bytes`. The same folder and problem give the same text.
std::string folder_digest(const ContextFolder& folder, std::string_view problem,
                          const std::vector<std::string>& secret_values, std::size_t max_bytes = kMaxDigestBytes);

} // namespace parley::tools
