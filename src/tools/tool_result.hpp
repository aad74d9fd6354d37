#pragma once
// What a tool call gives back and what the tools may see: shared by the tools' own functions and run_tool.

#include <cstddef>
#include <string>
#include <vector>

#include "tools/context_folder.hpp"

namespace parley::tools {

/// The most text one tool result gives back; a longer one is cut and says how to ask for the rest.
inline constexpr std::size_t kMaxResultBytes = 16 * 1024;
/// The most matches search and context_search give back.
inline constexpr int kMaxMatches = 50;
/// The most entries list_files gives back.
inline constexpr int kMaxListed = 200;

/// One passage of the debate's history, for context_search.
struct HistoryPassage {
    std::string label; ///< where it came from ("message 3 (user)")
    std::string text;
};

/// What the tools may see.
struct ToolEnvironment {
    const ContextFolder* folder = nullptr;  ///< none: list_files, file_read and search say there is no folder
    std::vector<std::string> secret_values; ///< the configured keys' values, redacted wherever they appear
    std::vector<HistoryPassage> history;    ///< what context_search searches
};

/// One file whose content fed a tool result: what a resumed run compares to tell that it changed since.
struct FileUse {
    std::string path;   ///< relative to the context folder
    std::string sha256; ///< of the whole file when it was read
    long first_line = 0;
    long last_line = 0;
};

/// What one tool call gives back.
struct ToolResult {
    std::string text;           ///< what the model gets: bounded, every secret replaced
    std::vector<FileUse> reads; ///< the files that fed the text, in the order read
    bool ok = true;             ///< false when the call was refused or its arguments were wrong (the text says why)
    int redactions = 0;         ///< secrets replaced in the text
};

} // namespace parley::tools
