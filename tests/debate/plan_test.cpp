#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "debate/plan.hpp"
#include "llm/context_window.hpp"
#include "llm/pricing.hpp"

using parley::debate::DebateConfig;
using parley::debate::format_plan;
using parley::debate::Orchestrator;
using parley::debate::Plan;
using parley::debate::plan_debate;
using parley::debate::PlanInput;
using parley::llm::ModelPrice;
using parley::llm::PriceTable;

namespace {

const DebateConfig& default_config() {
    static const DebateConfig config = [] {
        auto loaded = parley::debate::load_config("");
        REQUIRE(loaded);
        return *loaded;
    }();
    return config;
}

// The first `agents` configured agents (enabled or not) and the judge, all on `model` from `provider_kind`.
PlanInput input(std::size_t agents, int rounds, bool clarify, const std::string& model = "parley-offline-1",
                const std::string& provider_kind = "offline") {
    const auto& config = default_config();
    REQUIRE(config.agents.size() >= agents);
    PlanInput in;
    in.agents.assign(config.agents.begin(), config.agents.begin() + static_cast<long>(agents));
    in.judge = config.judge;
    in.settings = config.debate;
    in.settings.rounds = rounds;
    in.clarify = clarify;
    in.problem = "Design a task queue that sustains 100,000 jobs per minute and loses no job.";
    const auto retarget = [&](parley::debate::AgentConfig& who) {
        who.model = model;
        who.provider.kind = provider_kind;
    };
    retarget(in.judge);
    for (auto& a : in.agents) {
        retarget(a);
    }
    return in;
}

long phase_calls(const Plan& plan) {
    long sum = 0;
    for (const auto& phase : plan.phases) {
        sum += phase.calls;
    }
    return sum;
}

} // namespace

TEST_CASE("planned calls per phase add up to planned_calls for 1-5 agents and 1-3 rounds", "[plan]") {
    for (std::size_t n = 1; n <= 5; ++n) {
        for (int rounds = 1; rounds <= 3; ++rounds) {
            for (bool clarify : {false, true}) {
                INFO(n << " agents, " << rounds << " rounds, clarify " << clarify);
                const auto plan = plan_debate(input(n, rounds, clarify), PriceTable());
                CHECK(plan.calls == Orchestrator::planned_calls(n, rounds, clarify));
                CHECK(phase_calls(plan) == plan.calls);
                const long n_long = static_cast<long>(n);
                // A summary per agent in every round after the first, and one for the judge.
                CHECK(plan.optional_calls == n_long * (rounds - 1) + 1);
                REQUIRE_FALSE(plan.phases.empty());
                CHECK(plan.phases.front().name == (clarify ? "clarifications" : "round 1 proposals"));
                CHECK(plan.phases.back().name == "synthesis");
                CHECK(plan.phases.back().calls == 1);
            }
        }
    }
}

TEST_CASE("a plan names its phases as the run does, with critiques as n times n-1 calls", "[plan]") {
    const auto plan = plan_debate(input(3, 2, false), PriceTable());
    std::vector<std::string> names;
    for (const auto& phase : plan.phases) {
        names.push_back(phase.name);
    }
    const std::vector<std::string> expected = {"round 1 proposals", "round 1 critiques", "round 1 refinements",
                                               "round 2 summaries", "round 2 critiques", "round 2 refinements",
                                               "judge summary",     "synthesis"};
    CHECK(names == expected);
    CHECK(plan.phases[1].calls == 6);
    CHECK(plan.phases[3].calls == 0);
    CHECK(plan.phases[3].optional_calls == 3);
}

TEST_CASE("the token range grows with rounds and its high end with maxTokens", "[plan]") {
    const auto one = plan_debate(input(3, 1, false), PriceTable());
    const auto two = plan_debate(input(3, 2, false), PriceTable());
    const auto three = plan_debate(input(3, 3, false), PriceTable());
    for (const auto* plan : {&one, &two, &three}) {
        CHECK(plan->prompt_tokens.low > 0);
        CHECK(plan->prompt_tokens.low < plan->prompt_tokens.high);
        CHECK(plan->completion_tokens.low < plan->completion_tokens.high);
    }
    CHECK(one.prompt_tokens.low < two.prompt_tokens.low);
    CHECK(two.prompt_tokens.low < three.prompt_tokens.low);
    CHECK(one.prompt_tokens.high < two.prompt_tokens.high);
    CHECK(two.prompt_tokens.high < three.prompt_tokens.high);
    CHECK(one.completion_tokens.high < two.completion_tokens.high);

    auto capped = input(3, 1, false);
    for (auto& a : capped.agents) {
        a.max_tokens = 100;
    }
    capped.judge.max_tokens = 100;
    const auto small = plan_debate(capped, PriceTable());
    // Every call of a 3-agent round: 3 proposals, 6 critiques, 3 refinements and the synthesis, at most 100 each.
    CHECK(small.completion_tokens.high == 13 * 100);
    CHECK(small.completion_tokens.low == 13 * 100);
}

