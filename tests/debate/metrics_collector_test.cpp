#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "debate/metrics_collector.hpp"
#include "queue/clock.hpp"

using parley::debate::CallEvent;
namespace llm = parley::llm;
using parley::Error;
using parley::ErrorKind;
using parley::RetryReason;
using parley::debate::MetricsCollector;
using parley::debate::percentile;
using parley::debate::retry_reason_class;
using parley::debate::RunMetrics;
using Kind = parley::debate::CallEvent::Kind;

namespace {

constexpr const char* kOpenAi = "openai (api.openai.com)";
constexpr const char* kRouter = "openrouter (openrouter.ai)";

// Sets or clears SOURCE_DATE_EPOCH for one test and puts back what was there.
class EpochGuard {
public:
    explicit EpochGuard(const char* value) {
        if (const char* old = std::getenv("SOURCE_DATE_EPOCH")) {
            old_ = old;
        }
        if (value != nullptr) {
            ::setenv("SOURCE_DATE_EPOCH", value, 1);
        } else {
            ::unsetenv("SOURCE_DATE_EPOCH");
        }
    }
    ~EpochGuard() {
        if (old_) {
            ::setenv("SOURCE_DATE_EPOCH", old_->c_str(), 1);
        } else {
            ::unsetenv("SOURCE_DATE_EPOCH");
        }
    }
    EpochGuard(const EpochGuard&) = delete;
    EpochGuard& operator=(const EpochGuard&) = delete;

private:
    std::optional<std::string> old_;
};

llm::Purpose purpose_named(const std::string& phase) {
    const auto purpose = llm::parse_purpose(phase);
    REQUIRE(purpose);
    return *purpose;
}

CallEvent event(Kind kind, const std::string& agent, const std::string& phase, const char* provider,
                const std::string& target = "") {
    CallEvent e;
    e.kind = kind;
    e.call.debate_id = "deb-1";
    e.call.purpose = purpose_named(phase);
    e.call.round = 1;
    e.call.agent.id = agent;
    if (!target.empty()) {
        e.call.target = llm::AgentRef{target, "", ""};
    }
    e.provider = provider;
    e.model = "gpt-4o-mini";
    return e;
}

CallEvent retry(const std::string& agent, const char* provider, RetryReason reason, int status = 0) {
    auto e = event(Kind::retrying, agent, "proposal", provider);
    e.error = Error{ErrorKind::transient, "retry", status, std::nullopt, reason};
    return e;
}

CallEvent success(const std::string& agent, const std::string& phase, const char* provider, double cost, bool known) {
    auto e = event(Kind::succeeded, agent, phase, provider);
    e.prompt_tokens = 100;
    e.completion_tokens = 50;
    e.cost_usd = cost;
    e.cost_known = known;
    return e;
}

// Feeds events at given milliseconds after the start, in order, on a clock that moves only when told.
class Script {
public:
    Script(MetricsCollector& collector, parley::queue::ManualClock& clock) : collector_(collector), clock_(clock) {}

