#include "debate/baseline.hpp"

#include <algorithm>
#include <cmath>

#include "llm/pricing.hpp"

namespace parley::debate {

namespace {

// The orchestrator's runner with the baseline's solutions as the designs a synthesis works from.
class BaselineRunner final : public PhaseRunner {
public:
    BaselineRunner(PhaseRunner& inner, const std::vector<BaselineSolution>& solutions)
        : inner_(inner), solutions_(solutions) {}

    const std::vector<Participant>& agents() const override { return inner_.agents(); }
    const Participant& judge() const override { return inner_.judge(); }
    const std::string& latest_proposal(const std::string& agent_id) const override {
        return inner_.latest_proposal(agent_id);
    }
    int rounds_run() const override { return inner_.rounds_run(); }
    std::vector<FinalDesign> final_designs() const override {
        std::vector<FinalDesign> out;
        for (const auto& s : solutions_) {
            const auto& agents = inner_.agents();
            const auto who = std::find_if(agents.begin(), agents.end(),
                                          [&](const Participant& p) { return p.config.id == s.agent_id; });
            out.push_back({s.id, &*who,
                           who->config.name + " (" + who->config.role + "), solution " + std::to_string(s.sample),
                           s.text});
        }
        return out;
    }
    PhaseCall call(const DebateState& state, const Participant& who, int round, llm::Purpose purpose, PromptKind kind,
                   const std::map<std::string, std::string>& values) override {
        return inner_.call(state, who, round, purpose, kind, values);
    }
    Result<std::vector<llm::ChatResponse>> run_phase(DebateState& state, const std::string& name,
                                                     std::vector<PhaseCall> calls, std::stop_token stop) override {
        return inner_.run_phase(state, "baseline " + name, std::move(calls), stop);
    }
    CallMetadata metadata(const Participant& who, const llm::ChatResponse& response) const override {
        return inner_.metadata(who, response);
    }
    void tell(const std::string& message) const override { inner_.tell("baseline: " + message); }
    void warn(const std::string& message) const override { inner_.warn("baseline: " + message); }
    bool answers_are_real() const override { return inner_.answers_are_real(); }

private:
    PhaseRunner& inner_;
    const std::vector<BaselineSolution>& solutions_;
};

// How many agents read each design in the synthesis: the judge alone, or every agent but its author.
long readers_per_design(const DebateState& debate, std::size_t agents) {
    return debate.voting ? static_cast<long>(std::max<std::size_t>(agents, 2) - 1) : 1;
}

// The synthesis's tokens beyond reading the designs, as the debate's own synthesis spent them.
long synthesis_overhead(const DebateState& debate, PhaseRunner& runner, long readers) {
    long spent = 0;
    if (debate.voting) {
        for (const auto& b : debate.voting->ballots) {
            spent += b.tokens;
        }
    } else if (debate.final_solution) {
        spent += debate.final_solution->metadata.tokens_used.value_or(0);
    }
    long designs = 0;
    for (const auto& d : runner.final_designs()) {
        designs += llm::estimated_tokens(d.text.size());
    }
    return std::max(0L, spent - readers * designs);
}

DebateState scratch_of(const DebateState& debate) {
    DebateState work;
    work.id = debate.id;
    work.problem = debate.problem;
    work.context = debate.context;
    work.clarifications = debate.clarifications;
    work.agents = debate.agents;
    work.judge = debate.judge;
    work.status = "running";
    return work;
}

} // namespace

Result<void> run_baseline(PhaseRunner& runner, const DebateState& debate, SynthesisStrategy& synthesis, Baseline& out,
                          std::stop_token stop) {
    const auto& agents = runner.agents();
    const long target = debate.metrics.total_tokens;
    const long readers = readers_per_design(debate, agents.size());
    const long overhead = synthesis_overhead(debate, runner, readers);
    out.debate_tokens = target;
    DebateState work = scratch_of(debate);
    BaselineRunner wrapped(runner, out.solutions);
    long spent = 0;   // the solutions' tokens
    long written = 0; // their completion tokens, which the synthesis reads
    std::size_t next = 0;
    while (next < kMaxBaselineSolutions && !agents.empty()) {
        // What one more solution costs: its own call, and its reading in the synthesis.
        const long each = next == 0 ? 0 : (spent + readers * written) / static_cast<long>(next);
        const long planned = spent + readers * written + overhead;
        const long fit = next == 0   ? static_cast<long>(agents.size())
                         : each <= 0 ? 0
                                     : static_cast<long>(std::floor(
                                           static_cast<double>(target - planned) / static_cast<double>(each) + 0.5));
        const auto batch =
            std::min({static_cast<std::size_t>(std::max(0L, fit)), agents.size(), kMaxBaselineSolutions - next});
        if (batch == 0) {
            break;
        }
        std::vector<PhaseCall> calls;
        for (std::size_t k = 0; k < batch; ++k) {
            const auto& who = agents[(next + k) % agents.size()];
            const int sample = static_cast<int>((next + k) / agents.size()) + 1;
            auto call =
                wrapped.call(work, who, 1, llm::Purpose::baseline, PromptKind::proposal, {{"history_summary", ""}});
            call.request.context.sample = sample;
            // Distinct requests, so neither the journal nor a server's cache answers two samples alike.
            call.request.temperature = std::min(2.0, who.config.temperature + 0.05 * (sample - 1));
            calls.push_back(std::move(call));
        }
        const auto sent = calls;
        auto answers = wrapped.run_phase(work, "solutions", std::move(calls), stop);
        if (!answers) {
            if (answers.error().kind == ErrorKind::cancelled) {
                return tl::make_unexpected(answers.error());
            }
            out.stopped =
                "the baseline stopped after " + std::to_string(next) + " solutions: " + answers.error().message;
            break;
        }
        for (std::size_t k = 0; k < batch; ++k) {
            const auto& a = (*answers)[k];
            const auto& who = *sent[k].who;
            const int sample = sent[k].request.context.sample;
            out.solutions.push_back(
                {who.config.id + "#" + std::to_string(sample), who.config.id, sample, a.content, a.usage.total_tokens});
            spent += a.usage.total_tokens;
            written += a.usage.completion_tokens;
        }
        next += batch;
    }
    if (next >= kMaxBaselineSolutions) {
        out.stopped = "the baseline stopped at its cap of " + std::to_string(kMaxBaselineSolutions) + " solutions";
    }
    if (out.solutions.empty()) {
        out.baseline_tokens = work.metrics.total_tokens;
        return {};
    }
    if (auto made = synthesis.synthesize(wrapped, work, stop); !made) {
        if (made.error().kind == ErrorKind::cancelled) {
            return made;
        }
        out.stopped = "the baseline's synthesis failed: " + made.error().message;
    }
    out.baseline_tokens = work.metrics.total_tokens;
    if (work.final_solution) {
        const auto& s = *work.final_solution;
        out.final_text = s.implementation.empty() ? s.description : s.description + "\n\n" + s.implementation;
        out.synthesized_by = s.synthesized_by;
    }
    out.voting = work.voting;
    return {};
}

} // namespace parley::debate
