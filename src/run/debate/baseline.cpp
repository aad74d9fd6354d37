#include "run/debate/baseline.hpp"

#include <spdlog/spdlog.h>

#include "debate/baseline.hpp"
#include "eval/blinding.hpp"
#include "review/flags.hpp"
#include "run/eval/job.hpp"
#include "sim/brief.hpp"

namespace parley::run {

namespace {

using nlohmann::json;

std::string final_text(const debate::DebateState& state) {
    const auto& s = state.final_solution;
    return s ? review::solution_text(s->description, s->implementation) : std::string();
}

json simulation_side(const std::string& design, const std::string& problem) {
    const auto brief = sim::brief_simulation(design, problem);
    json out = sim::to_json(brief);
    out["headline"] = sim::brief_headline(brief);
    return out;
}

// The comparison as `parley.baseline.comparison` keeps it: the winner named by side (A is the debate), the flip
// rate over both orders, and the panel's whole tally.
json comparison_json(const eval::ComparisonResult& result) {
    int pairs = 0;
    int flips = 0;
    for (const auto& e : result.evaluators) {
        pairs += e.pairs;
        flips += e.flips;
    }
    const double rate = pairs == 0 ? 0.0 : static_cast<double>(flips) / pairs;
    json out{{"orders", {"debate first", "baseline first"}},
             {"pairs", pairs},
             {"flips", flips},
             {"flipRate", pairs == 0 ? json(nullptr) : json(rate)},
             {"flipRateText", pairs == 0 ? std::string("n/a") : std::to_string(flips) + "/" + std::to_string(pairs)},
             {"note", result.winner_note},
             {"panel", eval::to_json(result)}};
    if (result.winner) {
        out["winner"] = *result.winner == eval::Winner::a   ? "debate"
                        : *result.winner == eval::Winner::b ? "baseline"
                                                            : "tie";
    }
    return out;
}

} // namespace

json review_side(const std::string& design, const std::string& problem) {
    const auto r = review::review_design(design, problem);
    return {{"flags", review::review_flags(r).size()},
            {"partials", r.summary.partial},
            {"absent", r.summary.absent},
            {"contradicted", r.summary.contradicted},
            {"capacityWrong", r.summary.checks_wrong},
            {"capacityUnknown", r.summary.checks_unknown},
            {"requirementsUnaddressed", r.summary.requirements_unaddressed}};
}

Result<void> run_debate_baseline(debate::DebateState& state, const Setup& setup, debate::Orchestrator& orchestrator,
                                 const debate::MetricsCollector& metrics, std::stop_token stop) {
    debate::Baseline baseline;
    baseline.debate_cost = util::stated_usd(state.metrics.cost);
    const auto synthesis = debate::synthesis_for(setup.config.debate);
    if (auto ran = debate::run_baseline(orchestrator.phase_runner(), state, *synthesis, baseline, stop); !ran) {
        return ran;
    }
    debate::RunMetrics both;
    metrics.apply_to(both);
    baseline.baseline_cost = util::stated_usd(
        {both.cost.usd - state.metrics.cost.usd, both.cost.unknown_calls - state.metrics.cost.unknown_calls});
    if (!baseline.stopped.empty()) {
        spdlog::warn("{}: {}", state.id, baseline.stopped);
    }
    if (debate::is_reviewed(state) && !baseline.final_text.empty()) {
        baseline.review = {{"debate", review_side(final_text(state), state.problem)},
                           {"baseline", review_side(baseline.final_text, state.problem)}};
        baseline.simulation = {{"debate", simulation_side(final_text(state), state.problem)},
                               {"baseline", simulation_side(baseline.final_text, state.problem)}};
    }
    debate::decide_verdict(baseline);
    state.baseline = std::move(baseline);
    return {};
}

void compare_with_baselines(RunSession& session, const eval::EvalConfig& panel,
                            const std::vector<debate::DebateState*>& states, const llm::PriceTable* prices) {
    std::vector<std::unique_ptr<EvalTask>> tasks;
    std::vector<std::unique_ptr<EvalOutcome>> outcomes;
    std::vector<debate::DebateState*> compared;
    std::vector<Job> jobs;
    for (auto* state : states) {
        if (!state->final_solution || !state->baseline || state->baseline->final_text.empty()) {
            continue;
        }
        auto task = std::make_unique<EvalTask>();
        task->config = panel;
        task->document = debate_document(*state, state->id + ".json (debate)");
        eval::Document second = task->document;
        second.label = state->id + ".json (baseline)";
        second.text = eval::blind(state->baseline->final_text, second.authors);
        task->second = std::move(second);
        task->prices = prices;
        task->id = eval_task_id(*task);
        outcomes.push_back(std::make_unique<EvalOutcome>());
        jobs.push_back(make_eval_job(*task, *outcomes.back(), session));
        tasks.push_back(std::move(task));
        compared.push_back(state);
    }
    if (jobs.empty()) {
        return;
    }
    const auto ended = session.run_batch(std::move(jobs));
    for (std::size_t i = 0; i < compared.size(); ++i) {
        if (!ended[i].result) {
            spdlog::warn("{}: the comparison with the baseline failed: {}", compared[i]->id,
                         ended[i].result.error().message);
            continue;
        }
        auto& baseline = *compared[i]->baseline;
        baseline.comparison = comparison_json(comparison_result(*tasks[i], *outcomes[i]));
        debate::decide_verdict(baseline);
    }
}

} // namespace parley::run