TEST_CASE("the cost range prices every call with the price table", "[plan]") {
    const PriceTable prices({{"paid-model", ModelPrice{1.0, 2.0}}});
    const auto plan = plan_debate(input(2, 2, true, "paid-model", "openai"), prices);
    CHECK(plan.unpriced_models.empty());
    CHECK(plan.cost_low.usd ==
          Approx((static_cast<double>(plan.prompt_tokens.low) + 2.0 * static_cast<double>(plan.completion_tokens.low)) /
                 1e6));
    CHECK(plan.cost_high.usd == Approx((static_cast<double>(plan.prompt_tokens.high) +
                                        2.0 * static_cast<double>(plan.completion_tokens.high)) /
                                       1e6));
    CHECK(plan.cost_low.usd < plan.cost_high.usd);
    const auto text = format_plan(plan);
    CHECK_THAT(text, Catch::Contains("Calls: " + std::to_string(plan.calls) + ", plus up to 3 summary calls"));
    CHECK_THAT(text, Catch::Contains("Cost: ~$0."));
    CHECK_THAT(text, Catch::Contains("  clarifications       2 calls; ~"));
    CHECK_THAT(text, !Catch::Contains("unknown"));
}

TEST_CASE("a dry run's cost range says its unknown part: priced, mixed, nothing priced", "[plan][money]") {
    using parley::debate::format_cost_range;
    using parley::util::Money;
    CHECK(format_cost_range(Money{0.01, 0}, Money{0.03, 0}) == "~$0.01 – $0.03");
    CHECK(format_cost_range(Money{0.01, 4}, Money{0.03, 4}) == "~$0.01 – $0.03 + unknown for 4 calls");
    CHECK(format_cost_range(Money{0, 13}, Money{0, 13}) == "unknown (13 calls unpriced)");
}

TEST_CASE("a model without a price is said plainly, and offline calls are free", "[plan]") {
    const auto unknown = plan_debate(input(2, 1, false, "mystery-model", "openai"), PriceTable());
    CHECK(unknown.unpriced_models == std::vector<std::string>{"mystery-model"});
    CHECK_FALSE(unknown.cost_high.known());
    const auto text = format_plan(unknown);
    CHECK_THAT(text, Catch::Contains("Cost: unknown (" + std::to_string(unknown.cost_high.unknown_calls) +
                                     " calls unpriced); unknown price for mystery-model"));
    CHECK_THAT(text, !Catch::Contains("$0"));

    const auto offline = plan_debate(input(2, 1, false, "gpt-4o", "offline"), PriceTable());
    CHECK(offline.unpriced_models.empty());
    CHECK(offline.cost_high.usd == 0);
    CHECK_THAT(format_plan(offline), Catch::Contains("Cost: ~$0.00\n"));
}

TEST_CASE("a dry run fits its prompts to the budget as the run does, and says where a run would stop",
          "[plan][prompt_fit]") {
    // Answers of 4,096 tokens (no maxTokens) over five rounds would pass the default 8,192-token budget unfitted.
    auto in = input(3, 5, false, "some-local-model", "openai");
    in.settings.summarization.enabled = false;
    const auto plan = plan_debate(in, PriceTable());
    CHECK(plan.stops.empty());
    const long prompt_room = parley::llm::kDefaultContextTokens - 2'048;
    for (const auto& phase : plan.phases) {
        CAPTURE(phase.name);
        CHECK(phase.prompt_tokens.high <= (phase.calls + phase.optional_calls) * prompt_room);
    }

    for (auto& a : in.agents) {
        a.context_budget_tokens = 1'024;
    }
    const auto stopped = plan_debate(in, PriceTable());
    CHECK_THAT(stopped.stops, Catch::StartsWith("agent-architect (architect), round 1 proposals: not sent:"));
    CHECK_THAT(format_plan(stopped), Catch::Contains("\nStops: agent-architect (architect), round 1 proposals"));
}
