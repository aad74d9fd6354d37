#include "util/text.hpp"

#include <cctype>
#include <charconv>

namespace parley::util {

namespace {

template <class IsTrimmed> std::string_view trim_if(std::string_view text, IsTrimmed is_trimmed) {
    while (!text.empty() && is_trimmed(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_trimmed(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

std::string_view trim_blanks(std::string_view text) {
    return trim_if(text, [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view trim_space(std::string_view text) {
    return trim_if(text, [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t min, std::uint64_t max) {
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

} // namespace parley::util
