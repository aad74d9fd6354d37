#pragma once
// UTF-8 checks for text read from users and models.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parley::util {

/// The byte offset of the first invalid UTF-8 sequence, or nothing when `text` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

/// At most `max_bytes` of `text`, cut on a character boundary.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

} // namespace parley::util
