#include "debate/plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "debate/debate_state.hpp"
#include "debate/orchestrator.hpp"
#include "debate/prompt_template.hpp"

namespace parley::debate {

namespace {

std::size_t chars_for(long tokens) {
    return static_cast<std::size_t>(std::max(0L, tokens)) * 4;
}

// Stands in for text of a known length: only the sizes of the prompts matter to the plan.
std::string filler(std::size_t chars) {
    return std::string(chars, 'x');
}

/// What one phase adds up to in one scenario (short answers or answers of maxTokens).
struct PhaseTally {
    std::string name;
    long calls = 0;
    long prompt_tokens = 0;
    long completion_tokens = 0;
};

/// Replays the orchestrator's rounds with text of estimated lengths, tallying every call's tokens and cost.
class Simulation {
public:
    Simulation(const PlanInput& input, const llm::PriceTable& prices, bool long_answers)
        : in_(input), prices_(prices), long_answers_(long_answers) {}

    std::vector<PhaseTally> run() {
        if (in_.clarify) {
            auto& phase = begin("clarifications");
            for (const auto& agent : in_.agents) {
                auto values = base(agent, 0);
                values["max_questions"] = std::to_string(in_.settings.max_clarifications);
                call(phase, agent, PromptKind::clarify, values);
            }
        }
        for (int r = 1; r <= in_.settings.rounds; ++r) {
            const std::string prefix = "round " + std::to_string(r) + " ";
            if (r == 1) {
                auto& phase = begin(prefix + "proposals");
                for (const auto& agent : in_.agents) {
                    auto values = base(agent, r);
                    values["history_summary"] = "";
                    current_[agent.id] = call(phase, agent, PromptKind::proposal, values);
                    history_[agent.id] += current_[agent.id] + "## Round 1: your proposal\n\n\n\n";
                }
            } else {
                summaries(prefix + "summaries", r);
            }
            critiques(prefix + "critiques", r);
            refinements(prefix + "refinements", r);
        }
        synthesis();
        return std::move(tally_);
    }

    double cost_usd() const { return cost_usd_; }
    const std::set<std::string>& unpriced_models() const { return unpriced_; }

private:
    PhaseTally& begin(const std::string& name) { return tally_.emplace_back(PhaseTally{name, 0, 0, 0}); }

    const SummarizationConfig& summarization(const AgentConfig& who) const {
        return who.summarization ? *who.summarization : in_.settings.summarization;
    }

    std::map<std::string, std::string> base(const AgentConfig& who, int round) const {
        return {{"problem", in_.problem},         {"clarifications", ""},
                {"agent_name", who.name},         {"role", who.role},
                {"round", std::to_string(round)}, {"total_rounds", std::to_string(in_.settings.rounds)}};
    }

    long completion_tokens(const AgentConfig& who) const {
        const long ceiling = who.max_tokens ? *who.max_tokens : kPlanDefaultMaxTokens;
        return long_answers_ ? ceiling : std::min(kPlanLowCompletionTokens, ceiling);
    }

    std::string prompt_text(const AgentConfig& who, PromptKind kind) const {
        const auto it = who.prompts.find(kind);
        return it == who.prompts.end() ? std::string() : it->second.text;
    }

    // Tallies one call and returns a stand-in for its answer; a summary's answer is cut to its maximum length.
    std::string call(PhaseTally& phase, const AgentConfig& who, PromptKind kind,
                     const std::map<std::string, std::string>& values,
                     std::size_t max_answer_chars = std::string::npos) {
        const auto prompt = llm::estimated_tokens(render_template(prompt_text(who, PromptKind::system), values).size() +
                                                  render_template(prompt_text(who, kind), values).size());
        const auto answer_chars = std::min(chars_for(completion_tokens(who)), max_answer_chars);
        const auto completion = std::min(completion_tokens(who), llm::estimated_tokens(answer_chars));
        ++phase.calls;
        phase.prompt_tokens += prompt;
        phase.completion_tokens += completion;
        if (who.provider.kind != "offline") {
            if (const auto cost = prices_.cost_usd(who.model, {prompt, completion, prompt + completion, true})) {
                cost_usd_ += *cost;
            } else {
                unpriced_.insert(who.model);
            }
        }
        return filler(answer_chars);
    }

