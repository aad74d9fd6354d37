#pragma once
// Voting synthesis (synthesisMethod "voting", dialectic's key): every agent ranks the designs that are not its own,
// a Borda count adds the ranks up, and a tie is broken by the rule-based review (fewer flags wins), then by agent
// order. This unit holds the record of a vote, its count and its reading of a ballot; it calls no model.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/answer_check.hpp"

namespace parley::debate {

/// One design on the ballot.
struct VoteCandidate {
    std::string id;                   ///< the agent id in a debate; "AGENT#N" for a baseline's Nth solution
    std::string author;               ///< the agent who wrote it (who may not vote for it)
    std::string name;                 ///< how a report names it
    std::optional<std::size_t> flags; ///< the review's flags of the design; none where no review applies
};

/// One agent's ballot.
struct Ballot {
    std::string voter;                ///< the agent id
    std::vector<std::string> ranking; ///< candidate ids, best first; empty when the ballot is invalid
    std::string reason;               ///< the voter's one sentence, when given
    bool valid = true;                ///< false: still failed the check after its one repair, left out of the count
    std::string defects;              ///< why it was left out (invalid ballots only)
    int repair_calls = 0;             ///< 1 when the first answer failed the check
    long tokens = 0;                  ///< the tokens of its call(s)
};

/// A candidate's place in the count.
struct Standing {
    std::string id;
    std::string name;
    long points = 0;
    std::optional<std::size_t> flags;
};

/// A whole vote: the ballots, the count and how the winner was found.
struct Voting {
    std::string method = "borda";
    std::vector<Ballot> ballots;     ///< in agent order, invalid ones included
    std::vector<Standing> standings; ///< best first (points, then the tie-break)
    std::string winner;              ///< the winning candidate's id; empty when no valid ballot was cast
    std::string tie_break;           ///< one line saying what broke a tie at the top; empty when there was none
    bool offline = false;            ///< the ballots came from the offline provider (ranked by the review)
};

/// Counts `ballots` over `candidates` (in agent order) by Borda: on a ballot ranking n designs, the first gets
/// n-1 points and the last 0; invalid ballots count nothing. A tie at the top goes to the fewer review flags, then
/// to the first in agent order; `tie_break` says which decided it. With no valid ballot the first candidate in
/// agent order wins and `tie_break` says so.
Voting count_votes(const std::vector<VoteCandidate>& candidates, std::vector<Ballot> ballots);

/// A ballot answer read and checked: against the ballot schema and `prompt`, and for its ranking: every id of
/// `allowed` exactly once, nothing else (an own design or an unknown id is out_of_range, a repeat wrong_shape, an
/// omission missing).
struct ReadBallot {
    std::vector<std::string> ranking;
    std::string reason;
    llm::AnswerCheck check;
};

/// Reads an agent's ballot answer (the JSON in it, fenced or bare).
ReadBallot read_ballot(std::string_view answer, const std::vector<std::string>& allowed, std::string_view prompt);

/// The vote as `parley.voting` holds it.
nlohmann::json to_json(const Voting& voting);

/// Reads `parley.voting`; a malformed record reads as nothing (it is shown beside the solution, never needed to
/// load a debate).
std::optional<Voting> voting_from_json(const nlohmann::json& j);

} // namespace parley::debate
