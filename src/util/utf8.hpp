#pragma once
// UTF-8 checks for text read from users and models.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parley::util {

/// The byte offset of the first invalid UTF-8 sequence, or nothing when `text` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

/// One character read from UTF-8 text by decode_utf8.
struct Utf8Char {
    char32_t code = 0;     ///< the code point, U+FFFD when the bytes are not valid UTF-8
    std::size_t bytes = 1; ///< how many bytes it took (an invalid sequence: its maximal invalid prefix)
    bool valid = true;     ///< false for invalid or cut-short bytes
};

/// The character starting at byte `at` of `text` (`at` < size): overlong forms, surrogates, values past U+10FFFF
/// and sequences cut short are invalid.
Utf8Char decode_utf8(std::string_view text, std::size_t at);

/// Appends `code` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t code);

/// At most `max_bytes` of `text`, cut on a character boundary.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

} // namespace parley::util
