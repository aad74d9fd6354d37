#include <catch2/catch.hpp>

#include "debate/config.hpp"
#include "debate/participants.hpp"

using namespace parley;
using namespace parley::debate;

namespace {

// A debate as dialectic saves it: contributions with ids and roles, no participant list.
DebateState dialectic_debate() {
    DebateState state;
    Round round;
    round.round_number = 1;
    Contribution a;
    a.agent_id = "agent-architect";
    a.agent_role = "architect";
    a.metadata.model = "gpt-4o";
    Contribution d = a;
    d.agent_id = "agent-data";
    d.agent_role = "datamodeling";
    Contribution again = a;
    again.type = ContributionType::critique;
    round.contributions = {a, d, again};
    state.rounds.push_back(round);
    state.final_solution = Solution{};
    state.final_solution->synthesized_by = "judge-main";
    return state;
}

} // namespace

TEST_CASE("a debate without participants gets them from its contributions", "[debate][participants]") {
    auto state = dialectic_debate();
    fill_participants(state, nullptr);
    REQUIRE(state.agents.size() == 2);
    CHECK(state.agents[0].id == "agent-architect");
    CHECK(state.agents[0].name == "System Architect");
    CHECK(state.agents[0].role == "architect");
    CHECK(state.agents[0].model == "gpt-4o");
    CHECK_FALSE(state.agents[0].configured);
    CHECK(state.agents[1].name == "Data Modeling Specialist");
    REQUIRE(state.judge);
    CHECK(state.judge->id == "judge-main");
    CHECK(state.judge->name == "Technical Judge");
}

TEST_CASE("names from clarifications win over role defaults", "[debate][participants]") {
    auto state = dialectic_debate();
    state.clarifications.push_back({"agent-architect", "Ada the Architect", "architect", {}});
    fill_participants(state, nullptr);
    CHECK(state.agents[0].name == "Ada the Architect");
}

TEST_CASE("a config fills names, models and temperatures by id", "[debate][participants]") {
    auto config = parse_config(R"({"agents": [{"id": "agent-architect", "name": "Ada", "role": "architect",
                                   "model": "m1", "provider": "offline", "temperature": 0.7}],
                                   "judge": {"id": "judge-main", "name": "Judy", "role": "generalist", "model": "m2",
                                   "provider": "offline"}})",
                               "cfg.json", {});
    REQUIRE(config);
    auto state = dialectic_debate();
    fill_participants(state, &*config);
    CHECK(state.agents[0].name == "Ada");
    CHECK(state.agents[0].temperature == Approx(0.7));
    CHECK(state.agents[0].configured);
    CHECK(state.agents[1].name == "Data Modeling Specialist");
    REQUIRE(state.judge);
    CHECK(state.judge->name == "Judy");
}

TEST_CASE("a debate that lists its participants is left as it is", "[debate][participants]") {
    auto state = dialectic_debate();
    state.agents.push_back({"x", "X", "kiss", "m", "offline", 0.5});
    fill_participants(state, nullptr);
    CHECK(state.agents.size() == 1);
}
