// VotingSynthesis (strategies.hpp): the ballots as one phase of calls, one repair phase for the ballots that failed
// their check, then the count (voting.hpp).

#include <algorithm>

#include "debate/strategies.hpp"
#include "debate/voting.hpp"
#include "llm/answer_schema.hpp"
#include "review/flags.hpp"

namespace parley::debate {

namespace {

/// One ballot asked: the call and the ids it may rank.
struct BallotCall {
    PhaseCall call;
    std::vector<std::string> allowed;
};

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
        out += (out.empty() ? "" : ", ") + id;
    }
    return out;
}

// The ballot of `voter`: every design it did not write, each headed by its id; nothing when there is none.
std::optional<BallotCall> ballot_call(PhaseRunner& runner, const DebateState& state, const Participant& voter,
                                      const std::vector<FinalDesign>& designs) {
    BallotCall out;
    std::string material;
    auto texts = std::make_shared<std::vector<std::string>>();
    for (const auto& d : designs) {
        if (d.author == &voter) {
            continue;
        }
        out.allowed.push_back(d.id);
        texts->push_back(d.text);
        material += "### Design `" + d.id + "`\n\n" + d.text + "\n\n";
    }
    if (out.allowed.empty()) {
        return std::nullopt;
    }
    out.call = runner.call(state, voter, runner.rounds_run(), llm::Purpose::ballot, PromptKind::ballot,
                           {{"candidates", material}, {"candidate_ids", joined(out.allowed)}});
    out.call.request.context.candidates = out.allowed;
    out.call.request.context.documents = std::move(texts);
    if (voter.config.structured_output) {
        llm::ask_structured(out.call.request, llm::AnswerKind::ballot);
    }
    return out;
}

std::vector<VoteCandidate> candidates_of(const std::vector<FinalDesign>& designs, const DebateState& state) {
    const bool reviewed = is_reviewed(state);
    std::vector<VoteCandidate> out;
    for (const auto& d : designs) {
        std::optional<std::size_t> flags;
        if (reviewed) {
            flags = review::review_flags(review::review_design(d.text, state.problem)).size();
        }
        out.push_back({d.id, d.author->config.id, d.heading, flags});
    }
    return out;
}

// Asks each ballot in `failed` (indexes into `asked`) once more and fills in what the second answers say.
Result<void> repair_ballots(PhaseRunner& runner, DebateState& state, const std::vector<BallotCall>& asked,
                            const std::vector<std::string>& answers, const std::vector<std::size_t>& failed,
                            std::vector<Ballot>& ballots, std::stop_token stop) {
    std::vector<PhaseCall> calls;
    for (const auto i : failed) {
        PhaseCall again = asked[i].call;
        const auto first = read_ballot(answers[i], asked[i].allowed, llm::prompt_text(asked[i].call.request.messages));
        again.request = llm::repair_request(asked[i].call.request, answers[i], first.check, llm::AnswerKind::ballot);
        calls.push_back(std::move(again));
    }
    const auto sent = calls;
    auto repaired = runner.run_phase(state, "voting repair", std::move(calls), stop);
    if (!repaired) {
        return tl::make_unexpected(repaired.error());
    }
    for (std::size_t k = 0; k < failed.size(); ++k) {
        auto& ballot = ballots[failed[k]];
        const auto& answer = (*repaired)[k];
        ballot.repair_calls = 1;
        ballot.tokens += answer.usage.total_tokens;
        auto second = read_ballot(answer.content, asked[failed[k]].allowed, llm::prompt_text(sent[k].request.messages));
        if (second.check.usable()) {
            ballot.ranking = std::move(second.ranking);
            ballot.reason = std::move(second.reason);
            ballot.defects.clear();
            continue;
        }
        ballot.valid = false;
        ballot.defects = second.check.summary();
        runner.warn(ballot.voter + "'s ballot failed parley's check twice (" + ballot.defects +
                    "); it is left out of the count");
    }
    return {};
}

} // namespace

Result<void> VotingSynthesis::synthesize(PhaseRunner& runner, DebateState& state, std::stop_token stop) {
    const auto designs = runner.final_designs();
    std::vector<BallotCall> asked;
    std::vector<PhaseCall> calls;
    bool offline = false;
    for (const auto& voter : runner.agents()) {
        if (auto b = ballot_call(runner, state, voter, designs)) {
            calls.push_back(b->call);
            asked.push_back(std::move(*b));
            offline = offline || voter.provider->is_offline();
        }
    }
    auto answers = runner.run_phase(state, "voting", std::move(calls), stop);
    if (!answers) {
        return tl::make_unexpected(answers.error());
    }
    std::vector<Ballot> ballots;
    std::vector<std::string> texts;
    std::vector<std::size_t> failed;
    for (std::size_t i = 0; i < asked.size(); ++i) {
        const auto& answer = (*answers)[i];
        Ballot ballot;
        ballot.voter = asked[i].call.who->config.id;
        ballot.tokens = answer.usage.total_tokens;
        texts.push_back(answer.content);
        if (!runner.answers_are_real()) {
            // A dry run's answers are stand-ins: its count only has to have the right shape.
            ballot.ranking = asked[i].allowed;
        } else if (auto read =
                       read_ballot(answer.content, asked[i].allowed, llm::prompt_text(asked[i].call.request.messages));
                   read.check.usable()) {
            ballot.ranking = std::move(read.ranking);
            ballot.reason = std::move(read.reason);
        } else {
            ballot.defects = read.check.summary();
            runner.warn(ballot.voter + "'s ballot failed parley's check (" + ballot.defects + "); asking once more");
            failed.push_back(i);
        }
        ballots.push_back(std::move(ballot));
    }
    if (!failed.empty()) {
        if (auto repaired = repair_ballots(runner, state, asked, texts, failed, ballots, stop); !repaired) {
            return repaired;
        }
    }
    state.voting = count_votes(candidates_of(designs, state), std::move(ballots));
    state.voting->offline = offline;
    const auto winner = std::find_if(designs.begin(), designs.end(),
                                     [&](const FinalDesign& d) { return d.id == state.voting->winner; });
    if (winner == designs.end()) {
        return {};
    }
    Solution solution;
    solution.description = winner->text;
    solution.synthesized_by = "voting";
    state.final_solution = std::move(solution);
    runner.tell("voting: " + winner->id + " wins" +
                (state.voting->tie_break.empty() ? std::string() : " (" + state.voting->tie_break + ")"));
    return {};
}

} // namespace parley::debate
