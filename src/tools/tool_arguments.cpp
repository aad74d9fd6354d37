#include <algorithm>

#include "tools/tool_functions.hpp"

namespace parley::tools {

ToolResult tool_refusal(std::string reason) {
    ToolResult result;
    result.ok = false;
    result.text = std::move(reason);
    return result;
}

std::string string_argument(const nlohmann::json& args, const char* name, std::string& problem) {
    const auto it = args.find(name);
    if (it == args.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        problem = std::string("argument \"") + name + "\" must be a string";
        return {};
    }
    return it->get<std::string>();
}

long integer_argument(const nlohmann::json& args, const char* name, long fallback, long min_value, long max_value,
                      std::string& problem) {
    const auto it = args.find(name);
    if (it == args.end() || it->is_null()) {
        return fallback;
    }
    // Checked on the JSON number before narrowing: 1e300 or -2^63 must not wrap.
    if (it->is_number_unsigned()) {
        return it->get<std::uint64_t>() > static_cast<std::uint64_t>(max_value) ? max_value
                                                                                : std::max(min_value, it->get<long>());
    }
    if (it->is_number_integer()) {
        return std::clamp(it->get<long>(), min_value, max_value);
    }
    problem = std::string("argument \"") + name + "\" must be a whole number";
    return fallback;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

} // namespace parley::tools
