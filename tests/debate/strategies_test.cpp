#include <catch2/catch.hpp>

#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "offline/offline_provider.hpp"
#include "support/direct_executor.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::DirectExecutor;

namespace {

DebateConfig two_agents(int rounds) {
    const std::string text = R"({"agents": [
        {"id": "agent-0", "name": "Agent 0", "role": "architect", "model": "m", "provider": "offline"},
        {"id": "agent-1", "name": "Agent 1", "role": "security", "model": "m", "provider": "offline"}],
      "judge": {"id": "judge", "name": "Judge", "role": "generalist", "model": "m", "provider": "offline"},
      "debate": {"rounds": )" +
                             std::to_string(rounds) + R"(, "summarization": {"enabled": false}}})";
    auto config = parse_config(text, "test.json", {});
    REQUIRE(config);
    return *config;
}

// Stops after a set number of rounds whatever the config says: a stand-in for a convergence rule.
class StopAfter final : public TerminationStrategy {
public:
    explicit StopAfter(int rounds) : rounds_(rounds) {}
    bool another_round(const DebateState& state, int finished_rounds) const override {
        CHECK(state.rounds.size() == static_cast<std::size_t>(finished_rounds));
        return finished_rounds < rounds_;
    }

private:
    int rounds_;
};

// Takes the first agent's latest proposal as the solution, without calling anyone: a stand-in for voting.
class FirstProposal final : public SynthesisStrategy {
public:
    Result<void> synthesize(PhaseRunner& runner, DebateState& state, std::stop_token) override {
        Solution solution;
        solution.description = runner.latest_proposal(runner.agents().front().config.id);
        state.final_solution = std::move(solution);
        return {};
    }
};

struct Outcome {
    DebateState state;
    std::size_t calls = 0;
};

Outcome run_with(int configured_rounds, Strategies strategies) {
    const auto config = two_agents(configured_rounds);
    auto provider = std::make_shared<offline::OfflineProvider>(3);
    std::vector<Participant> agents;
    for (const auto& a : config.agents) {
        agents.push_back({a, provider});
    }
    DirectExecutor executor;
    Orchestrator orchestrator(agents, {config.judge, provider}, config.debate, executor, {}, nullptr,
                              std::move(strategies));
    Outcome out;
    out.state.problem = "Design a job queue that starts jobs within 500 ms.";
    REQUIRE(orchestrator.run(out.state, {}));
    out.calls = out.state.prompts.size();
    return out;
}

} // namespace

TEST_CASE("a termination strategy decides how many rounds run, and the judge still closes the debate",
          "[debate][orchestrator]") {
    const auto stopped = run_with(3, {std::make_shared<StopAfter>(1), nullptr});
    CHECK(stopped.state.rounds.size() == 1);
    // 2 proposals, 2 critiques, 2 refinements and the synthesis.
    CHECK(stopped.calls == 7);
    REQUIRE(stopped.state.final_solution);
    CHECK(stopped.state.status == "completed");
}

TEST_CASE("a synthesis strategy replaces the judge without any other change", "[debate][orchestrator]") {
    const auto voted = run_with(1, {nullptr, std::make_shared<FirstProposal>()});
    CHECK(voted.calls == 6); // no judge call
    REQUIRE(voted.state.final_solution);
    REQUIRE(voted.state.rounds.size() == 1);
    const auto& refinement = voted.state.rounds[0].contributions.at(4); // proposals, critiques, then refinements
    CHECK(refinement.agent_id == "agent-0");
    CHECK(voted.state.final_solution->description == refinement.content);
}
