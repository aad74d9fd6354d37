#include "tools/tool_functions.hpp"

#include "util/utf8.hpp"

namespace parley::tools {

ToolResult file_read(const nlohmann::json& args, const ContextFolder& folder) {
    std::string problem;
    const std::string path = string_argument(args, "path", problem);
    const long start = integer_argument(args, "start_line", 1, 1, 10'000'000, problem);
    const long end = integer_argument(args, "end_line", 10'000'000, 1, 10'000'000, problem);
    if (!problem.empty()) {
        return tool_refusal("file_read: " + problem);
    }
    if (path.empty()) {
        return tool_refusal("file_read: give \"path\", a file relative to the context folder (see list_files)");
    }
    auto file = folder.read(path);
    if (!file) {
        return tool_refusal("file_read: " + file.error().message);
    }
    const auto lines = split_lines(file->text);
    const long total = static_cast<long>(lines.size());
    ToolResult result;
    if (start > total) {
        result.text = file->path + " has " + std::to_string(total) + " lines; start_line " + std::to_string(start) +
                      " is past its end\n";
        return result;
    }
    const long last = std::min(end, total);
    std::string body;
    long shown_last = start - 1;
    for (long n = start; n <= last; ++n) {
        std::string numbered = std::to_string(n) + "| ";
        numbered.append(lines[static_cast<std::size_t>(n - 1)]);
        numbered.push_back('\n');
        // Room is kept for the header and the note that says where to go on.
        if (body.size() + numbered.size() > kMaxResultBytes - 512) {
            if (body.empty()) {
                // One line longer than a whole result: shown cut, so the next call can move past it.
                body = util::truncate_utf8(numbered, kMaxResultBytes - 512) + "\n";
                shown_last = n;
            }
            break;
        }
        body += numbered;
        shown_last = n;
    }
    result.text = file->path + " (lines " + std::to_string(start) + "-" + std::to_string(shown_last) + " of " +
                  std::to_string(total) + ")\n" + body;
    if (shown_last < last) {
        result.text += "... cut at line " + std::to_string(shown_last) + "; call file_read again with start_line " +
                       std::to_string(shown_last + 1) + "\n";
    }
    result.reads.push_back({file->path, file->sha256, start, shown_last});
    return result;
}

} // namespace parley::tools
