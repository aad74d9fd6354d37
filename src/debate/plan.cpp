#include "debate/plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "debate/debate_state.hpp"
#include "debate/orchestrator.hpp"
#include "util/money.hpp"
#include "util/text_safety.hpp"

namespace parley::debate {

namespace {

// Runs the debate `input` describes over `executor`: the real protocol, with nothing called. The estimating
// executor answers every call, so only a prompt that cannot fit its budget stops it.
Result<void> dry_run(const PlanInput& input, EstimatingExecutor& executor) {
    std::vector<Participant> agents;
    for (const auto& agent : input.agents) {
        agents.push_back({agent, dry_run_provider()});
    }
    Orchestrator orchestrator(std::move(agents), {input.judge, dry_run_provider()}, input.settings, executor);
    DebateState state;
    state.id = "dry-run";
    state.problem = input.problem;
    state.design = input.design;
    if (input.clarify) {
        if (auto asked = orchestrator.ask_clarifications(state, {}); !asked) {
            return tl::make_unexpected(asked.error());
        }
    }
    return orchestrator.run(state, {});
}

bool is_summary_phase(const std::string& name) {
    return name == "judge summary" || name.ends_with(" summaries");
}

// How many summary calls a summary phase may make: one per participant whose summarization is enabled.
long possible_summaries(const PlanInput& input, const std::string& name) {
    const auto enabled = [&](const AgentConfig& who) {
        return (who.summarization ? *who.summarization : input.settings.summarization).enabled;
    };
    if (name == "judge summary") {
        return enabled(input.judge) ? 1 : 0;
    }
    return static_cast<long>(std::count_if(input.agents.begin(), input.agents.end(), enabled));
}

std::string token_range(const TokenRange& range) {
    return range.low == range.high ? std::to_string(range.low)
                                   : std::to_string(range.low) + " – " + std::to_string(range.high);
}

std::string calls_text(long n) {
    return std::to_string(n) + (n == 1 ? " call" : " calls");
}

} // namespace

Plan plan_debate(const PlanInput& input, const llm::PriceTable& prices) {
    EstimatingExecutor short_answers(prices, false);
    EstimatingExecutor long_answers(prices, true);
    const auto short_run = dry_run(input, short_answers);
    const auto long_run = dry_run(input, long_answers);
    const auto& low = short_answers.phases();
    const auto& high = long_answers.phases();

    Plan plan;
    if (!short_run || !long_run) {
        plan.stops = (short_run ? long_run : short_run).error().message;
    }
    plan.agents = input.agents.size();
    plan.rounds = input.settings.rounds;
    if (input.design) {
        plan.design = input.design->path.empty() ? std::string("(given)") : input.design->path;
    }
    plan.calls = short_answers.planned_calls();
    for (std::size_t i = 0; i < low.size(); ++i) {
        PlannedPhase phase{low[i].name,
                           0,
                           0,
                           {low[i].prompt_tokens, high[i].prompt_tokens},
                           {low[i].completion_tokens, high[i].completion_tokens}};
        if (is_summary_phase(phase.name)) {
            phase.optional_calls = possible_summaries(input, phase.name);
            if (phase.optional_calls == 0) {
                continue;
            }
        } else if (low[i].calls == 0) {
            continue; // a lone agent has no one to critique, and the run skips an empty phase too
        } else {
            phase.calls = low[i].calls - low[i].summary_calls;
        }
        plan.optional_calls += phase.optional_calls;
        plan.prompt_tokens.low += phase.prompt_tokens.low;
        plan.prompt_tokens.high += phase.prompt_tokens.high;
        plan.completion_tokens.low += phase.completion_tokens.low;
        plan.completion_tokens.high += phase.completion_tokens.high;
        plan.phases.push_back(std::move(phase));
    }
    plan.cost_low = short_answers.cost();
    plan.cost_high = long_answers.cost();
    // Both runs call every participant, so either one knows every model without a price.
    const auto& unpriced = long_answers.unpriced_models();
    plan.unpriced_models.assign(unpriced.begin(), unpriced.end());
    return plan;
}

std::string format_plan(const Plan& plan) {
    std::size_t width = 0;
    for (const auto& phase : plan.phases) {
        width = std::max(width, phase.name.size());
    }
    std::string out = "Plan: " + std::to_string(plan.agents) + (plan.agents == 1 ? " agent, " : " agents, ") +
                      std::to_string(plan.rounds) + (plan.rounds == 1 ? " round" : " rounds") +
                      "; nothing is called in a dry run.\n";
    if (!plan.design.empty()) {
        out += "Design under review: " + util::escape_controls(plan.design) +
               " (round 1 critiques it instead of proposing; the judge decides accept, accept with changes or "
               "reject)\n";
    }
    for (const auto& phase : plan.phases) {
        const std::string calls = phase.calls > 0 ? calls_text(phase.calls)
                                                  : "up to " + calls_text(phase.optional_calls) +
                                                        ", only for histories past their summary threshold";
        out += fmt::format("  {:<{}}  {}; ~{} prompt + {} completion tokens\n", phase.name, width, calls,
                           token_range(phase.prompt_tokens), token_range(phase.completion_tokens));
    }
    out += "Calls: " + std::to_string(plan.calls);
    if (plan.optional_calls > 0) {
        out += ", plus up to " + std::to_string(plan.optional_calls) + " summary calls";
    }
    out += "\nTokens: ~" +
           token_range({plan.prompt_tokens.low + plan.completion_tokens.low,
                        plan.prompt_tokens.high + plan.completion_tokens.high}) +
           " (prompt " + token_range(plan.prompt_tokens) + ", completion " + token_range(plan.completion_tokens) +
           "); the low end assumes answers of " + std::to_string(kPlanLowCompletionTokens) +
           " tokens, the high end answers as long as maxTokens allows (" + std::to_string(kPlanDefaultMaxTokens) +
           " when unset)\n";
    if (!plan.stops.empty()) {
        out += "Stops: " + plan.stops + "\n";
    }
    out += "Cost: " + format_cost_range(plan.cost_low, plan.cost_high);
    if (!plan.unpriced_models.empty()) {
        std::string models;
        for (const auto& model : plan.unpriced_models) {
            models += (models.empty() ? "" : ", ") + model;
        }
        out += "; unknown price for " + models + " (add it under \"pricing\" in the config)";
    }
    return out + "\n";
}

std::string format_cost_range(const util::Money& low, const util::Money& high) {
    const auto unknown_calls = std::max(low.unknown_calls, high.unknown_calls);
    if (unknown_calls > 0 && high.usd <= 0) {
        return util::format_money({0, unknown_calls});
    }
    std::string out = "~" + util::format_usd(low.usd);
    if (high.usd != low.usd) {
        out += " – " + util::format_usd(high.usd);
    }
    if (unknown_calls > 0) {
        out += " + unknown for " + std::to_string(unknown_calls) + (unknown_calls == 1 ? " call" : " calls");
    }
    return out;
}

} // namespace parley::debate
