#pragma once
// Each tool's own work, before run_tool bounds and redacts what it says: pure functions of their arguments and
// what they may see, so each is tested alone.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/context_folder.hpp"
#include "tools/tool_result.hpp"

namespace parley::tools {

/// list_files {path?, glob?, depth?}: the files under a folder, with their sizes.
ToolResult list_files(const nlohmann::json& args, const ContextFolder& folder);

/// file_read {path, start_line?, end_line?}: a text file's lines, numbered.
ToolResult file_read(const nlohmann::json& args, const ContextFolder& folder);

/// search {query, regex?, path?, max_results?}: the lines that match, as `path:line: snippet`.
ToolResult search(const nlohmann::json& args, const ContextFolder& folder);

/// context_search {term (or query), max_results?}: the passages of the debate's history that share the most words with
/// it.
ToolResult context_search(const nlohmann::json& args, const std::vector<HistoryPassage>& history);

/// A refused call: `ok` false and the reason.
ToolResult tool_refusal(std::string reason);

/// The string argument `name`, or an empty string when it is absent; `problem` is set when it is not a string.
std::string string_argument(const nlohmann::json& args, const char* name, std::string& problem);

/// The whole-number argument `name` clamped to [min_value, max_value], or `fallback` when it is absent; `problem` is
/// set when it is not a whole number.
long integer_argument(const nlohmann::json& args, const char* name, long fallback, long min_value, long max_value,
                      std::string& problem);

/// The lines of `text`, without their line ends.
std::vector<std::string_view> split_lines(std::string_view text);

} // namespace parley::tools
