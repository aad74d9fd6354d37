#pragma once
// The agent tools as pure functions: a tool's name and its JSON arguments in, bounded and redacted text out, with
// the files whose content fed it. The OpenAI tool definitions (name, description, JSON schema) live here too.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/context_folder.hpp"
#include "tools/tool_result.hpp"

namespace parley::tools {

/// The tools an agent may be given (dialectic 0.7's names, plus search).
enum class ToolKind {
    list_files,     ///< the folder's files: a subfolder, a glob, a depth, sizes
    file_read,      ///< one text file, or a range of its lines, numbered
    search,         ///< words or a regular expression over the folder: file, line, snippet
    context_search, ///< words over the debate's history
};

/// The name a model calls the tool by ("list_files", ...).
const char* tool_name(ToolKind kind);

/// The tool called `name`, if there is one.
std::optional<ToolKind> parse_tool_kind(std::string_view name);

/// Every tool's name, in the order of ToolKind.
std::vector<std::string> tool_names();

/// The tool as the OpenAI chat-completions API declares it: {"type":"function","function":{name,description,
/// parameters}}.
nlohmann::json tool_definition(ToolKind kind);

/// Runs tool `name` with `arguments_json` (the JSON text the model sent). Never throws: unknown tools, arguments
/// that are not a JSON object and refusals come back with `ok` false and a one-line reason for the model.
ToolResult run_tool(std::string_view name, std::string_view arguments_json, const ToolEnvironment& env);

/// The files of `reads` whose content is not what it was (changed, gone, or now refused), by path.
std::vector<std::string> changed_files(const std::vector<FileUse>& reads, const ContextFolder& folder);

} // namespace parley::tools
