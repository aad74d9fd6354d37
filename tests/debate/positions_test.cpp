#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <tuple>

#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "debate/position_tracking.hpp"
#include "support/direct_executor.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::run_directly;

namespace {

const std::string kProblem = "Design a job queue that must handle 1,000 jobs per minute; no job may be lost.";
// A design the review reads with no dead-letter handling, and the same with it.
const std::string kBase = "Workers pull jobs from a durable PostgreSQL table.\n"
                          "A job is acknowledged only after the handler succeeds.\n";
const std::string kWithDlq =
    kBase + "Jobs that keep failing are moved to a dead-letter queue, and operators re-drive them from there.\n";

// Answers per (agent, purpose, round) from a script; anything unscripted gets `fallback`. The judge's interim
// answers come from `confidence` by round.
class ScriptedProvider final : public llm::Provider {
public:
    using Key = std::tuple<std::string, llm::Purpose, int>;

    ScriptedProvider(std::map<Key, std::string> script, std::map<int, int> confidence = {})
        : script_(std::move(script)), confidence_(std::move(confidence)) {}

    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token,
                                       const llm::DeltaCallback&) override {
        const auto& c = request.context;
        llm::ChatResponse r;
        r.model = "scripted";
        {
            std::lock_guard lock(mutex_);
            ++calls_[c.purpose];
        }
        if (c.purpose == llm::Purpose::interim_judge) {
            const auto it = confidence_.find(c.round);
            r.content = R"({"confidence": )" + std::to_string(it == confidence_.end() ? 0 : it->second) +
                        R"(, "reason": "scripted"})";
            return r;
        }
        const auto it = script_.find({c.agent.id, c.purpose, c.round});
        if (it != script_.end()) {
            r.content = it->second;
        } else if (c.purpose == llm::Purpose::critique) {
            r.content = "Looks fine to me; the naming could be clearer.";
        } else if (c.purpose == llm::Purpose::refinement) {
            r.content = previous(c.agent.id, c.round);
        } else {
            r.content = R"({"description": "d", "confidence": 50})";
        }
        return r;
    }
    std::string label() const override { return "scripted"; }

    int calls(llm::Purpose purpose) const {
        std::lock_guard lock(mutex_);
        const auto it = calls_.find(purpose);
        return it == calls_.end() ? 0 : it->second;
    }

private:
    // An agent keeps its last scripted design when a round does not script a new one.
    std::string previous(const std::string& agent, int round) const {
        for (int r = round - 1; r >= 1; --r) {
            if (const auto it = script_.find({agent, llm::Purpose::refinement, r}); it != script_.end()) {
                return it->second;
            }
        }
        const auto it = script_.find({agent, llm::Purpose::proposal, 1});
        return it == script_.end() ? kBase : it->second;
    }

    std::map<Key, std::string> script_;
    std::map<int, int> confidence_;
    mutable std::mutex mutex_;
    std::map<llm::Purpose, int> calls_;
};

DebateConfig three_agents(int rounds, const std::string& termination) {
    const std::string text = R"({"agents": [
        {"id": "a", "name": "A", "role": "architect", "model": "m", "provider": "offline"},
        {"id": "b", "name": "B", "role": "security", "model": "m", "provider": "offline"},
        {"id": "c", "name": "C", "role": "testing", "model": "m", "provider": "offline"}],
      "judge": {"id": "judge", "name": "Judge", "role": "generalist", "model": "m", "provider": "offline"},
      "debate": {"rounds": )" +
                             std::to_string(rounds) +
                             R"(, "summarization": {"enabled": false}, "terminationCondition": )" + termination + "}}";
    auto config = parse_config(text, "test.json", {});
    REQUIRE(config);
    return *config;
}

DebateState run_scripted(const std::shared_ptr<ScriptedProvider>& provider, int rounds,
                         const std::string& termination = R"({"type": "fixed"})",
                         const std::string& problem = kProblem) {
    DebateState state;
    state.problem = problem;
    REQUIRE(run_directly(three_agents(rounds, termination), provider, state));
    return state;
}

using P = llm::Purpose;

// B and C propose a dead-letter queue; A does not.
std::map<ScriptedProvider::Key, std::string> majority_has_dlq() {
    return {{{"a", P::proposal, 1}, kBase}, {{"b", P::proposal, 1}, kWithDlq}, {{"c", P::proposal, 1}, kWithDlq}};
}

