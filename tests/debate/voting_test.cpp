#include <catch2/catch.hpp>

#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "debate/voting.hpp"
#include "offline/offline_provider.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "support/direct_executor.hpp"
#include "support/scripted_provider.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::run_directly;
using parley::testing::Script;
using parley::testing::ScriptedProvider;

namespace {

const char* kProblem = "Design a job queue for 500 jobs per second. Jobs must never be lost and must start within 1 s.";

DebateConfig voting_config(int agents) {
    static const char* kRoles[] = {"architect", "performance", "security"};
    std::string text = R"({"agents": [)";
    for (int i = 0; i < agents; ++i) {
        text += std::string(i ? "," : "") + R"({"id": "agent-)" + std::to_string(i) + R"(", "name": "Agent )" +
                std::to_string(i) + R"(", "role": ")" + kRoles[i] + R"(", "model": "m", "provider": "offline"})";
    }
    text += R"(], "judge": {"id": "judge", "name": "Judge", "role": "generalist", "model": "m", "provider": "offline"},
              "debate": {"rounds": 1, "synthesisMethod": "voting", "summarization": {"enabled": false}}})";
    auto config = parse_config(text, "test.json", {});
    REQUIRE(config);
    return *config;
}

std::string ballot(std::initializer_list<const char*> ids) {
    nlohmann::json ranking = nlohmann::json::array();
    for (const char* id : ids) {
        ranking.push_back(id);
    }
    return "```json\n" + nlohmann::json{{"ranking", ranking}, {"reason", "scripted"}}.dump() + "\n```";
}

// Ballots scripted per voter; every other answer is the offline provider's.
Script ballots(std::map<std::string, std::string> by_voter) {
    return [by_voter](const llm::ChatRequest& r, int) -> std::optional<std::string> {
        if (r.context.purpose != llm::Purpose::ballot) {
            return std::nullopt;
        }
        return by_voter.at(r.context.agent.id);
    };
}

DebateState run_vote(const std::shared_ptr<llm::Provider>& provider, int agents = 3) {
    DebateState state;
    state.problem = kProblem;
    REQUIRE(run_directly(voting_config(agents), provider, state));
    return state;
}

std::string refinement_of(const DebateState& state, const std::string& agent) {
    for (const auto& c : state.rounds.back().contributions) {
        if (c.agent_id == agent && c.type == ContributionType::refinement) {
            return c.content;
        }
    }
    return {};
}

} // namespace

TEST_CASE("a vote counts Borda points over ballots that leave the voter's own design out", "[debate][voting]") {
    auto provider = std::make_shared<ScriptedProvider>(ballots({{"agent-0", ballot({"agent-2", "agent-1"})},
                                                                {"agent-1", ballot({"agent-2", "agent-0"})},
                                                                {"agent-2", ballot({"agent-0", "agent-1"})}}));
    const auto state = run_vote(provider);
    REQUIRE(state.voting);
    const auto& v = *state.voting;
    CHECK(provider->calls("ballot") == 3);
    CHECK(provider->calls("synthesis") == 0);
    REQUIRE(v.standings.size() == 3);
    CHECK(v.standings[0].id == "agent-2");
    CHECK(v.standings[0].points == 2);
    CHECK(v.standings[1].id == "agent-0");
    CHECK(v.standings[1].points == 1);
    CHECK(v.standings[2].points == 0);
    CHECK(v.winner == "agent-2");
    CHECK(v.tie_break.empty());
    for (const auto& b : v.ballots) {
        CHECK(std::find(b.ranking.begin(), b.ranking.end(), b.voter) == b.ranking.end());
    }
    REQUIRE(state.final_solution);
    CHECK(state.final_solution->description == refinement_of(state, "agent-2"));
    CHECK(state.final_solution->synthesized_by == "voting");
}

TEST_CASE("a ballot that ranks its own design is repaired once, and one that fails twice is left out",
          "[debate][voting]") {
    auto provider =
        std::make_shared<ScriptedProvider>([](const llm::ChatRequest& r, int nth) -> std::optional<std::string> {
            if (r.context.purpose != llm::Purpose::ballot) {
                return std::nullopt;
            }
            const auto& id = r.context.agent.id;
            if (id == "agent-0") {
                return nth == 0 ? ballot({"agent-0", "agent-1"}) : ballot({"agent-1", "agent-2"});
            }
            if (id == "agent-1") {
                return std::string("I prefer the second design, it is simpler.");
            }
            return ballot({"agent-0", "agent-1"});
        });
    const auto state = run_vote(provider);
    REQUIRE(state.voting);
    const auto& v = *state.voting;
    CHECK(provider->calls("ballot") == 5); // 3 ballots, 2 repairs
    REQUIRE(v.ballots.size() == 3);
    CHECK(v.ballots[0].valid);
    CHECK(v.ballots[0].repair_calls == 1);
    CHECK_FALSE(v.ballots[1].valid);
    CHECK(v.ballots[1].ranking.empty());
    CHECK(v.ballots[1].defects.find("no_json") != std::string::npos);
    CHECK(v.ballots[2].valid);
    // agent-0: agent-1 1, agent-2 0; agent-2: agent-0 1, agent-1 0; agent-1's invalid ballot counts nothing.
    CHECK(v.standings[0].points == 1);
    CHECK(v.standings[1].points == 1);
    const auto md = report::render_markdown(state, {});
    CHECK(md.find("## Vote") != std::string::npos);
    CHECK(md.find("2 of 3 ballots counted") != std::string::npos);
}