    void at(long ms, const CallEvent& e) {
        clock_.advance(std::chrono::milliseconds(ms - now_ms_));
        now_ms_ = ms;
        collector_.on_event(e);
    }

private:
    MetricsCollector& collector_;
    parley::queue::ManualClock& clock_;
    long now_ms_ = 0;
};

// Two providers; a 429 then success, a call through four kinds of failure, a journal hit and a dead letter.
RunMetrics scripted_run() {
    parley::queue::ManualClock clock;
    MetricsCollector collector(clock);
    Script s(collector, clock);
    s.at(0, event(Kind::queued, "a1", "proposal", kOpenAi));
    s.at(0, event(Kind::queued, "a2", "proposal", kOpenAi));
    s.at(0, event(Kind::queued, "a3", "proposal", kRouter));
    s.at(0, event(Kind::queued, "a1", "critique", kOpenAi, "a2"));
    s.at(0, event(Kind::queued, "a2", "critique", kRouter, "a1"));
    s.at(10, event(Kind::started, "a1", "proposal", kOpenAi));
    s.at(20, event(Kind::started, "a3", "proposal", kRouter));
    s.at(30, event(Kind::started, "a2", "proposal", kOpenAi));
    s.at(40, event(Kind::started, "a2", "critique", kRouter, "a1"));
    s.at(45, retry("a2", kOpenAi, RetryReason::rate_limited, 429));
    auto hit = success("a1", "critique", kOpenAi, 0, false);
    hit.call.target = llm::AgentRef{"a2", "", ""};
    hit.from_journal = true;
    s.at(50, hit);
    s.at(60, event(Kind::streaming, "a1", "proposal", kOpenAi));
    s.at(80, event(Kind::streaming, "a1", "proposal", kOpenAi));
    s.at(100, retry("a3", kRouter, RetryReason::server_error, 503));
    s.at(110, event(Kind::started, "a3", "proposal", kRouter));
    s.at(120, retry("a3", kRouter, RetryReason::timeout));
    s.at(130, event(Kind::started, "a3", "proposal", kRouter));
    s.at(140, retry("a3", kRouter, RetryReason::connection));
    s.at(150, event(Kind::started, "a3", "proposal", kRouter));
    s.at(160, event(Kind::streaming, "a3", "proposal", kRouter));
    s.at(170, retry("a3", kRouter, RetryReason::truncated));
    s.at(200, event(Kind::started, "a3", "proposal", kRouter));
    s.at(210, success("a1", "proposal", kOpenAi, 0.25, true));
    s.at(300, success("a3", "proposal", kRouter, 0, false));
    s.at(400, retry("a2", kRouter, RetryReason::unknown, 409));
    auto failed = event(Kind::failed, "a2", "critique", kRouter, "a1");
    failed.error = Error{ErrorKind::permanent, "openrouter: the request was refused (HTTP 400)", 400, std::nullopt};
    s.at(410, failed);
    s.at(1040, event(Kind::started, "a2", "proposal", kOpenAi));
    s.at(1070, event(Kind::streaming, "a2", "proposal", kOpenAi));
    s.at(1440, success("a2", "proposal", kOpenAi, 0.5, true));
    RunMetrics metrics;
    metrics.calls = 4;
    collector.apply_to(metrics);
    return metrics;
}

} // namespace

TEST_CASE("retries are counted by the error's typed reason, else by its status, never by its text", "[metrics]") {
    auto error = [](RetryReason reason, int status, const char* text) {
        return Error{ErrorKind::transient, text, status, std::nullopt, reason};
    };
    CHECK(retry_reason_class(error(RetryReason::rate_limited, 0, "")) == "429 rate limited");
    CHECK(retry_reason_class(error(RetryReason::server_error, 0, "")) == "5xx");
    CHECK(retry_reason_class(error(RetryReason::timeout, 504, "")) == "timeout");
    CHECK(retry_reason_class(error(RetryReason::connection, 0, "")) == "connection");
    CHECK(retry_reason_class(error(RetryReason::truncated, 200, "")) == "truncated stream");
    CHECK(retry_reason_class(error(RetryReason::unknown, 429, "")) == "429 rate limited");
    CHECK(retry_reason_class(error(RetryReason::unknown, 502, "")) == "5xx");
    CHECK(retry_reason_class(error(RetryReason::unknown, 409, "rate limited, timed out, connection reset")) == "other");
    CHECK(retry_reason_class(error(RetryReason::unknown, 0, "")) == "other");
}

TEST_CASE("percentiles are nearest-rank on the samples", "[metrics]") {
    CHECK(percentile({}, 0.5) == 0);
    CHECK(percentile({40, 15, 50, 20, 35}, 0.5) == 35);
    CHECK(percentile({40, 15, 50, 20, 35}, 0.95) == 50);
    CHECK(percentile({40, 15, 50, 20, 35}, 0) == 15);
    std::vector<double> one_to_twenty;
    for (int i = 20; i >= 1; --i) {
        one_to_twenty.push_back(i);
    }
    CHECK(percentile(one_to_twenty, 0.5) == 10);
    CHECK(percentile(one_to_twenty, 0.95) == 19);
    CHECK(percentile({7}, 0.95) == 7);
}

