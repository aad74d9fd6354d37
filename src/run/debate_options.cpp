#include "run/debate_options.hpp"

#include <algorithm>

namespace parley::run {

std::vector<std::string> split_roles(const std::string& text) {
    std::vector<std::string> roles;
    for (std::size_t start = 0; start < text.size();) {
        const auto comma = std::min(text.find(',', start), text.size());
        if (comma > start) {
            roles.push_back(text.substr(start, comma - start));
        }
        start = comma + 1;
    }
    return roles;
}

std::string join_roles(const std::vector<std::string>& roles) {
    std::string out;
    for (const auto& r : roles) {
        out += (out.empty() ? "" : ",") + r;
    }
    return out;
}

} // namespace parley::run
