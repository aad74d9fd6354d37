#include "review/design_input.hpp"

#include <nlohmann/json.hpp>

#include "util/json_document.hpp"
#include "util/text_file.hpp"
#include "util/utf8.hpp"

namespace parley::review {

namespace {

// The deepest nesting a debate JSON given as a design may have: far deeper than any debate parley writes.
constexpr std::size_t kMaxDesignJsonDepth = 64;

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
    // Bounded nesting, counted as the parser sees it: brackets inside strings (a hostile answer's "[[[[") are text,
    // while a hostile file of deep brackets must not exhaust the stack.
    if (const auto deep = util::nesting_too_deep(content, kMaxDesignJsonDepth)) {
        return fail(ErrorKind::invalid_input, origin + ": JSON nested deeper than " +
                                                  std::to_string(kMaxDesignJsonDepth) + " levels (at byte " +
                                                  std::to_string(*deep) + ")");
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