TEST_CASE("a scripted run gives exact outcomes, retries, timings and cost", "[metrics]") {
    EpochGuard epoch(nullptr);
    const auto m = scripted_run();

    CHECK(m.calls == 4); // the orchestrator's figure is left alone
    CHECK(m.calls_from_journal == 1);
    CHECK(m.calls_failed == 1);
    CHECK(m.calls_cancelled == 0);
    const std::map<std::string, long> retries = {
        {"429 rate limited", 1}, {"5xx", 1}, {"timeout", 1}, {"connection", 1}, {"truncated stream", 1}, {"other", 1}};
    CHECK(m.retries == retries);

    CHECK(m.queue_wait.samples == 4); // the journal hit never waited for a worker
    CHECK(m.queue_wait.p50_ms == 20);
    CHECK(m.queue_wait.p95_ms == 40);

    REQUIRE(m.providers.size() == 2);
    const auto& openai = m.providers.at(kOpenAi);
    CHECK(openai.latency.samples == 2);
    CHECK(openai.latency.p50_ms == 200); // a1: 10 -> 210
    CHECK(openai.latency.p95_ms == 400); // a2's last attempt: 1040 -> 1440
    CHECK(openai.time_to_first_token.samples == 2);
    CHECK(openai.time_to_first_token.p50_ms == 30);
    CHECK(openai.time_to_first_token.p95_ms == 50);
    const auto& router = m.providers.at(kRouter);
    CHECK(router.latency.samples == 1);
    CHECK(router.latency.p50_ms == 100);            // the last attempt only: 200 -> 300
    CHECK(router.time_to_first_token.samples == 0); // the attempt that streamed was not the one that succeeded

    CHECK(m.cost.usd == 0.75);
    CHECK(m.cost.unknown_calls == 1);
    REQUIRE(m.cost_by_agent.size() == 3);
    CHECK(m.cost_by_agent.at("a1").usd == 0.25);
    CHECK(m.cost_by_agent.at("a2").usd == 0.5);
    CHECK(m.cost_by_agent.at("a3").usd == 0);
    CHECK(m.cost_by_agent.at("a3").unknown_calls == 1);
    REQUIRE(m.cost_by_phase.size() == 1);
    CHECK(m.cost_by_phase[0].first == "proposal");
    CHECK(m.cost_by_phase[0].second.usd == 0.75);
    CHECK(m.cost_by_phase[0].second.unknown_calls == 1);
}

TEST_CASE("in reproducible mode every duration is recorded as 0 and the counts stay", "[metrics]") {
    EpochGuard epoch("1767225600");
    const auto m = scripted_run();
    CHECK(m.queue_wait.samples == 4);
    CHECK(m.queue_wait.p50_ms == 0);
    CHECK(m.queue_wait.p95_ms == 0);
    for (const auto& [label, t] : m.providers) {
        CHECK(t.latency.p50_ms == 0);
        CHECK(t.latency.p95_ms == 0);
        CHECK(t.time_to_first_token.p50_ms == 0);
        CHECK(t.time_to_first_token.p95_ms == 0);
    }
    CHECK(m.providers.at(kOpenAi).latency.samples == 2);
    CHECK(m.cost.usd == 0.75);
}

TEST_CASE("events from 8 threads at once are all counted", "[metrics]") {
    MetricsCollector collector;
    constexpr int kThreads = 8;
    constexpr int kCallsEach = 100;
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&collector, t] {
                auto observe = collector.observer();
                for (int i = 0; i < kCallsEach; ++i) {
                    const auto agent = "t" + std::to_string(t) + "-a" + std::to_string(i);
                    const char* provider = t % 2 == 0 ? kOpenAi : kRouter;
                    observe(event(Kind::queued, agent, "critique", provider));
                    observe(event(Kind::started, agent, "critique", provider));
                    observe(retry(agent, provider, RetryReason::rate_limited, 429));
                    observe(event(Kind::started, agent, "critique", provider));
                    observe(event(Kind::streaming, agent, "critique", provider));
                    observe(success(agent, "critique", provider, 0.5, true));
                }
            });
        }
    }
    RunMetrics m;
    collector.apply_to(m);
    CHECK(m.retries.at("429 rate limited") == kThreads * kCallsEach);
    CHECK(m.queue_wait.samples == kThreads * kCallsEach);
    CHECK(m.providers.at(kOpenAi).latency.samples == kThreads / 2 * kCallsEach);
    CHECK(m.providers.at(kRouter).time_to_first_token.samples == kThreads / 2 * kCallsEach);
    CHECK(m.cost.usd == 0.5 * kThreads * kCallsEach);
    CHECK(m.cost_by_agent.size() == static_cast<std::size_t>(kThreads * kCallsEach));
    CHECK(m.cost_by_phase.size() == 1);
}
