#pragma once
// The provider interface every model backend implements: the offline provider and the
// OpenAI-compatible network client. Providers know messages and models, never debates.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/call_context.hpp"
#include "util/error.hpp"

namespace parley::llm {

/// A tool the model asks to call, as the OpenAI API names it.
struct ToolCall {
    std::string id;        ///< the model's id for the call; a tool message answers it by this id
    std::string name;      ///< the tool ("file_read")
    std::string arguments; ///< the arguments as the JSON text the model wrote
};

/// One chat message ("system", "user", "assistant", or "tool": the result of a tool call).
struct Message {
    Message() = default;
    /// A message of `role` saying `content`; tool calls and a tool call id only in a tool exchange.
    Message(std::string role_, std::string content_, std::vector<ToolCall> tool_calls_ = {},
            std::string tool_call_id_ = {})
        : role(std::move(role_)), content(std::move(content_)), tool_calls(std::move(tool_calls_)),
          tool_call_id(std::move(tool_call_id_)) {}

    std::string role;
    std::string content;
    std::vector<ToolCall> tool_calls; ///< assistant: the tools it asked to call
    std::string tool_call_id;         ///< tool: the call this message answers
};

/// A JSON schema a structured answer must match, with its name: sent as `response_format` to servers that take one.
struct ResponseSchema {
    std::string name;
    nlohmann::json schema;
};

/// A chat-completion request, provider-neutral.
struct ChatRequest {
    std::string model;
    std::vector<Message> messages;
    double temperature = 0.5;
    std::optional<int> max_tokens;
    nlohmann::json extra = nlohmann::json::object(); ///< extra body parameters from config; a null removes that key
    /// The schema the answer is asked in (response_format), set by the code that reads the answer; none for free
    /// text. Part of the call's identity (llm::canonical_request); a provider that cannot send it ignores it.
    std::optional<ResponseSchema> response_schema;
    /// The tools the model may call, as the OpenAI API declares them (tools::tool_definition); empty: none.
    nlohmann::json tools = nlohmann::json::array();
    /// Most tool calls one answer may make (dialectic's toolCallLimit); after that the model must answer.
    int tool_call_limit = 0;
    /// What the call is for (run, debate, round, purpose, agent): read by priority, progress, metrics and the
    /// offline provider. Never sent over the network; part of a call's identity only through key_inputs().
    CallContext context;
};

/// parley's own token count for text no server counted: about four bytes a token, rounded up. Used for usage a
/// server did not report, the offline provider's usage, and estimates made before a call.
constexpr long estimated_tokens(std::size_t bytes) {
    return static_cast<long>((bytes + 3) / 4);
}

/// Token usage of one call.
struct Usage {
    long prompt_tokens = 0;
    long completion_tokens = 0;
    long total_tokens = 0;
    bool estimated = false; ///< true when the server sent no usage and parley counted itself
};

/// Rate-limit signals a server returned with a response; each absent when not sent or unparseable.
struct RateLimitInfo {
    std::optional<long> remaining_requests;
    std::optional<long> remaining_tokens;
    std::optional<std::chrono::milliseconds> reset_requests;
    std::optional<std::chrono::milliseconds> reset_tokens;
    std::optional<std::chrono::milliseconds> retry_after;
};

/// The tool exchange behind one answer: what the model called and read before it answered.
struct ToolActivity {
    std::vector<ToolCall> calls;            ///< every tool call, in order
    std::vector<std::string> files_read;    ///< "path:first-last" for each read that fed the answer, in order
    std::vector<std::string> changed_since; ///< files changed since a journaled read fed this answer (a resume)
    int turns = 0;                          ///< model turns, the answer included
    double tool_ms = 0;                     ///< time spent running tools
    int redactions = 0;                     ///< secrets replaced in what the tools gave the model
    bool digest = false; ///< the provider has no tool calling: the folder's digest was in the prompt instead

    /// True when nothing happened (no calls, no digest).
    bool empty() const { return calls.empty() && !digest; }
};

/// A finished chat completion.
struct ChatResponse {
    std::string content;
    std::vector<ToolCall> tool_calls; ///< the tools the model asks to call instead of answering (finish "tool_calls")
    ToolActivity tool_activity;       ///< after a tool exchange: what it called and read on the way to `content`
    Usage usage;
    std::string model;                 ///< the model the server says answered
    double latency_ms = 0;             ///< request start to last byte
    double time_to_first_token_ms = 0; ///< request start to first content byte (streaming), else latency
    RateLimitInfo rate_limit;
};

/// What the one tiny chat call of an endpoint check found.
struct ChatCheck {
    bool made = false;     ///< a call was sent
    bool answered = false; ///< the server answered it (else it timed out or was busy: not a failure)
    Usage usage;           ///< what it cost, as the server counted it or estimated
    std::string note;      ///< why it did not answer, when it did not
};

/// Called with each piece of content as it streams in.
using DeltaCallback = std::function<void(std::string_view delta)>;

/// A model backend. Implementations must be safe to call from many threads at once.
class Provider {
public:
    virtual ~Provider() = default;

    /// Runs one chat completion; stops early (ErrorKind::cancelled) when `stop` is requested.
    [[nodiscard]] virtual Result<ChatResponse> complete(const ChatRequest& request, std::stop_token stop,
                                                        const DeltaCallback& on_delta) = 0;

    /// A short label for logs and reports, e.g. "openai (https://api.openai.com/v1)" or "offline".
    virtual std::string label() const = 0;

    /// A cheap check, made before a run's first call, that the endpoint is there and takes the credentials: connect
    /// and `GET /models`, within `limit`. Unreachable is a transient error naming the endpoint and the likely fix; a
    /// rejected key is an auth error. Nothing to check by default (the offline provider, a replay's stand-ins).
    virtual Result<void> check_endpoint(std::chrono::milliseconds limit) {
        (void)limit;
        return {};
    }

    /// Sends one tiny chat call (at most one answer token) to `model`, after check_endpoint passed, so a server that
    /// lists models but cannot answer a chat fails before the run; within `limit`. Never journaled. Nothing to
    /// check by default (the offline provider, a replay's stand-ins): `made` stays false.
    virtual Result<ChatCheck> check_chat(const std::string& model, std::chrono::milliseconds limit) {
        (void)model;
        (void)limit;
        return ChatCheck{};
    }

    /// True for the built-in offline provider, whose answers are not a model's.
    virtual bool is_offline() const { return false; }

    /// True for a model server on this machine (loopback, Ollama): its calls cost $0 unless the config prices them.
    virtual bool is_local() const { return false; }

    /// What this provider's answer depends on beyond the canonical request (llm::canonical_request), appended to
    /// it before hashing a call's idempotency key. Empty for a model endpoint, whose answer depends on the request
    /// alone; a provider that reads the call context or a seed must return them here, or calls would collide.
    virtual std::string key_inputs(const ChatRequest& request) const {
        (void)request;
        return {};
    }
};

} // namespace parley::llm