TEST_CASE("a tie on points goes to the design with fewer review flags, and the report says so", "[debate][voting]") {
    // Every agent gets one point; agent-1 keeps the offline refinement, the others a one-line design.
    auto provider =
        std::make_shared<ScriptedProvider>([](const llm::ChatRequest& r, int) -> std::optional<std::string> {
            const auto& id = r.context.agent.id;
            if (r.context.purpose == llm::Purpose::refinement && id != "agent-1") {
                return std::string("We put the jobs in a queue and workers take them.");
            }
            if (r.context.purpose != llm::Purpose::ballot) {
                return std::nullopt;
            }
            return id == "agent-0"   ? ballot({"agent-1", "agent-2"})
                   : id == "agent-1" ? ballot({"agent-2", "agent-0"})
                                     : ballot({"agent-0", "agent-1"});
        });
    const auto state = run_vote(provider);
    REQUIRE(state.voting);
    const auto& v = *state.voting;
    CHECK(v.standings[0].points == 1);
    CHECK(v.standings[2].points == 1);
    CHECK(v.winner == "agent-1");
    REQUIRE(v.standings[0].flags);
    REQUIRE(v.standings[1].flags);
    CHECK(*v.standings[0].flags < *v.standings[1].flags);
    CHECK(v.tie_break.find("fewer review flags") != std::string::npos);
    CHECK(report::render_markdown(state, {}).find("fewer review flags") != std::string::npos);
    CHECK(report::render_html(state, {}).find("fewer review flags") != std::string::npos);
}

TEST_CASE("a tie on points and flags falls back to agent order and says it is no judgement", "[debate][voting]") {
    const std::vector<VoteCandidate> candidates{{"a", "a", "A", 2}, {"b", "b", "B", 2}, {"c", "c", "C", 5}};
    const auto v = count_votes(candidates, {{"a", {"b", "c"}, "", true, "", 0, 0},
                                            {"b", {"a", "c"}, "", true, "", 0, 0},
                                            {"c", {"a", "b"}, "", false, "no_json", 1, 0}});
    CHECK(v.winner == "a");
    CHECK(v.tie_break.find("agent order") != std::string::npos);
    CHECK(v.tie_break.find("tie on review flags") != std::string::npos);
    const auto none = count_votes(candidates, {{"a", {}, "", false, "empty", 1, 0}});
    CHECK(none.winner == "a");
    CHECK(none.tie_break.find("no valid ballot") != std::string::npos);
}

TEST_CASE("offline ballots rank by the review, are deterministic, and the report says they are offline",
          "[debate][voting][offline]") {
    const auto first = run_vote(std::make_shared<offline::OfflineProvider>(5));
    const auto second = run_vote(std::make_shared<offline::OfflineProvider>(5));
    REQUIRE(first.voting);
    REQUIRE(second.voting);
    CHECK(to_json(*first.voting) == to_json(*second.voting));
    CHECK(first.voting->offline);
    for (const auto& b : first.voting->ballots) {
        CHECK(b.valid);
        CHECK(b.reason.find("offline ballot") != std::string::npos);
    }
    CHECK(report::render_markdown(first, {}).find("offline provider's, ranked by the rule-based review") !=
          std::string::npos);
}

TEST_CASE("the vote round-trips through the debate JSON and a file without it still loads", "[debate][voting][json]") {
    auto state = run_vote(std::make_shared<offline::OfflineProvider>(5));
    const auto json = to_json(state);
    REQUIRE(json["parley"].contains("voting"));
    auto back = from_json(json);
    REQUIRE(back);
    REQUIRE(back->voting);
    CHECK(to_json(*back->voting) == to_json(*state.voting));
    auto old = json;
    old["parley"].erase("voting");
    auto loaded = from_json(old);
    REQUIRE(loaded);
    CHECK_FALSE(loaded->voting);
    old["parley"]["voting"] = "not an object";
    auto odd = from_json(old);
    REQUIRE(odd);
    CHECK_FALSE(odd->voting);
}

TEST_CASE("a voting config is read, an unknown method is refused, and the ballots are planned calls",
          "[debate][voting][config]") {
    CHECK(voting_config(2).debate.synthesis == SynthesisMethod::voting);
    auto bad = parse_config(R"({"debate": {"synthesisMethod": "majority"}})", "t.json", {});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("known: judge, voting") != std::string::npos);
    // 3 proposals, 6 critiques, 3 refinements, then 3 ballots instead of the judge's one call.
    CHECK(Orchestrator::planned_calls(3, 1, false) == 13);
    CHECK(Orchestrator::planned_calls(3, 1, false, false, false, SynthesisMethod::voting) == 15);
}
