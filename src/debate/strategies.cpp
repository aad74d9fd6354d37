#include "debate/strategies.hpp"

#include "debate/interim_judge.hpp"
#include "debate/simulations.hpp"
#include "debate/solution_parser.hpp"
#include "llm/answer_schema.hpp"
#include "util/timestamps.hpp"
#include "util/utf8.hpp"

namespace parley::debate {

namespace {

std::string rounds_text(int n) {
    return std::to_string(n) + (n == 1 ? " round" : " rounds");
}

std::string share_text(double share) {
    return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%";
}

} // namespace

std::shared_ptr<SynthesisStrategy> synthesis_for(const DebateSettings& settings) {
    if (settings.synthesis == SynthesisMethod::voting) {
        return std::make_shared<VotingSynthesis>();
    }
    return std::make_shared<JudgeSynthesis>(settings);
}

bool FixedRounds::another_round(const DebateState&, int finished_rounds) const {
    return finished_rounds < rounds_;
}

std::string FixedRounds::reason(const DebateState&, int finished_rounds) const {
    return "fixed: ran the configured " + rounds_text(finished_rounds);
}

std::string StableRounds::stop_reason(const DebateState& state, int round) const {
    for (const auto& m : state.movement) {
        if (m.round != round) {
            continue;
        }
        if (m.changes.empty()) {
            return "stable: no agent's position changed in round " + std::to_string(round);
        }
        if (agreement_ && m.agreement >= *agreement_) {
            return "stable: agreement " + share_text(m.agreement) + " reached " + share_text(*agreement_) +
                   " in round " + std::to_string(round);
        }
    }
    return {};
}

bool StableRounds::another_round(const DebateState& state, int finished_rounds) const {
    return finished_rounds < max_rounds_ && (finished_rounds == 0 || stop_reason(state, finished_rounds).empty());
}

std::string StableRounds::reason(const DebateState& state, int finished_rounds) const {
    if (auto why = stop_reason(state, finished_rounds); !why.empty()) {
        return why;
    }
    if (state.positions.empty()) {
        return "stable: no positions to compare (the review does not apply to this debate, or a dry run); ran the "
               "maximum of " +
               rounds_text(max_rounds_);
    }
    return "stable: positions still moved in the last round; ran the maximum of " + rounds_text(max_rounds_);
}

const InterimJudgement* JudgedRounds::judgement(const DebateState& state, int round) const {
    if (!state.termination) {
        return nullptr;
    }
    for (const auto& j : state.termination->interim) {
        if (j.round == round) {
            return &j;
        }
    }
    return nullptr;
}

bool JudgedRounds::another_round(const DebateState& state, int finished_rounds) const {
    if (finished_rounds >= max_rounds_) {
        return false;
    }
    const auto* j = judgement(state, finished_rounds);
    return j == nullptr || !j->confidence || *j->confidence < threshold_;
}

Result<void> JudgedRounds::after_round(PhaseRunner& runner, DebateState& state, int finished_rounds,
                                       std::stop_token stop) const {
    // After the last round the debate ends whatever the judge says: the call would buy nothing.
    if (finished_rounds >= max_rounds_ || !state.termination) {
        return {};
    }
    std::vector<PhaseCall> calls;
    calls.push_back(interim_judge_call(runner, state, finished_rounds, question_));
    auto answers =
        runner.run_phase(state, "round " + std::to_string(finished_rounds) + " interim judge", std::move(calls), stop);
    if (!answers) {
        return tl::make_unexpected(answers.error());
    }
    auto judged = runner.answers_are_real()
                      ? parse_interim_judgement(finished_rounds, answers->front().content)
                      : InterimJudgement{finished_rounds, std::nullopt, "a dry run: no confidence"};
    runner.tell("round " + std::to_string(finished_rounds) + " interim judge (" + to_string(question_) + "): " +
                (judged.confidence ? std::to_string(static_cast<int>(*judged.confidence)) : std::string("none")) +
                " of threshold " + std::to_string(static_cast<int>(threshold_)));
    state.termination->interim.push_back(std::move(judged));
    return {};
}

std::string JudgedRounds::reason(const DebateState& state, int finished_rounds) const {
    const auto name = std::string(to_string(question_));
    if (const auto* j = judgement(state, finished_rounds);
        j != nullptr && j->confidence && *j->confidence >= threshold_) {
        return name + ": the judge's confidence " + std::to_string(static_cast<int>(*j->confidence)) +
               " reached the threshold " + std::to_string(static_cast<int>(threshold_)) + " after round " +
               std::to_string(finished_rounds);
    }
    return name + ": the judge's confidence stayed below " + std::to_string(static_cast<int>(threshold_)) +
           "; ran the maximum of " + rounds_text(max_rounds_);
}

std::shared_ptr<const TerminationStrategy> make_termination(const DebateSettings& settings) {
    const auto& t = settings.termination;
    if (t.type == "stable") {
        return std::make_shared<StableRounds>(settings.rounds, t.agreement);
    }
    if (t.asks_judge()) {
        return std::make_shared<JudgedRounds>(t.type == "convergence" ? llm::InterimQuestion::convergence
                                                                      : llm::InterimQuestion::quality,
                                              t.threshold.value_or(100), settings.rounds);
    }
    return std::make_shared<FixedRounds>(settings.rounds);
}

Result<void> JudgeSynthesis::condense(PhaseRunner& runner, DebateState& state, std::string& proposals,
                                      std::stop_token stop) {
    const auto& judge = runner.judge();
    const auto& s = judge.config.summarization ? *judge.config.summarization : settings_.summarization;
    std::vector<PhaseCall> calls;
    if (s.enabled && static_cast<long>(proposals.size()) > s.threshold) {
        auto call = runner.call(state, judge, runner.rounds_run(), llm::Purpose::judge_summary, PromptKind::summary,
                                {{"history", proposals}, {"max_length", std::to_string(s.max_length)}});
        call.request.context.limit = s.max_length;
        calls.push_back(std::move(call));
    }
    // The phase begins whether or not it makes its call, so a dry run plans it either way.
    auto response = runner.run_phase(state, "judge summary", std::move(calls), stop);
    if (!response) {
        return tl::make_unexpected(response.error());
    }
    if (response->empty()) {
        return {};
    }
    Summary summary;
    summary.agent_id = judge.config.id;
    summary.agent_role = judge.config.role;
    summary.summary = util::truncate_utf8(response->front().content, static_cast<std::size_t>(s.max_length));
    summary.before_chars = static_cast<long>(proposals.size());
    summary.after_chars = static_cast<long>(summary.summary.size());
    summary.method = s.method;
    summary.timestamp = util::now_iso8601();
    summary.metadata = runner.metadata(judge, response->front());
    proposals = summary.summary;
    state.judge_summary = std::move(summary);
    return {};
}

Result<void> JudgeSynthesis::synthesize(PhaseRunner& runner, DebateState& state, std::stop_token stop) {
    std::string proposals;
    std::vector<std::string> roles;
    for (const auto& design : runner.final_designs()) {
        proposals += "### " + design.heading + "\n\n" + design.text + "\n\n";
        roles.push_back(design.author->config.role);
    }
    std::string summaries;
    for (const auto& round : state.rounds) {
        for (const auto& [id, s] : round.summaries) {
            summaries +=
                "### Summary by " + id + " (round " + std::to_string(round.round_number) + ")\n\n" + s.summary + "\n\n";
        }
    }
    if (auto condensed = condense(runner, state, proposals, stop); !condensed) {
        return condensed;
    }
    state.simulations = simulate_proposals(runner, state);
    const auto& judge = runner.judge();
    auto call = judge_call(runner, state, proposals, summaries);
    call.request.context.peer_roles = std::move(roles);
    if (judge.config.structured_output) {
        llm::ask_structured(call.request,
                            state.design ? llm::AnswerKind::design_review : llm::AnswerKind::judge_synthesis);
    }
    const PhaseCall asked = call;
    std::vector<PhaseCall> calls;
    calls.push_back(std::move(call));
    auto judged = runner.run_phase(state, "synthesis", std::move(calls), stop);
    if (!judged) {
        return tl::make_unexpected(judged.error());
    }
    const auto metadata = runner.metadata(judge, judged->front());
    const auto parse = state.design ? parse_design_review : parse_solution;
    if (!runner.answers_are_real()) {
        state.final_solution = parse(judged->front().content, judge.config.id, {}).solution;
        state.final_solution->check = {};
        state.final_solution->metadata = metadata;
        return {};
    }
    const auto prompt = llm::prompt_text(asked.request.messages);
    auto parsed = parse(judged->front().content, judge.config.id, prompt);
    if (!parsed.check.usable()) {
        auto repaired = repair(runner, state, asked, judged->front().content, parsed, stop);
        if (!repaired) {
            return tl::make_unexpected(repaired.error());
        }
    }
    if (!parsed.warning.empty()) {
        // Not the answer parley asked for: the user hears of it even without -v.
        runner.warn(parsed.warning);
    }
    parsed.solution.metadata = metadata;
    state.final_solution = std::move(parsed.solution);
    return {};
}

PhaseCall JudgeSynthesis::judge_call(PhaseRunner& runner, DebateState& state, const std::string& proposals,
                                     const std::string& summaries) {
    const auto& judge = runner.judge();
    const std::string none = "(none)";
    if (!state.design) {
        return runner.call(state, judge, runner.rounds_run(), llm::Purpose::synthesis, PromptKind::synthesis,
                           {{"final_proposals", proposals},
                            {"summaries", summaries.empty() ? none : summaries},
                            {"simulations", simulations_material(state.simulations)}});
    }
    // The judge reads the critiques of the design as given (round 1) beside the refinements they led to.
    std::string critiques;
    if (!state.rounds.empty()) {
        for (const auto& c : state.rounds.front().contributions) {
            if (c.type == ContributionType::critique && c.target_agent_id == llm::kGivenDesignId) {
                critiques += "### Critique by " + c.agent_id + " (" + c.agent_role + ")\n\n" + c.content + "\n\n";
            }
        }
    }
    return runner.call(state, judge, runner.rounds_run(), llm::Purpose::synthesis, PromptKind::design_review,
                       {{"final_proposals", proposals},
                        {"critiques", critiques.empty() ? none : critiques},
                        {"summaries", summaries.empty() ? none : summaries}});
}

Result<void> JudgeSynthesis::repair(PhaseRunner& runner, DebateState& state, const PhaseCall& asked,
                                    const std::string& answer, ParsedSolution& parsed, std::stop_token stop) {
    runner.warn("the judge's answer failed parley's check (" + parsed.check.summary() + "); asking once more");
    PhaseCall again = asked;
    const auto schema = state.design ? llm::AnswerKind::design_review : llm::AnswerKind::judge_synthesis;
    again.request = llm::repair_request(asked.request, answer, parsed.check, schema);
    std::vector<PhaseCall> calls;
    calls.push_back(again);
    auto judged = runner.run_phase(state, "synthesis repair", std::move(calls), stop);
    if (!judged) {
        return tl::make_unexpected(judged.error());
    }
    const auto parse = state.design ? parse_design_review : parse_solution;
    auto second = parse(judged->front().content, runner.judge().config.id, llm::prompt_text(again.request.messages));
    // The counts cover both answers; the lines say what is wrong with the one kept.
    for (const auto& [kind, n] : parsed.solution.check.counts) {
        second.solution.check.counts[kind] += n;
    }
    second.solution.check.repair_calls = 1;
    second.solution.repair_metadata = runner.metadata(runner.judge(), judged->front());
    parsed = std::move(second);
    return {};
}

} // namespace parley::debate
