#include "review/design_input.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/json_document.hpp"
#include "util/text_file.hpp"
#include "util/utf8.hpp"

namespace parley::review {

namespace {

Result<std::string> read_utf8(const std::filesystem::path& path, std::size_t max_bytes) {
    auto content = util::read_text_file(path, max_bytes);
    if (!content) {
        // A missing or unreadable input is bad input to this command, not a failed run.
        return fail(ErrorKind::invalid_input, content.error().message);
    }
    if (const auto bad = util::first_invalid_utf8(*content)) {
        return fail(ErrorKind::invalid_input,
                    path.string() + ": not UTF-8 text (invalid byte at offset " + std::to_string(*bad) + ")");
    }
    return content;
}

bool looks_like_json(const std::string& content) {
    const auto first = content.find_first_not_of(" \t\r\n");
    return first != std::string::npos && content[first] == '{';
}

} // namespace

Result<std::string> design_text(const std::string& content, const std::string& origin) {
    if (const auto bad = util::first_invalid_utf8(content)) {
        return fail(ErrorKind::invalid_input,
                    origin + ": not UTF-8 text (invalid byte at offset " + std::to_string(*bad) + ")");
    }
    if (!looks_like_json(content)) {
        if (content.size() > kMaxInputBytes) {
            return fail(ErrorKind::invalid_input, origin + ": larger than the limit of 1 MiB for a design");
        }
        return content;
    }
    // Bounded nesting: a hostile file of deep brackets must not exhaust the stack.
    std::size_t depth = 0;
    std::size_t deepest = 0;
    for (char c : content) {
        depth += (c == '{' || c == '[') ? 1 : 0;
        depth -= (c == '}' || c == ']') && depth > 0 ? 1 : 0;
        deepest = std::max(deepest, depth);
    }
    if (deepest > 64) {
        return fail(ErrorKind::invalid_input, origin + ": JSON nested deeper than 64 levels");
    }
    const auto j = util::parse_json_bounded(content);
    if (j.is_discarded()) {
        return fail(ErrorKind::invalid_input, origin + ": starts with '{' but is not valid JSON");
    }
    const auto solution = j.find("finalSolution");
    if (solution == j.end() || !solution->is_object()) {
        return fail(ErrorKind::invalid_input, origin + ": a JSON without finalSolution (not a finished debate)");
    }
    std::string text;
    for (const char* key : {"description", "implementation"}) {
        const auto field = solution->find(key);
        if (field != solution->end() && field->is_string()) {
            text += field->get<std::string>() + "\n\n";
        }
    }
    if (text.empty()) {
        return fail(ErrorKind::invalid_input, origin + ": finalSolution has no description or implementation");
    }
    if (text.size() > kMaxInputBytes) {
        return fail(ErrorKind::invalid_input, origin + ": the final solution is larger than 1 MiB");
    }
    return text;
}

Result<std::string> read_design(const std::filesystem::path& path) {
    auto content = read_utf8(path, kMaxDebateJsonBytes);
    if (!content) {
        return content;
    }
    return design_text(*content, path.string());
}

Result<std::string> read_problem(const std::filesystem::path& path) {
    return read_utf8(path, kMaxInputBytes);
}

} // namespace parley::review
