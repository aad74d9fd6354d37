#pragma once
// Reading and writing whole text files, with size limits and atomic replacement.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace parley::util {

/// The whole content of `path`, the one way parley reads an input file. The file is opened without blocking and
/// refused unless it is a regular file (a FIFO, device, socket or folder is named as such: ErrorKind::invalid_input),
/// so no input can hang a run or stream forever; a file larger than `max_bytes` is refused (invalid_input) without
/// being read whole; other errors (ErrorKind::io) name the file and the reason.
[[nodiscard]] Result<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_bytes);

/// What kind of thing an input path is, for the checks below.
enum class InputKind {
    file,          ///< a regular file only
    file_or_folder ///< a regular file or a folder (where a command takes a folder of inputs)
};

/// Refuses `path` (ErrorKind::invalid_input, one line naming it) when it is missing or is not a regular file (or a
/// folder, when `kind` allows one): how inputs that are not read through read_text_file (a journal, a folder) are
/// checked before any work. Never opens the path, so a FIFO cannot block it.
[[nodiscard]] Result<void> check_input_path(const std::filesystem::path& path, InputKind kind = InputKind::file);

/// Refuses an output path (ErrorKind::invalid_input) that exists and is not a regular file (a FIFO, device, socket
/// or folder), so a log or report is never written into something that blocks or is not a file.
[[nodiscard]] Result<void> check_output_path(const std::filesystem::path& path);

/// Writes `content` to a temporary file beside `path`, flushes it to disk, then renames it over `path`, so a
/// reader sees the old file or the new one, never half of one. Creates missing parent folders.
[[nodiscard]] Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Creates `folder` when missing and proves a file can be made in it (a probe file, removed at once), so a run
/// finds a read-only or missing output folder before it pays for anything. Errors name the folder (ErrorKind::io).
Result<void> check_writable_folder(const std::filesystem::path& folder);

} // namespace parley::util
