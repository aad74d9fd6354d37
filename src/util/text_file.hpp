#pragma once
// Reading and writing whole text files, with size limits and atomic replacement.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace parley::util {

/// The whole content of `path`; errors (ErrorKind::io) name the file and the reason, and a file larger than
/// `max_bytes` is refused (ErrorKind::invalid_input) without being read whole.
[[nodiscard]] Result<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_bytes);

/// Writes `content` to a temporary file beside `path`, flushes it to disk, then renames it over `path`, so a
/// reader sees the old file or the new one, never half of one. Creates missing parent folders.
[[nodiscard]] Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Creates `folder` when missing and proves a file can be made in it (a probe file, removed at once), so a run
/// finds a read-only or missing output folder before it pays for anything. Errors name the folder (ErrorKind::io).
Result<void> check_writable_folder(const std::filesystem::path& folder);

} // namespace parley::util
