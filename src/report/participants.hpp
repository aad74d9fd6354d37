#pragma once
// Who took part in a debate, as reports name them: the configured participants, or for files that record none
// (dialectic's) the agents taken from the contributions and the judge from the synthesis.

#include <optional>
#include <string>
#include <vector>

#include "debate/debate_state.hpp"

namespace parley::report {

/// A participant as a report shows it; `configured` is false when it was inferred from contributions.
struct Participant {
    debate::ParticipantInfo info;
    bool configured = true;
};

/// The agents (in configured order, or the order they first spoke) and the judge of one debate.
class Participants {
public:
    /// Collects the participants of `state`.
    explicit Participants(const debate::DebateState& state);

    /// The debating agents.
    const std::vector<Participant>& agents() const { return agents_; }
    /// The judge, when the file names one.
    const std::optional<Participant>& judge() const { return judge_; }
    /// The agent or judge with this id, or null.
    const Participant* find(const std::string& id) const;
    /// "Name (role)" as plain text, falling back to the id for a nameless participant and to `role_hint` for a
    /// roleless one.
    std::string label(const std::string& id, const std::string& role_hint = "") const;
    /// The display name (name, else id) of the participant whose id or name is `ref`; `ref` itself when none is.
    std::string display_name(const std::string& ref) const;

private:
    std::vector<Participant> agents_;
    std::optional<Participant> judge_;
};

} // namespace parley::report
