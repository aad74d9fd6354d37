#pragma once
// How the offline provider uses the tools a request declares, deterministically: it lists the context folder, reads
// the files whose names or lines match the problem's terms, then answers citing the figures it found (file:line).

#include <string>
#include <vector>

#include "llm/provider.hpp"

namespace parley::offline {

/// The tool calls the offline agent makes next in this exchange, or none when it should answer: list_files first,
/// then file_read of up to three files that match the problem's terms, then nothing (the answer).
std::vector<llm::ToolCall> offline_tool_calls(const llm::ChatRequest& request);

/// What the offline agent found in the files it read: up to six lines that state a figure, preferring lines that
/// share words with the problem, each cited as "- (file:line) text"; empty when it read nothing.
std::string cited_findings(const llm::ChatRequest& request);

} // namespace parley::offline
