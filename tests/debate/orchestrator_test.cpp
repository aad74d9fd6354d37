#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "offline/offline_provider.hpp"
#include "support/direct_executor.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::DirectExecutor;
using parley::testing::run_directly;

namespace {

// Wraps the offline provider to count calls per phase and, optionally, to make earlier agents finish
// later, so a test can tell completion order from agent order.
class CountingProvider final : public llm::Provider {
public:
    explicit CountingProvider(bool reverse_delays = false) : inner_(7), reverse_delays_(reverse_delays) {}

    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token stop,
                                       const llm::DeltaCallback& on_delta) override {
        {
            std::lock_guard lock(mutex_);
            ++calls_[std::string(llm::to_string(request.context.purpose))];
        }
        if (reverse_delays_) {
            const auto& id = request.context.agent.id;
            std::this_thread::sleep_for(std::chrono::milliseconds(5 * (10 - (id.back() - '0'))));
        }
        return inner_.complete(request, stop, on_delta);
    }
    std::string label() const override { return "counting-offline"; }
    bool is_offline() const override { return true; }

    std::map<std::string, int> calls() const {
        std::lock_guard lock(mutex_);
        return calls_;
    }

private:
    offline::OfflineProvider inner_;
    bool reverse_delays_;
    mutable std::mutex mutex_;
    std::map<std::string, int> calls_;
};

DebateConfig config_with(int agents, int rounds, bool summarize) {
    static const char* kRoles[] = {"architect", "performance", "security", "testing", "kiss"};
    std::string text = R"({"agents": [)";
    for (int i = 0; i < agents; ++i) {
        text += std::string(i ? "," : "") + R"({"id": "agent-)" + std::to_string(i) + R"(", "name": "Agent )" +
                std::to_string(i) + R"(", "role": ")" + kRoles[i] + R"(", "model": "m", "provider": "offline"})";
    }
    text += R"(], "judge": {"id": "judge", "name": "Judge", "role": "generalist", "model": "m", "provider": "offline"},
              "debate": {"rounds": )" +
            std::to_string(rounds) + R"(, "summarization": {"enabled": )" + (summarize ? "true" : "false") +
            R"(, "threshold": 200, "maxLength": 150}}})";
    auto config = parse_config(text, "test.json", {});
    REQUIRE(config);
    return *config;
}

struct Run {
    DebateState state;
    std::map<std::string, int> calls;
};

Run run_debate(int agents, int rounds, bool summarize, bool reverse_delays = false) {
    auto config = config_with(agents, rounds, summarize);
    auto provider = std::make_shared<CountingProvider>(reverse_delays);
    Run run;
    run.state.problem = "Design a job queue that must handle 100,000 jobs per minute and start jobs within 500 ms.";
    REQUIRE(run_directly(config, provider, run.state));
    run.calls = provider->calls();
    return run;
}

} // namespace

TEST_CASE("N agents and R rounds make exactly the calls the flow defines", "[debate][orchestrator]") {
    for (int n = 1; n <= 5; ++n) {
        for (int r = 1; r <= 3; ++r) {
            INFO("agents " << n << ", rounds " << r);
            auto run = run_debate(n, r, false);
            CHECK(run.calls["proposal"] == n);
            CHECK(run.calls["critique"] == r * n * (n - 1));
            CHECK(run.calls["refinement"] == r * n);
            CHECK(run.calls["synthesis"] == 1);
            CHECK(run.calls.count("summary") == 0);
            CHECK(run.state.metrics.calls == Orchestrator::planned_calls(static_cast<std::size_t>(n), r, false));
            REQUIRE(run.state.rounds.size() == static_cast<std::size_t>(r));
            CHECK(run.state.status == "completed");
            REQUIRE(run.state.final_solution);
            CHECK(run.state.final_solution->confidence);
        }
    }
}

TEST_CASE("the synthesis call's tokens are recorded on the final solution and counted in the totals",
          "[debate][orchestrator][metrics]") {
    auto run = run_debate(2, 1, false);
    REQUIRE(run.state.final_solution);
    const auto& synthesis = run.state.final_solution->metadata;
    CHECK_FALSE(synthesis.model.empty());
    CHECK(synthesis.prompt_tokens > 0);
    CHECK(synthesis.completion_tokens > 0);
    CHECK_FALSE(run.state.final_solution->repair_metadata);
    long recorded = synthesis.prompt_tokens + synthesis.completion_tokens;
    for (const auto& round : run.state.rounds) {
        for (const auto& c : round.contributions) {
            recorded += c.metadata.prompt_tokens + c.metadata.completion_tokens;
        }
    }
    // Every call's tokens, the synthesis's among them, add up to the run's total.
    CHECK(recorded == run.state.metrics.total_tokens);
}

TEST_CASE("contributions are ordered by agent, not by completion time", "[debate][orchestrator]") {
    auto run = run_debate(3, 1, false, true);
    const auto& c = run.state.rounds[0].contributions;
    REQUIRE(c.size() == 3 + 6 + 3);
    CHECK(c[0].agent_id == "agent-0");
    CHECK(c[1].agent_id == "agent-1");
    CHECK(c[2].agent_id == "agent-2");
    CHECK(c[3].type == ContributionType::critique);
    CHECK(c[3].agent_id == "agent-0");
    CHECK(c[3].target_agent_id == "agent-1");
    CHECK(c[4].target_agent_id == "agent-2");
    CHECK(c[5].agent_id == "agent-1");
    CHECK(c[5].target_agent_id == "agent-0");
    CHECK(c[9].type == ContributionType::refinement);
    CHECK(c[9].agent_id == "agent-0");
}