    void summaries(const std::string& name, int round) {
        auto& phase = begin(name);
        for (const auto& agent : in_.agents) {
            const auto& s = summarization(agent);
            auto& history = history_[agent.id];
            if (!s.enabled || static_cast<long>(history.size()) <= s.threshold) {
                continue;
            }
            auto values = base(agent, round);
            values["history"] = history;
            values["max_length"] = std::to_string(s.max_length);
            history = call(phase, agent, PromptKind::summary, values, static_cast<std::size_t>(s.max_length));
            summarized_[agent.id] = true;
            summary_texts_ +=
                "### Summary by " + agent.id + " (round " + std::to_string(round) + ")\n\n" + history + "\n\n";
        }
    }

    void critiques(const std::string& name, int round) {
        auto& phase = begin(name);
        received_.clear();
        for (const auto& critic : in_.agents) {
            for (const auto& target : in_.agents) {
                if (&critic == &target) {
                    continue;
                }
                auto values = base(critic, round);
                values["target_agent"] = target.name;
                values["target_role"] = target.role;
                values["target_proposal"] = current_[target.id];
                values["own_proposal"] = current_[critic.id];
                const auto text = call(phase, critic, PromptKind::critique, values);
                received_[target.id] +=
                    "### Critique from " + critic.name + " (" + critic.role + ")\n\n" + text + "\n\n";
                history_[target.id] +=
                    "## Round " + std::to_string(round) + ": critique from " + critic.name + "\n\n" + text + "\n\n";
            }
        }
    }

    void refinements(const std::string& name, int round) {
        auto& phase = begin(name);
        for (const auto& agent : in_.agents) {
            auto values = base(agent, round);
            values["previous_proposal"] = current_[agent.id];
            values["critiques_received"] = received_[agent.id].empty() ? "(none)" : received_[agent.id];
            values["history_summary"] =
                in_.settings.include_full_history || summarized_[agent.id] ? history_[agent.id] : std::string();
            current_[agent.id] = call(phase, agent, PromptKind::refinement, values);
            history_[agent.id] +=
                "## Round " + std::to_string(round) + ": your refinement\n\n" + current_[agent.id] + "\n\n";
        }
    }

    void synthesis() {
        std::string proposals;
        for (const auto& agent : in_.agents) {
            proposals += "### " + agent.name + " (" + agent.role + ")\n\n" + current_[agent.id] + "\n\n";
        }
        const auto& judge = in_.judge;
        const auto& s = summarization(judge);
        auto& judge_phase = begin("judge summary");
        if (s.enabled && static_cast<long>(proposals.size()) > s.threshold) {
            auto values = base(judge, in_.settings.rounds);
            values["history"] = proposals;
            values["max_length"] = std::to_string(s.max_length);
            proposals = call(judge_phase, judge, PromptKind::summary, values, static_cast<std::size_t>(s.max_length));
        }
        auto values = base(judge, in_.settings.rounds);
        values["final_proposals"] = proposals;
        values["summaries"] = summary_texts_.empty() ? "(none)" : summary_texts_;
        call(begin("synthesis"), judge, PromptKind::synthesis, values);
    }

    const PlanInput& in_;
    const llm::PriceTable& prices_;
    const bool long_answers_;
    std::vector<PhaseTally> tally_;
    std::map<std::string, std::string> current_;
    std::map<std::string, std::string> history_;
    std::map<std::string, bool> summarized_;
    std::map<std::string, std::string> received_;
    std::string summary_texts_;
    double cost_usd_ = 0;
    std::set<std::string> unpriced_;
};

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
    Simulation short_answers(input, prices, false);
    Simulation long_answers(input, prices, true);
    const auto low = short_answers.run();
    const auto high = long_answers.run();

    Plan plan;
    plan.agents = input.agents.size();
    plan.rounds = input.settings.rounds;
    plan.calls = Orchestrator::planned_calls(input.agents.size(), input.settings.rounds, input.clarify);
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
            phase.calls = low[i].calls;
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
