#include "debate/plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "debate/debate_state.hpp"
#include "debate/orchestrator.hpp"
#include "util/text_safety.hpp"

namespace parley::debate {

namespace {

// Runs the debate `input` describes over `executor`: the real protocol, with nothing called.
void dry_run(const PlanInput& input, EstimatingExecutor& executor) {
    std::vector<Participant> agents;
    for (const auto& agent : input.agents) {
        agents.push_back({agent, dry_run_provider()});
    }
    Orchestrator orchestrator(std::move(agents), {input.judge, dry_run_provider()}, input.settings, executor);
    DebateState state;
    state.id = "dry-run";
    state.problem = input.problem;
    state.design = input.design;
    // The estimating executor answers every call, so neither step can fail.
    if (input.clarify) {
        (void)orchestrator.ask_clarifications(state, {});
    }
    (void)orchestrator.run(state, {});
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
    dry_run(input, short_answers);
    dry_run(input, long_answers);
    const auto& low = short_answers.phases();
    const auto& high = long_answers.phases();

    Plan plan;
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
    plan.cost_low_usd = short_answers.cost_usd();
    plan.cost_high_usd = long_answers.cost_usd();
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
    if (plan.unpriced_models.empty()) {
        out += "Cost: ~" +
               (plan.cost_low_usd == plan.cost_high_usd
                    ? format_usd(plan.cost_low_usd)
                    : format_usd(plan.cost_low_usd) + " – " + format_usd(plan.cost_high_usd)) +
               "\n";
    } else {
        std::string models;
        for (const auto& model : plan.unpriced_models) {
            models += (models.empty() ? "" : ", ") + model;
        }
        out += "Cost: unknown price for " + models + " (add it under \"pricing\" in the config)";
        if (plan.cost_high_usd > 0) {
            out += "; the priced calls cost ~" + format_usd(plan.cost_low_usd) + " – " + format_usd(plan.cost_high_usd);
        }
        out += "\n";
    }
    return out;
}

} // namespace parley::debate
