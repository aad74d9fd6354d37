#include "run/queued_executor.hpp"

#include <chrono>
#include <mutex>
#include <optional>

#include "llm/answer_schema.hpp"
#include "llm/request_key.hpp"
#include "run/call_journal.hpp"
#include "run/tool_exchange.hpp"
#include "util/sha256.hpp"
#include "util/timestamps.hpp"

namespace parley::debate {

namespace {

// A call's estimated size before it runs: what the rate limiter and the budget hold for it until it settles.
constexpr long kDefaultCompletionTokens = 1024;

long estimated_prompt_tokens(const llm::ChatRequest& request) {
    std::size_t bytes = 0;
    for (const auto& m : request.messages) {
        bytes += m.content.size();
    }
    return llm::estimated_tokens(bytes);
}

// Later phases of a started debate outrank the first phase of a new one, so concurrent debates finish one after
// another instead of all at the end.
queue::Priority priority_for(const llm::CallContext& call) {
    if (call.phase() == llm::Phase::synthesis) {
        return queue::Priority::high;
    }
    if (call.purpose == llm::Purpose::clarification || call.purpose == llm::Purpose::proposal) {
        return queue::Priority::low;
    }
    return queue::Priority::standard;
}

queue::RateSignals signals_from(const llm::RateLimitInfo& info) {
    queue::RateSignals s;
    if (info.remaining_requests)
        s.remaining_requests = static_cast<double>(*info.remaining_requests);
    if (info.remaining_tokens)
        s.remaining_tokens = static_cast<double>(*info.remaining_tokens);
    if (info.reset_requests)
        s.reset_requests = *info.reset_requests;
    if (info.reset_tokens)
        s.reset_tokens = *info.reset_tokens;
    return s;
}

} // namespace

/// What the engine's threads and the caller of one call both touch.
struct QueuedExecutor::CallShared {
    std::mutex mutex;
    bool announced = false; ///< succeeded, failed or cancelled was told
};

/// The progress of one call of a batch, shared by the task's callbacks and the waiting caller.
struct QueuedExecutor::Call {
    std::optional<queue::TaskHandle> handle;
    std::optional<Error> refused;
    std::optional<llm::BudgetReservation> reservation;
    std::string key; ///< the task's key: the journal key of its answer
    std::shared_ptr<CallShared> shared = std::make_shared<CallShared>();
};

QueuedExecutor::QueuedExecutor(queue::Engine& engine, QueuedExecutorOptions options)
    : engine_(engine), options_(std::move(options)) {}

std::string QueuedExecutor::call_key(const llm::Provider& provider, const llm::ProviderSpec& spec,
                                     const llm::ChatRequest& request) {
    // Repeats of one question (eval --samples) must not be served each other's answers; the first keeps the plain key.
    const std::string sample =
        request.context.sample > 0 ? "\nsample=" + std::to_string(request.context.sample) : std::string();
    return util::sha256_hex(llm::canonical_request(spec, request) + provider.key_inputs(request) + sample);
}

CallEvent QueuedExecutor::event_for(const CallSpec& spec, CallEvent::Kind kind) const {
    CallEvent e;
    e.kind = kind;
    e.call = spec.request.context;
    // Events are copied for every observer and streamed piece; the problem text is no event's business.
    e.call.problem.reset();
    e.call.documents.reset();
    // A job that sets no context (an evaluation, a test) is still named by the run its executor serves.
    if (e.call.debate_id.empty()) {
        e.call.debate_id = options_.run_id;
    }
    e.provider = spec.provider->label();
    e.model = spec.request.model;
    return e;
}

void QueuedExecutor::tell(const CallEvent& event) const {
    if (options_.observer) {
        options_.observer(event);
    }
}

queue::EventCallback QueuedExecutor::event_callback(const CallEvent& base, std::shared_ptr<CallShared> shared) const {
    const CallObserver observer = options_.observer;
    return [base, observer, shared](const queue::TaskEvent& te) {
        CallEvent e = base;
        e.attempt = te.attempt;
        if (te.error) {
            e.error = *te.error;
        }
        switch (te.kind) {
        case queue::TaskEvent::Kind::started:
            e.kind = CallEvent::Kind::started;
            break;
        case queue::TaskEvent::Kind::retrying:
            e.kind = CallEvent::Kind::retrying;
            e.retry_in_ms = std::chrono::duration<double, std::milli>(te.retry_in).count();
            e.wait = te.wait;
            e.rescheduled = te.rescheduled;
            break;
        case queue::TaskEvent::Kind::succeeded:
            return; // told by the task itself, with its tokens and cost
        case queue::TaskEvent::Kind::failed:
        case queue::TaskEvent::Kind::cancelled: {
            std::lock_guard lock(shared->mutex);
            if (shared->announced) {
                return;
            }
            shared->announced = true;
            e.kind = te.kind == queue::TaskEvent::Kind::failed ? CallEvent::Kind::failed : CallEvent::Kind::cancelled;
            break;
        }
        }
        if (observer) {
            observer(e);
        }
    };
}

llm::ChatRequest QueuedExecutor::prepared(const CallSpec& spec) const {
    if (spec.request.context.folder_digest && options_.context_folder) {
        return run::with_folder_digest(spec.request, *options_.context_folder, options_.secret_values);
    }
    return spec.request;
}

queue::TaskFn QueuedExecutor::task_fn(const CallSpec& spec, const llm::ChatRequest& request,
                                      const std::string& task_key, const CallEvent& base,
                                      std::shared_ptr<CallShared> shared) const {
    const auto provider = spec.provider;
    const llm::PriceTable* prices = options_.prices;
    const CallObserver observer = options_.observer;
    const std::string run_id = options_.run_id;
    queue::ResultStore* journal = engine_.result_store();
    run::ToolExchangeContext exchange;
    if (!request.tools.empty()) {
        exchange = {options_.context_folder,
                    options_.secret_values,
                    journal,
                    options_.shared_cache ? std::string() : run_id + "/",
                    run_id,
                    [provider, provider_spec = spec.provider_spec](const llm::ChatRequest& turn) {
                        return call_key(*provider, provider_spec, turn);
                    }};
    }
    return [provider, request, base, observer, shared, prices, run_id, task_key, journal,
            exchange](queue::TaskContext& ctx) -> Result<queue::Completion> {
        const auto started = std::chrono::steady_clock::now();
        std::size_t streamed = 0;
        std::size_t told = 0;
        std::string untold;
        auto on_delta = [&](std::string_view delta) {
            streamed += delta.size();
            if (!observer) {
                return;
            }
            untold.append(delta);
            // A few events per kilobyte is enough for a display; one per delta would flood it.
            if (told == 0 || streamed - told >= 512) {
                told = streamed;
                CallEvent e = base;
                e.kind = CallEvent::Kind::streaming;
                e.attempt = ctx.attempt();
                e.streamed_chars = streamed;
                e.content = untold;
                observer(e);
                untold.clear();
            }
        };
        auto response = request.tools.empty()
                            ? provider->complete(request, ctx.stop_token(), on_delta)
                            : run::run_tool_exchange(*provider, request, exchange, ctx.stop_token(), on_delta);
        if (!response) {
            return tl::make_unexpected(response.error());
        }
        response->tool_activity.digest = response->tool_activity.digest || request.context.folder_digest;
        // An echo, an empty answer or the template's placeholders is no contribution: asked again as a transient
        // failure, then dead-lettered with this reason; never journaled as an answer.
        if (const auto defects = llm::contribution_defects(request, response->content); !defects.empty()) {
            Error no_contribution{ErrorKind::transient, "the answer is no contribution (" + defects + ")", 0,
                                  std::nullopt};
            no_contribution.retry_reason = RetryReason::truncated;
            no_contribution.provider = provider->label();
            return tl::make_unexpected(no_contribution);
        }
        ctx.report_rate_limits(signals_from(response->rate_limit));
        // util::elapsed_ms gives 0 in reproducible mode, as the offline provider's own latency is.
        if (response->latency_ms == 0 && !provider->is_offline()) {
            response->latency_ms = util::elapsed_ms(started);
        }
        if (!response->tool_activity.empty() && journal) {
            // Beside the answer, so an answer served from the journal says what was read on the way to it.
            if (auto saved = run::save_tool_activity(*journal, task_key, response->tool_activity, run_id); !saved) {
                return tl::make_unexpected(saved.error());
            }
        }
        queue::Completion completion = completion_of({*response, provider->label(), request.model, run_id});
        completion.attempts = ctx.attempt();
        {
            std::lock_guard lock(shared->mutex);
            shared->announced = true;
        }
        if (observer) {
            CallEvent e = base;
            e.kind = CallEvent::Kind::succeeded;
            e.attempt = ctx.attempt();
            e.streamed_chars = streamed;
            e.prompt_tokens = response->usage.prompt_tokens;
            e.completion_tokens = response->usage.completion_tokens;
            const auto cost = llm::call_cost_usd(*provider, prices, request.model, response->usage);
            e.cost_known = cost.has_value();
            e.cost_usd = cost.value_or(0);
            e.content = response->content;
            e.tool_calls = static_cast<int>(response->tool_activity.calls.size());
            e.tool_ms = response->tool_activity.tool_ms;
            observer(e);
        }
        return completion;
    };
}

void QueuedExecutor::start(Call& call, const CallSpec& spec, std::stop_token stop) {
    // A stop ends intake only: calls already running are the engine's to finish or stop (its shutdown grace), so
    // an interrupt does not throw away answers that are about to arrive.
    if (stop.stop_requested()) {
        call.refused = Error{ErrorKind::cancelled, "cancelled before the call started", 0, std::nullopt};
        return;
    }
    const llm::ChatRequest request = prepared(spec);
    const std::string key = call_key(*spec.provider, spec.provider_spec, request);
    const long prompt_tokens = estimated_prompt_tokens(request);
    const long completion_tokens = spec.request.max_tokens ? *spec.request.max_tokens : kDefaultCompletionTokens;
    if (options_.budget) {
        const llm::Usage estimate{prompt_tokens, completion_tokens, prompt_tokens + completion_tokens, true};
        auto reserved = options_.budget->reserve(
            estimate.total_tokens, llm::call_cost_usd(*spec.provider, options_.prices, spec.request.model, estimate));
        if (!reserved) {
            call.refused = reserved.error();
            return;
        }
        call.reservation.emplace(std::move(*reserved));
    }

    queue::TaskSpec task;
    task.key = options_.shared_cache ? key : options_.run_id + "/" + key;
    call.key = task.key;
    task.lane = lane_for(*spec.provider);
    task.priority = priority_for(spec.request.context);
    task.cost = prompt_tokens + completion_tokens;
    task.origin = options_.run_id; // files the call's dead letter, if any, under its run

    const CallEvent base = event_for(spec, CallEvent::Kind::queued);
    task.on_event = event_callback(base, call.shared);
    auto fn = task_fn(spec, request, task.key, base, call.shared);

    tell(base);
    auto handle = engine_.submit(std::move(task), std::move(fn), engine_.clock().now() + std::chrono::hours(24));
    if (!handle) {
        call.refused = handle.error();
        return;
    }
    call.handle = std::move(*handle);
}

Result<llm::ChatResponse> QueuedExecutor::finish(Call& call, const CallSpec& spec) {
    if (call.refused) {
        CallEvent e = event_for(spec, call.refused->kind == ErrorKind::cancelled ? CallEvent::Kind::cancelled
                                                                                 : CallEvent::Kind::failed);
        e.error = call.refused;
        tell(e);
        return tl::make_unexpected(*call.refused);
    }
    const auto& result = call.handle->wait();
    if (!result) {
        std::lock_guard lock(call.shared->mutex);
        if (!call.shared->announced) {
            call.shared->announced = true;
            CallEvent e = event_for(spec, result.error().kind == ErrorKind::cancelled ? CallEvent::Kind::cancelled
                                                                                      : CallEvent::Kind::failed);
            e.error = result.error();
            tell(e);
        }
        return tl::make_unexpected(result.error());
    }
    auto found = response_in(*result);
    if (!found) {
        return tl::make_unexpected(found.error());
    }
    llm::ChatResponse response = (*found)->response;
    if (result->from_store && (!spec.request.tools.empty() || spec.request.context.folder_digest)) {
        if (auto* journal = engine_.result_store()) {
            if (auto activity = run::find_tool_activity(*journal, call.key)) {
                response.tool_activity = std::move(*activity);
            }
        }
    }
    const auto cost = llm::call_cost_usd(*spec.provider, options_.prices, spec.request.model, response.usage);
    if (call.reservation) {
        // A call served from the journal cost nothing this time.
        call.reservation->settle(result->from_store ? 0 : response.usage.total_tokens,
                                 result->from_store ? std::optional<double>(0.0) : cost);
    }
    bool tell_now = false;
    {
        std::lock_guard lock(call.shared->mutex);
        tell_now = !call.shared->announced;
        call.shared->announced = true;
    }
    if (tell_now) {
        // Served from the journal, or joined to an identical call already in flight: the task never ran here.
        CallEvent e = event_for(spec, CallEvent::Kind::succeeded);
        e.from_journal = result->from_store;
        e.from_cache = result->from_store && (*found)->cached;
        e.prompt_tokens = response.usage.prompt_tokens;
        e.completion_tokens = response.usage.completion_tokens;
        e.cost_known = true;
        e.cost_usd = 0;
        e.content = response.content;
        tell(e);
    }
    return response;
}

std::vector<Result<llm::ChatResponse>> QueuedExecutor::run_batch(const std::vector<CallSpec>& calls,
                                                                 std::stop_token stop) {
    std::vector<Call> pending(calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        start(pending[i], calls[i], stop);
    }
    std::vector<Result<llm::ChatResponse>> out;
    out.reserve(calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        out.push_back(finish(pending[i], calls[i]));
    }
    return out;
}

} // namespace parley::debate
