#pragma once
// A call with tools, run as one task of the engine: the model's turns and the tools' results, each filed in the
// journal as it finishes, until the model answers. A resumed or replayed run finds every finished turn and every
// tool result there, so it repeats neither a model turn nor a file read; a file that changed since is named.

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "llm/provider.hpp"
#include "queue/result_store.hpp"
#include "tools/context_folder.hpp"

namespace parley::run {

/// What a tool exchange may use besides the provider.
struct ToolExchangeContext {
    std::shared_ptr<const tools::ContextFolder> folder; ///< the context folder; none: only context_search works
    std::vector<std::string> secret_values;             ///< the configured keys' values, redacted from tool results
    queue::ResultStore* journal = nullptr;              ///< where turns and tool results are filed; none: nowhere
    std::string key_prefix;                             ///< scopes the journal keys ("RUN/", or "" for the cache)
    std::string run_id;                                 ///< the run that pays for the turns
    std::function<std::string(const llm::ChatRequest&)> key_of; ///< a turn's idempotency key
};

/// Runs `request` (which declares tools) to the model's answer: each turn that asks for tools gets their results
/// (at most request.tool_call_limit calls; then the model is asked to answer without tools). The answer's usage is
/// that of every turn, and its tool_activity says what was called and read. A server that refuses the first turn
/// because of its tools (a permanent error that names them) is asked once more without tools, with the folder's
/// digest in the prompt (tool_activity.digest).
[[nodiscard]] Result<llm::ChatResponse> run_tool_exchange(llm::Provider& provider, const llm::ChatRequest& request,
                                                          const ToolExchangeContext& context, std::stop_token stop,
                                                          const llm::DeltaCallback& on_delta);

/// `request` with a digest of the context folder added to its user message, for an agent whose server cannot call
/// tools: the file list and the lines that share the most words with the problem, redacted.
llm::ChatRequest with_folder_digest(llm::ChatRequest request, const tools::ContextFolder& folder,
                                    const std::vector<std::string>& secret_values);

/// Files the tool activity of a finished exchange beside its answer (`task_key` is the answer's journal key).
[[nodiscard]] Result<void> save_tool_activity(queue::ResultStore& journal, const std::string& task_key,
                                              const llm::ToolActivity& activity, const std::string& run_id);

/// The tool activity filed beside the answer under `task_key`, for an answer served from the journal.
std::optional<llm::ToolActivity> find_tool_activity(queue::ResultStore& journal, const std::string& task_key);

} // namespace parley::run
