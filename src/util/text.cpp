#include "util/text.hpp"

#include <cctype>

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

} // namespace parley::util
