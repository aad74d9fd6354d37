#include "tools/tools.hpp"

#include <array>

#include "tools/tool_functions.hpp"
#include "util/json_document.hpp"
#include "util/secret_redaction.hpp"
#include "util/utf8.hpp"

namespace parley::tools {

namespace {

using nlohmann::json;

// The longest arguments text a tool call may carry: a path, a query and a few numbers.
constexpr std::size_t kMaxArgumentsBytes = 4096;

constexpr std::array<ToolKind, 4> kAllTools{ToolKind::list_files, ToolKind::file_read, ToolKind::search,
                                            ToolKind::context_search};

json string_property(const char* description) {
    return {{"type", "string"}, {"description", description}};
}

json integer_property(const char* description) {
    return {{"type", "integer"}, {"description", description}};
}

json function(const char* name, const char* description, json properties, std::vector<std::string> required) {
    return {{"type", "function"},
            {"function",
             {{"name", name},
              {"description", description},
              {"parameters", {{"type", "object"}, {"properties", std::move(properties)}, {"required", required}}}}}};
}

} // namespace

const char* tool_name(ToolKind kind) {
    switch (kind) {
    case ToolKind::list_files:
        return "list_files";
    case ToolKind::file_read:
        return "file_read";
    case ToolKind::search:
        return "search";
    case ToolKind::context_search:
        return "context_search";
    }
    return "unknown";
}

std::optional<ToolKind> parse_tool_kind(std::string_view name) {
    for (const auto kind : kAllTools) {
        if (name == tool_name(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

std::vector<std::string> tool_names() {
    std::vector<std::string> names;
    for (const auto kind : kAllTools) {
        names.emplace_back(tool_name(kind));
    }
    return names;
}

json tool_definition(ToolKind kind) {
    switch (kind) {
    case ToolKind::list_files:
        return function("list_files",
                        "List the files of the context folder (the team's docs, configs, runbooks) with their sizes.",
                        {{"path", string_property("a folder relative to the context folder; default the whole folder")},
                         {"glob", string_property("only files whose name matches, e.g. *.md")},
                         {"depth", integer_property("how many folder levels to go down, 1-16; default 3")}},
                        {});
    case ToolKind::file_read:
        return function("file_read",
                        "Read a text file of the context folder; lines come numbered so you can cite file and line.",
                        {{"path", string_property("the file, relative to the context folder")},
                         {"start_line", integer_property("first line to read, from 1; default 1")},
                         {"end_line", integer_property("last line to read; default the end")}},
                        {"path"});
    case ToolKind::search:
        return function("search",
                        "Search the context folder's text files; answers file:line: snippet, best matches first.",
                        {{"query", string_property("words to look for, or a regular expression with regex true")},
                         {"regex", {{"type", "boolean"}, {"description", "treat query as a regular expression"}}},
                         {"path", string_property("a folder or file to search in; default the whole folder")},
                         {"max_results", integer_property("most matches to return, 1-50; default 20")}},
                        {"query"});
    case ToolKind::context_search:
        return function("context_search", "Search the debate so far (proposals, critiques, the problem) for words.",
                        {{"term", string_property("words to look for")},
                         {"max_results", integer_property("most passages to return, 1-50; default 5")}},
                        {"term"});
    }
    return json::object();
}

ToolResult run_tool(std::string_view name, std::string_view arguments_json, const ToolEnvironment& env) {
    const auto kind = parse_tool_kind(name);
    ToolResult result;
    if (!kind) {
        result = tool_refusal("no tool named " + util::truncate_utf8(name, 64) +
                              "; the tools are list_files, "
                              "file_read, search, context_search");
    } else if (arguments_json.size() > kMaxArgumentsBytes) {
        result = tool_refusal(std::string(tool_name(*kind)) + ": the arguments are longer than " +
                              std::to_string(kMaxArgumentsBytes) + " bytes");
    } else {
        const json args = arguments_json.empty() ? json::object() : util::parse_json_bounded(arguments_json);
        if (!args.is_object()) {
            result = tool_refusal(std::string(tool_name(*kind)) + ": the arguments must be a JSON object");
        } else if (*kind == ToolKind::context_search) {
            result = context_search(args, env.history);
        } else if (!env.folder) {
            result = tool_refusal(std::string(tool_name(*kind)) + ": this debate has no context folder");
        } else if (*kind == ToolKind::list_files) {
            result = list_files(args, *env.folder);
        } else if (*kind == ToolKind::file_read) {
            result = file_read(args, *env.folder);
        } else {
            result = search(args, *env.folder);
        }
    }
    // Redacted whole, then cut: a key cut in two by the bound would no longer be recognised.
    util::RedactionCount count;
    result.text = util::redact_secrets(result.text, env.secret_values, &count);
    result.redactions = count.total();
    if (result.text.size() > kMaxResultBytes) {
        result.text = util::truncate_utf8(result.text, kMaxResultBytes - 64) + "\n... cut at " +
                      std::to_string(kMaxResultBytes) + " bytes\n";
    }
    return result;
}

std::vector<std::string> changed_files(const std::vector<FileUse>& reads, const ContextFolder& folder) {
    std::vector<std::string> changed;
    for (const auto& use : reads) {
        auto now = folder.read(use.path);
        if ((!now || now->sha256 != use.sha256) &&
            std::find(changed.begin(), changed.end(), use.path) == changed.end()) {
            changed.push_back(use.path);
        }
    }
    return changed;
}

} // namespace parley::tools