TEST_CASE("long histories are summarized, bounded and recorded", "[debate][orchestrator]") {
    auto run = run_debate(2, 2, true);
    CHECK(run.calls["summary"] == 2);
    REQUIRE(run.state.rounds[1].summaries.size() == 2);
    for (const auto& [id, s] : run.state.rounds[1].summaries) {
        CHECK(s.after_chars <= 150);
        CHECK(s.before_chars > 200);
        CHECK(s.summary.size() <= 150u);
    }
    CHECK(run.state.judge_summary);
}

TEST_CASE("a failing call fails the debate with the agent, phase and provider named", "[debate][orchestrator]") {
    class Refusing final : public llm::Provider {
    public:
        Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token,
                                           const llm::DeltaCallback&) override {
            if (std::string(llm::to_string(request.context.purpose)) == "critique") {
                return tl::make_unexpected(
                    Error{ErrorKind::auth, "401 invalid key (OPENAI_API_KEY)", 401, std::nullopt});
            }
            llm::ChatResponse r;
            r.content = "ok";
            return r;
        }
        std::string label() const override { return "refusing"; }
    };
    auto config = config_with(2, 1, false);
    auto provider = std::make_shared<Refusing>();
    DirectExecutor executor;
    Orchestrator orchestrator({{config.agents[0], provider}, {config.agents[1], provider}}, {config.judge, provider},
                              config.debate, executor);
    DebateState state;
    state.problem = "p";
    auto result = orchestrator.run(state, {});
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::auth);
    CHECK_THAT(result.error().message,
               Catch::StartsWith("agent-0 (architect), round 1 critiques of agent-1, provider refusing: 401"));
    REQUIRE(state.rounds.size() == 1);
    CHECK(state.rounds[0].contributions.size() == 2);
}

TEST_CASE("a stop request cancels the remaining calls", "[debate][orchestrator]") {
    auto config = config_with(2, 2, false);
    auto provider = std::make_shared<offline::OfflineProvider>(1);
    DirectExecutor executor;
    Orchestrator orchestrator({{config.agents[0], provider}, {config.agents[1], provider}}, {config.judge, provider},
                              config.debate, executor);
    std::stop_source stop;
    stop.request_stop();
    DebateState state;
    state.problem = "p";
    auto result = orchestrator.run(state, stop.get_token());
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::cancelled);
}

TEST_CASE("clarifying questions are asked once per agent and capped", "[debate][orchestrator]") {
    auto config = config_with(2, 1, false);
    config.debate.max_clarifications = 2;
    auto provider = std::make_shared<CountingProvider>();
    DirectExecutor executor;
    Orchestrator orchestrator({{config.agents[0], provider}, {config.agents[1], provider}}, {config.judge, provider},
                              config.debate, executor);
    DebateState state;
    state.problem = "Design a job queue that must handle 100,000 jobs per minute. Should it span regions?";
    auto questions = orchestrator.ask_clarifications(state, {});
    REQUIRE(questions);
    REQUIRE(questions->size() == 2);
    CHECK(provider->calls()["clarify"] == 2);
    for (const auto& agent : *questions) {
        // The call that asked is recorded like any other: its tokens are shown, not only counted in the total.
        CHECK(agent.metadata.prompt_tokens > 0);
        CHECK(agent.metadata.completion_tokens > 0);
        CHECK(agent.items.size() <= 2u);
        for (const auto& item : agent.items) {
            CHECK_THAT(item.id, Catch::StartsWith(agent.agent_id + "-q"));
        }
    }
}

namespace {

// Answers clarify calls with fixed questions per agent and records every user message it is sent.
class ScriptedQuestions final : public llm::Provider {
public:
    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token,
                                       const llm::DeltaCallback&) override {
        std::lock_guard lock(mutex_);
        users_.push_back(request.messages.back().content);
        llm::ChatResponse response;
        response.content = request.context.agent.id == "agent-0"
                               ? "1. What is the peak rate?\n2. Which regions?"
                               : "1. what is the PEAK rate\n2. How long are jobs kept?";
        return response;
    }
    std::string label() const override { return "scripted"; }
    bool is_offline() const override { return true; }
    std::vector<std::string> users() const {
        std::lock_guard lock(mutex_);
        return users_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> users_;
};

} // namespace

TEST_CASE("a question another agent already asked is not asked again", "[debate][orchestrator][clarify]") {
    auto config = config_with(2, 1, false);
    auto provider = std::make_shared<ScriptedQuestions>();
    DirectExecutor executor;
    Orchestrator orchestrator({{config.agents[0], provider}, {config.agents[1], provider}}, {config.judge, provider},
                              config.debate, executor);
    DebateState state;
    state.problem = "Design a job queue.";
    auto questions = orchestrator.ask_clarifications(state, {});
    REQUIRE(questions);
    REQUIRE(questions->size() == 2);
    REQUIRE((*questions)[0].items.size() == 2);
    REQUIRE((*questions)[1].items.size() == 1);
    CHECK((*questions)[1].items[0].question == "How long are jobs kept?");
    CHECK((*questions)[1].items[0].id == "agent-1-q1");
}

TEST_CASE("extra context reaches every prompt after the problem, under Extra Context", "[debate][orchestrator]") {
    auto config = config_with(2, 1, false);
    auto provider = std::make_shared<ScriptedQuestions>();
    DirectExecutor executor;
    Orchestrator orchestrator({{config.agents[0], provider}, {config.agents[1], provider}}, {config.judge, provider},
                              config.debate, executor);
    DebateState state;
    state.problem = "Design a job queue.";
    state.context = "We run on Postgres 15.";
    REQUIRE(orchestrator.ask_clarifications(state, {}));
    for (const auto& user : provider->users()) {
        CHECK_THAT(user, Catch::Contains("Design a job queue.\n\n# Extra Context\n\nWe run on Postgres 15."));
    }
    CHECK(state.problem == "Design a job queue.");
}
