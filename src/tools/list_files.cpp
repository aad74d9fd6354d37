#include <fnmatch.h>

#include "tools/tool_functions.hpp"

namespace parley::tools {

namespace {

// A glob without `/` matches a file's name in any folder; one with `/` matches its whole relative path.
bool glob_matches(const std::string& glob, const std::string& path) {
    if (glob.empty()) {
        return true;
    }
    const bool whole_path = glob.find('/') != std::string::npos;
    const auto slash = path.rfind('/');
    const std::string name = whole_path || slash == std::string::npos ? path : path.substr(slash + 1);
    return ::fnmatch(glob.c_str(), name.c_str(), whole_path ? FNM_PATHNAME : 0) == 0;
}

} // namespace

ToolResult list_files(const nlohmann::json& args, const ContextFolder& folder) {
    std::string problem;
    const std::string path = string_argument(args, "path", problem);
    const std::string glob = string_argument(args, "glob", problem);
    const long depth = integer_argument(args, "depth", 3, 1, kMaxWalkDepth, problem);
    if (!problem.empty()) {
        return tool_refusal("list_files: " + problem);
    }
    auto listing = folder.list(path, static_cast<int>(depth));
    if (!listing) {
        return tool_refusal("list_files: " + listing.error().message);
    }
    ToolResult result;
    int shown = 0;
    int matched = 0;
    for (const auto& entry : listing->files) {
        if (!glob_matches(glob, entry.path)) {
            continue;
        }
        ++matched;
        if (shown < kMaxListed) {
            result.text += entry.path + "  (" + std::to_string(entry.size) + " bytes)\n";
            ++shown;
        }
    }
    if (matched == 0) {
        result.text = "no files" + (glob.empty() ? std::string() : " matching " + glob) + "\n";
    }
    if (matched > shown) {
        result.text += "... and " + std::to_string(matched - shown) + " more (narrow path or glob)\n";
    }
    if (listing->withheld > 0) {
        result.text += std::to_string(listing->withheld) +
                       " entries withheld (secret files such as .env, links leading outside, devices)\n";
    }
    if (listing->truncated) {
        result.text += "the walk stopped after " + std::to_string(kMaxWalkEntries) + " entries\n";
    }
    return result;
}

} // namespace parley::tools