const PositionChange* change_of(const DebateState& state, int round, const std::string& agent,
                                const std::string& concern) {
    for (const auto& m : state.movement) {
        for (const auto& c : m.changes) {
            if (m.round == round && c.agent_id == agent && c.concern == concern) {
                return &c;
            }
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("the designs of the script hold different dead-letter statuses", "[debate][positions]") {
    const auto without = position_of("a", kBase, kProblem);
    const auto with = position_of("a", kWithDlq, kProblem);
    REQUIRE(without.concerns.count("dead_letter") == 1);
    CHECK(without.concerns.at("dead_letter") != with.concerns.at("dead_letter"));
    CHECK(concerns_raised("Add a dead-letter queue for poison jobs, with a re-drive tool.").count("dead_letter") == 1);
    CHECK(concerns_raised("Looks fine to me; the naming could be clearer.").empty());
}

TEST_CASE("a change a critique raised is with cause", "[debate][positions]") {
    auto script = majority_has_dlq();
    script[{"b", P::critique, 1}] = "Add a dead-letter queue for poison jobs, with a re-drive tool.";
    script[{"a", P::refinement, 1}] = kWithDlq;
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(script), 1);
    REQUIRE(state.positions.size() == 2);
    CHECK(state.positions[0].phase == "proposal");
    CHECK(state.positions[1].phase == "refinement");
    REQUIRE(state.positions[1].agents.size() == 3);
    CHECK(state.positions[1].agents[0].agent_id == "a");
    const auto* change = change_of(state, 1, "a", "dead_letter");
    REQUIRE(change != nullptr);
    CHECK(change->with_cause);
    CHECK(change->to_majority);
    CHECK(state.movement[0].agreement == Approx(1.0));
}

TEST_CASE("a change that copies the majority without a critique raising it is without cause", "[debate][positions]") {
    auto script = majority_has_dlq();
    script[{"a", P::refinement, 1}] = kWithDlq;
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(script), 1);
    const auto* change = change_of(state, 1, "a", "dead_letter");
    REQUIRE(change != nullptr);
    CHECK_FALSE(change->with_cause);
    CHECK(change->to_majority);
}

TEST_CASE("a position a minority holds to the end is in the minority report with its sentence", "[debate][positions]") {
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(majority_has_dlq()), 1);
    REQUIRE(state.movement.size() == 1);
    CHECK(state.movement[0].changes.empty());
    CHECK(state.movement[0].agreement < 1.0);
    const auto it = std::find_if(state.minority.begin(), state.minority.end(),
                                 [](const MinorityPosition& m) { return m.concern == "dead_letter"; });
    REQUIRE(it != state.minority.end());
    CHECK(it->agent_id == "a");
    CHECK(it->since_round == 0);
    CHECK_FALSE(it->evidence.empty());
}

TEST_CASE("stable termination stops when no position changed in a round", "[debate][termination]") {
    auto script = majority_has_dlq();
    script[{"a", P::refinement, 1}] = kWithDlq; // round 1 moves, round 2 does not
    auto provider = std::make_shared<ScriptedProvider>(script);
    const auto state = run_scripted(provider, 4, R"({"type": "stable"})");
    CHECK(state.rounds.size() == 2);
    REQUIRE(state.termination);
    CHECK(state.termination->type == "stable");
    CHECK(state.termination->stopped_after_round == 2);
    CHECK(state.termination->max_rounds == 4);
    CHECK(state.termination->reason.find("no agent's position changed in round 2") != std::string::npos);
    CHECK(provider->calls(P::interim_judge) == 0);
}

TEST_CASE("stable termination with an agreement share stops when agreement reaches it", "[debate][termination]") {
    auto script = majority_has_dlq();
    script[{"b", P::refinement, 1}] = kBase + "All jobs carry a trace id.\n"; // moves, agreement stays split
    const auto state =
        run_scripted(std::make_shared<ScriptedProvider>(script), 3, R"({"type": "stable", "agreement": 0.5})");
    CHECK(state.rounds.size() == 1);
    CHECK(state.termination->reason.find("agreement") != std::string::npos);
}

TEST_CASE("convergence stops after the round whose interim confidence reaches the threshold", "[debate][termination]") {
    auto provider = std::make_shared<ScriptedProvider>(majority_has_dlq(), std::map<int, int>{{1, 40}, {2, 85}});
    const auto state = run_scripted(provider, 5, R"({"type": "convergence", "threshold": 80})");
    CHECK(state.rounds.size() == 2);
    REQUIRE(state.termination);
    CHECK(state.termination->stopped_after_round == 2);
    REQUIRE(state.termination->interim.size() == 2);
    CHECK(state.termination->interim[0].confidence == Approx(40));
    CHECK(state.termination->interim[1].confidence == Approx(85));
    CHECK(provider->calls(P::interim_judge) == 2);
    CHECK(state.termination->reason.find("reached the threshold 80 after round 2") != std::string::npos);
}

