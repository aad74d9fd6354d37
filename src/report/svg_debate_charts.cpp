#include "report/svg_debate_charts.hpp"

#include <algorithm>
#include <map>

#include "util/money.hpp"

namespace parley::report {

using debate::ContributionType;

namespace {

// The name the orchestrator gives a phase ("round 2 critiques"), so tokens line up with recorded wall times.
std::string phase_name(int round, ContributionType type) {
    const char* plural = type == ContributionType::proposal   ? "proposals"
                         : type == ContributionType::critique ? "critiques"
                                                              : "refinements";
    return "round " + std::to_string(round) + " " + plural;
}

long tokens_of(const debate::CallMetadata& m) {
    if (m.prompt_tokens > 0 || m.completion_tokens > 0) {
        return m.prompt_tokens + m.completion_tokens;
    }
    return m.tokens_used.value_or(0);
}

struct PhaseTokens {
    std::vector<std::string> order;
    std::map<std::string, long> tokens;

    void add(const std::string& name, long count) {
        if (tokens.emplace(name, 0).second) {
            order.push_back(name);
        }
        tokens[name] += count;
    }
};

PhaseTokens tokens_by_phase(const debate::DebateState& state) {
    PhaseTokens out;
    for (const auto& group : state.clarifications) {
        if (!group.metadata.model.empty()) {
            out.add("clarifications", tokens_of(group.metadata));
        }
    }
    for (const auto& round : state.rounds) {
        if (!round.summaries.empty()) {
            for (const auto& [id, s] : round.summaries) {
                out.add("round " + std::to_string(round.round_number) + " summaries", tokens_of(s.metadata));
            }
        }
        for (const auto& c : round.contributions) {
            out.add(phase_name(round.round_number, c.type), tokens_of(c.metadata));
        }
    }
    if (state.judge_summary) {
        out.add("judge summary", tokens_of(state.judge_summary->metadata));
    }
    // A dialectic file records no synthesis call: its chart leaves the phase out rather than drawing a 0.
    if (state.final_solution && !state.final_solution->metadata.model.empty()) {
        out.add("synthesis", tokens_of(state.final_solution->metadata));
        if (state.final_solution->repair_metadata) {
            out.add("synthesis repair", tokens_of(*state.final_solution->repair_metadata));
        }
    }
    return out;
}

} // namespace

BarChart phase_time_chart(const debate::DebateState& state) {
    BarChart chart{"Wall time per phase", "ms", {}, {{"wall time", {}}}};
    for (const auto& [name, ms] : state.metrics.phase_order) {
        chart.labels.push_back(name);
        chart.series[0].values.emplace_back(ms);
    }
    return chart;
}

BarChart phase_token_chart(const debate::DebateState& state) {
    const auto recorded = tokens_by_phase(state);
    BarChart chart{"Tokens per phase", "tokens", {}, {{"tokens", {}}}};
    // Recorded phases give the order (and name the phases without answers); a file without them uses the rounds.
    std::vector<std::string> names;
    for (const auto& [name, ms] : state.metrics.phase_order) {
        names.push_back(name);
    }
    if (names.empty()) {
        names = recorded.order;
    }
    for (const auto& name : names) {
        chart.labels.push_back(name);
        const auto it = recorded.tokens.find(name);
        chart.series[0].values.push_back(it == recorded.tokens.end() ? std::nullopt
                                                                     : std::optional<double>(it->second));
    }
    return chart;
}

namespace {

// "price unknown for 2 calls", after the known part when there is one.
std::string unknown_cost_note(const debate::Cost& cost) {
    const std::string unknown =
        "price unknown for " + std::to_string(cost.unknown_calls) + (cost.unknown_calls == 1 ? " call" : " calls");
    return cost.usd > 0 ? util::format_usd(cost.usd) + " + " + unknown : unknown;
}

} // namespace

BarChart agent_cost_chart(const debate::DebateState& state, const Participants& people) {
    BarChart chart{"Cost per participant", "USD", {}, {{"cost", {}}}};
    const auto& by_agent = state.metrics.cost_by_agent;
    std::vector<std::string> ids;
    for (const auto& p : people.agents()) {
        ids.push_back(p.info.id);
    }
    if (people.judge()) {
        ids.push_back(people.judge()->info.id);
    }
    for (const auto& [id, cost] : by_agent) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(id);
        }
    }
    bool worth_notes = false;
    for (const auto& id : ids) {
        const auto it = by_agent.find(id);
        chart.labels.push_back(people.label(id));
        if (it == by_agent.end()) {
            chart.series[0].values.push_back(std::nullopt);
            chart.series[0].notes.emplace_back();
            continue;
        }
        // A call of a model without a price is not free: the bar shows what is known, the note what is not.
        const auto& cost = it->second;
        chart.series[0].values.push_back(cost.usd);
        chart.series[0].notes.push_back(cost.known() ? util::format_usd(cost.usd) : unknown_cost_note(cost));
        worth_notes = worth_notes || !cost.known() || cost.usd > 0;
    }
    if (!worth_notes) {
        chart.series[0].notes.clear(); // every cost known and $0: the chart says so in one line
    }
    return chart;
}

BarChart provider_latency_chart(const debate::DebateState& state) {
    BarChart chart{"Latency per provider", "ms", {}, {{"p50", {}}, {"p95", {}}}};
    for (const auto& [label, timings] : state.metrics.providers) {
        chart.labels.push_back(label);
        const bool timed = timings.latency.samples > 0;
        chart.series[0].values.push_back(timed ? std::optional<double>(timings.latency.p50_ms) : std::nullopt);
        chart.series[1].values.push_back(timed ? std::optional<double>(timings.latency.p95_ms) : std::nullopt);
    }
    return chart;
}

} // namespace parley::report
