#pragma once
// What happens to each model call of a debate, as told to progress displays, logs and metrics.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "llm/call_context.hpp"
#include "queue/task.hpp"
#include "util/error.hpp"

namespace parley::debate {

/// One change in the life of one model call.
struct CallEvent {
    /// Which change.
    enum class Kind {
        queued,    ///< accepted, waiting for a worker, a rate-limit slot or the circuit breaker
        started,   ///< an attempt began (attempt says which)
        streaming, ///< content is arriving (streamed_chars says how much so far)
        retrying,  ///< an attempt failed transiently; the next waits retry_in_ms (error says why)
        succeeded, ///< the call ended with an answer (from_journal when nothing was paid for it)
        failed,    ///< the call ended in the dead letters (error says why)
        cancelled, ///< the call was stopped before it ended
    };
    Kind kind = Kind::queued;
    llm::CallContext call; ///< what the call is for: debate, round, purpose, agent, target (never the problem)
    std::string provider;  ///< the provider's label
    std::string model;
    int attempt = 0;
    double retry_in_ms = 0;
    queue::RetryWait wait = queue::RetryWait::backoff; ///< retrying: what decides retry_in_ms
    bool rescheduled = false;   ///< retrying: a longer wait for a failure already told, not a new failure
    std::optional<Error> error; ///< retrying, failed and cancelled: why
    std::size_t streamed_chars = 0;
    bool from_journal = false;
    bool from_cache = false;    ///< with from_journal: the answer came from the shared cache (--cache)
    long prompt_tokens = 0;     ///< succeeded only
    long completion_tokens = 0; ///< succeeded only
    double cost_usd = 0;        ///< succeeded only; 0 when from_journal or the price is unknown
    bool cost_known = false;    ///< false when the model has no price
    int tool_calls = 0;         ///< succeeded only: tool calls made on the way to the answer
    double tool_ms = 0;         ///< succeeded only: time spent running them
    /// streaming: the text that arrived since this call's previous streaming event; succeeded: the whole
    /// answer. Points into the sender's buffer, so it is valid only during the observer call.
    std::string_view content;
};

/// Receives call events; may be called from many threads at once, so it must be thread-safe.
using CallObserver = std::function<void(const CallEvent&)>;

/// "queued", "started", ... for logs.
const char* to_string(CallEvent::Kind kind);

} // namespace parley::debate