TEST_CASE("quality stops when the interim confidence passes, and never asks after the last round",
          "[debate][termination]") {
    auto low = std::make_shared<ScriptedProvider>(majority_has_dlq(), std::map<int, int>{{1, 10}, {2, 20}});
    const auto ran_out = run_scripted(low, 3, R"({"type": "quality", "threshold": 70})");
    CHECK(ran_out.rounds.size() == 3);
    CHECK(low->calls(P::interim_judge) == 2);
    CHECK(ran_out.termination->reason.find("ran the maximum of 3 rounds") != std::string::npos);

    auto high = std::make_shared<ScriptedProvider>(majority_has_dlq(), std::map<int, int>{{1, 71}});
    const auto passed = run_scripted(high, 3, R"({"type": "quality", "threshold": 70})");
    CHECK(passed.rounds.size() == 1);
}

TEST_CASE("a fixed run's shadow report says when stable would have stopped and what changed after",
          "[debate][termination]") {
    auto script = majority_has_dlq();
    script[{"a", P::refinement, 2}] = kWithDlq; // round 1 still, round 2 moves, round 3 still
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(script), 3);
    REQUIRE(state.termination);
    CHECK(state.termination->type == "fixed");
    CHECK(state.termination->stopped_after_round == 3);
    REQUIRE(state.termination->shadow.size() == 3);
    const auto& stable = state.termination->shadow[0];
    CHECK(stable.rule == "stable");
    REQUIRE(stable.round);
    CHECK(*stable.round == 1);
    CHECK(stable.changes_after == 1);
    CHECK(stable.changes_with_cause_after == 0);
    CHECK(state.termination->shadow[1].rule == "convergence");
    CHECK_FALSE(state.termination->shadow[1].round);
    CHECK(state.termination->shadow[1].note.find("cannot tell") != std::string::npos);
}

TEST_CASE("a debate the review does not apply to has no positions and stable runs its maximum",
          "[debate][termination]") {
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(std::map<ScriptedProvider::Key, std::string>{}),
                                    2, R"({"type": "stable"})", "Write a haiku about autumn.");
    CHECK(state.positions.empty());
    CHECK(state.rounds.size() == 2);
    CHECK(state.termination->reason.find("no positions") != std::string::npos);
}

TEST_CASE("planned calls count the interim judge after every round but the last", "[debate][termination]") {
    const auto fixed = Orchestrator::planned_calls(3, 3, false);
    CHECK(Orchestrator::planned_calls(3, 3, false, false, true) == fixed + 2);
}

TEST_CASE("positions, movement, minority and termination survive a JSON round trip", "[debate][positions][json]") {
    auto script = majority_has_dlq();
    script[{"a", P::refinement, 2}] = kWithDlq;
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(script), 3);
    const auto saved = to_json(state);
    REQUIRE(saved["parley"]["positions"].size() == 4);
    CHECK(saved["parley"]["positions"][0]["agents"][0]["concerns"].contains("dead_letter"));
    CHECK(saved["parley"]["movement"][1]["changes"][0]["withCause"] == false);
    CHECK(saved["parley"]["termination"]["shadow"][0]["round"] == 1);
    auto again = from_json(saved);
    REQUIRE(again);
    const auto rewritten = to_json(*again);
    for (const char* key : {"positions", "movement", "minority", "termination"}) {
        INFO(key);
        CHECK(rewritten["parley"][key] == saved["parley"][key]);
    }
    CHECK(again->termination->shadow[1].round == std::nullopt);
}

TEST_CASE("the same debate run again records the same positions, as a resumed run does", "[debate][positions]") {
    auto script = majority_has_dlq();
    script[{"b", P::critique, 1}] = "Add a dead-letter queue for poison jobs, with a re-drive tool.";
    script[{"a", P::refinement, 1}] = kWithDlq;
    const auto first = to_json(run_scripted(std::make_shared<ScriptedProvider>(script), 2))["parley"];
    const auto second = to_json(run_scripted(std::make_shared<ScriptedProvider>(script), 2))["parley"];
    for (const char* key : {"positions", "movement", "minority", "termination"}) {
        INFO(key);
        CHECK(first[key] == second[key]);
    }
}

TEST_CASE("a debate file without positions loads, and a bad one is named by its path", "[debate][positions][json]") {
    const auto state = run_scripted(std::make_shared<ScriptedProvider>(majority_has_dlq()), 1);
    auto saved = to_json(state);
    auto old = saved;
    for (const char* key : {"positions", "movement", "minority", "termination"}) {
        old["parley"].erase(key);
    }
    auto loaded = from_json(old);
    REQUIRE(loaded);
    CHECK(loaded->positions.empty());
    CHECK_FALSE(loaded->termination);

    saved["parley"]["positions"][0]["agents"][1]["capacity"]["ok"] = "many";
    auto bad = from_json(saved);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "parley.positions[0].agents[1].capacity.ok: expected a number, got a string");
    saved = to_json(state);
    saved["parley"]["termination"]["interim"] = "none";
    bad = from_json(saved);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "parley.termination.interim: expected an array, got a string");
}
