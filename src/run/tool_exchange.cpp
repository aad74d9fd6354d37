#include "run/tool_exchange.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <nlohmann/json.hpp>

#include "run/call_journal.hpp"
#include "tools/folder_digest.hpp"
#include "tools/tools.hpp"
#include "util/json_document.hpp"
#include "util/sha256.hpp"

namespace parley::run {

namespace {

using nlohmann::json;

// The journal's calls hold text; a turn that asked for tools and a tool's result are filed as JSON of this shape.
constexpr const char* kTurnFormat = "parley-tool-turn-v1";
constexpr const char* kResultFormat = "parley-tool-result-v1";
constexpr const char* kActivityFormat = "parley-tool-activity-v1";
// The provider label tool results are filed under: they are no model's answer.
constexpr const char* kToolsLabel = "parley tools";

std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json calls_json(const std::vector<llm::ToolCall>& calls) {
    json out = json::array();
    for (const auto& call : calls) {
        out.push_back({{"id", call.id}, {"name", call.name}, {"arguments", call.arguments}});
    }
    return out;
}

std::vector<llm::ToolCall> calls_from(const json& value) {
    std::vector<llm::ToolCall> out;
    if (value.is_array()) {
        for (const auto& call : value) {
            if (call.is_object()) {
                out.push_back({call.value("id", ""), call.value("name", ""), call.value("arguments", "")});
            }
        }
    }
    return out;
}

std::vector<std::string> strings_from(const json& value) {
    std::vector<std::string> out;
    if (value.is_array()) {
        for (const auto& item : value) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

// The JSON text filed under `key`, when it is a record of `format`.
std::optional<std::pair<json, debate::JournaledResponse>> find_record(queue::ResultStore* journal,
                                                                      const std::string& key, const char* format) {
    if (!journal) {
        return std::nullopt;
    }
    auto found = journal->find(key);
    if (!found || !*found) {
        return std::nullopt;
    }
    auto response = debate::response_in(**found);
    if (!response) {
        return std::nullopt;
    }
    json record = util::parse_json_bounded((*response)->response.content);
    if (!record.is_object() || record.value("format", "") != format) {
        return std::nullopt;
    }
    return std::make_pair(std::move(record), **response);
}

// Files `record` under `key`; a journal that cannot file it costs a repeat on resume, never the answer.
Result<void> save_record(queue::ResultStore* journal, const std::string& key, const json& record,
                         debate::JournaledResponse response) {
    if (!journal) {
        return {};
    }
    response.response.content = dump(record);
    return journal->save(key, debate::completion_of(std::move(response)));
}

void add_usage(llm::Usage& total, const llm::Usage& turn) {
    total.prompt_tokens += turn.prompt_tokens;
    total.completion_tokens += turn.completion_tokens;
    total.total_tokens += turn.total_tokens;
    total.estimated = total.estimated || turn.estimated;
}

// What context_search searches: the messages the agent was given, each one passage.
std::vector<tools::HistoryPassage> history_of(const llm::ChatRequest& request) {
    std::vector<tools::HistoryPassage> out;
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        const auto& m = request.messages[i];
        if (m.role == "user" || m.role == "assistant") {
            out.push_back({"message " + std::to_string(i + 1) + " (" + m.role + ")", m.content});
        }
    }
    return out;
}

std::string file_use(const tools::FileUse& use) {
    return use.path + ":" + std::to_string(use.first_line) + "-" + std::to_string(use.last_line);
}

json result_json(const tools::ToolResult& result) {
    json reads = json::array();
    for (const auto& use : result.reads) {
        reads.push_back(
            {{"path", use.path}, {"sha256", use.sha256}, {"first", use.first_line}, {"last", use.last_line}});
    }
    return {{"format", kResultFormat},
            {"text", result.text},
            {"ok", result.ok},
            {"redactions", result.redactions},
            {"reads", std::move(reads)}};
}

tools::ToolResult result_from(const json& record) {
    tools::ToolResult result;
    result.text = record.value("text", "");
    result.ok = record.value("ok", true);
    result.redactions = record.value("redactions", 0);
    if (const auto reads = record.find("reads"); reads != record.end() && reads->is_array()) {
        for (const auto& use : *reads) {
            if (use.is_object()) {
                result.reads.push_back(
                    {use.value("path", ""), use.value("sha256", ""), use.value("first", 0L), use.value("last", 0L)});
            }
        }
    }
    return result;
}

// A refusal of the tools themselves ("tools are not supported", "does not support tool calling"): retrying cannot
// help, asking without them can.
bool refuses_tools(const Error& error) {
    if (error.kind != ErrorKind::permanent) {
        return false;
    }
    std::string text = error.message + " " + error.provider_message;
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text.find("tool") != std::string::npos || text.find("function call") != std::string::npos;
}

// The request without its tools, with the folder's digest instead.
Result<llm::ChatResponse> answer_with_digest(llm::Provider& provider, const llm::ChatRequest& request,
                                             const ToolExchangeContext& context, std::stop_token stop,
                                             const llm::DeltaCallback& on_delta) {
    llm::ChatRequest plain = request;
    plain.tools = json::array();
    plain.tool_call_limit = 0;
    if (context.folder) {
        plain = with_folder_digest(std::move(plain), *context.folder, context.secret_values);
    }
    auto answered = provider.complete(plain, stop, on_delta);
    if (answered) {
        answered->tool_calls.clear();
        answered->tool_activity.digest = true;
        answered->tool_activity.turns = 1;
    }
    return answered;
}

} // namespace

llm::ChatRequest with_folder_digest(llm::ChatRequest request, const tools::ContextFolder& folder,
                                    const std::vector<std::string>& secret_values) {
    if (request.messages.size() < 2) {
        return request;
    }
    const std::string problem = request.context.problem ? *request.context.problem : request.messages[1].content;
    request.messages[1].content += "\n\n# Context folder (a digest: your server cannot call tools)\n\n" +
                                   tools::folder_digest(folder, problem, secret_values) +
                                   "\nWhen you use a figure or a name from these lines, cite it as (file:line).";
    return request;
}

Result<llm::ChatResponse> run_tool_exchange(llm::Provider& provider, const llm::ChatRequest& request,
                                            const ToolExchangeContext& context, std::stop_token stop,
                                            const llm::DeltaCallback& on_delta) {
    tools::ToolEnvironment env;
    env.folder = context.folder.get();
    env.secret_values = context.secret_values;
    env.history = history_of(request);
    const int limit = std::max(0, request.tool_call_limit);

    llm::ChatRequest turn = request;
    llm::ToolActivity activity;
    llm::Usage usage;
    int calls_made = 0;
    while (true) {
        const bool last_turn = calls_made >= limit;
        if (last_turn) {
            // The tools stay declared (the messages refer to them); the model may no longer call one.
            turn.extra["tool_choice"] = "none";
        }
        const std::string key = context.key_prefix + "turn/" + context.key_of(turn);
        llm::ChatResponse response;
        if (auto filed = find_record(context.journal, key, kTurnFormat)) {
            response = filed->second.response;
            response.content = filed->first.value("content", "");
            response.tool_calls = calls_from(filed->first.value("tool_calls", json::array()));
        } else {
            auto answered = provider.complete(turn, stop, on_delta);
            if (!answered && activity.turns == 0 && refuses_tools(answered.error())) {
                return answer_with_digest(provider, request, context, stop, on_delta);
            }
            if (!answered) {
                return tl::make_unexpected(answered.error());
            }
            response = std::move(*answered);
            if (last_turn) {
                response.tool_calls.clear(); // a server that ignores tool_choice gets no further calls
            }
            if (!response.tool_calls.empty()) {
                const json record{{"format", kTurnFormat},
                                  {"content", response.content},
                                  {"tool_calls", calls_json(response.tool_calls)}};
                if (auto saved = save_record(context.journal, key, record,
                                             {response, provider.label(), request.model, context.run_id});
                    !saved) {
                    return tl::make_unexpected(saved.error());
                }
            }
        }
        add_usage(usage, response.usage);
        ++activity.turns;
        if (response.tool_calls.empty()) {
            response.usage = usage;
            response.tool_activity = std::move(activity);
            return response;
        }
        turn.messages.push_back({"assistant", response.content, response.tool_calls, {}});
        for (const auto& call : response.tool_calls) {
            tools::ToolResult result;
            if (calls_made >= limit) {
                result = {"tool call limit reached (" + std::to_string(limit) + " calls); answer with what you have",
                          {},
                          false,
                          0};
            } else {
                ++calls_made;
                const std::string result_key =
                    key + "/tool/" + util::sha256_hex(call.id + "\n" + call.name + "\n" + call.arguments);
                if (auto filed = find_record(context.journal, result_key, kResultFormat)) {
                    result = result_from(filed->first);
                    if (context.folder) {
                        for (auto& changed : tools::changed_files(result.reads, *context.folder)) {
                            activity.changed_since.push_back(std::move(changed));
                        }
                    }
                } else {
                    const auto started = std::chrono::steady_clock::now();
                    result = tools::run_tool(call.name, call.arguments, env);
                    activity.tool_ms +=
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
                    llm::ChatResponse filed_result;
                    filed_result.model = call.name;
                    if (auto saved = save_record(context.journal, result_key, result_json(result),
                                                 {filed_result, kToolsLabel, call.name, context.run_id});
                        !saved) {
                        return tl::make_unexpected(saved.error());
                    }
                }
                activity.calls.push_back(call);
                activity.redactions += result.redactions;
                for (const auto& use : result.reads) {
                    activity.files_read.push_back(file_use(use));
                }
            }
            turn.messages.push_back({"tool", result.text, {}, call.id});
        }
    }
}

Result<void> save_tool_activity(queue::ResultStore& journal, const std::string& task_key,
                                const llm::ToolActivity& activity, const std::string& run_id) {
    const json record{{"format", kActivityFormat},         {"calls", calls_json(activity.calls)},
                      {"files_read", activity.files_read}, {"changed_since", activity.changed_since},
                      {"turns", activity.turns},           {"tool_ms", activity.tool_ms},
                      {"redactions", activity.redactions}, {"digest", activity.digest}};
    return save_record(&journal, task_key + "/activity", record, {{}, kToolsLabel, "activity", run_id});
}

std::optional<llm::ToolActivity> find_tool_activity(queue::ResultStore& journal, const std::string& task_key) {
    auto filed = find_record(&journal, task_key + "/activity", kActivityFormat);
    if (!filed) {
        return std::nullopt;
    }
    const json& r = filed->first;
    llm::ToolActivity activity;
    activity.calls = calls_from(r.value("calls", json::array()));
    activity.files_read = strings_from(r.value("files_read", json::array()));
    activity.changed_since = strings_from(r.value("changed_since", json::array()));
    activity.turns = r.value("turns", 0);
    activity.tool_ms = r.value("tool_ms", 0.0);
    activity.redactions = r.value("redactions", 0);
    activity.digest = r.value("digest", false);
    return activity;
}

} // namespace parley::run
