#pragma once
// The offline provider's engineering knowledge: kinds of systems it recognises in a problem and known ways to
// meet common kinds of requirement. Plain data, so a reviewer can read and extend it.

#include <string_view>
#include <vector>

namespace parley::offline {

/// A clarifying question worth asking unless the problem already mentions one of `answered_by`.
struct Probe {
    std::string_view question;
    std::vector<std::string_view> answered_by; ///< lowercase words whose presence means it is answered
    std::string_view roles;                    ///< comma list of roles that would ask it
};

/// How a kind of system is sized: what one unit of work is called and where its latency goes.
struct Sizing {
    std::string_view item;              ///< one unit of work ("job", "request")
    std::vector<std::string_view> hops; ///< three stages a latency budget is split across (20/50/30 %)
    double state_kb = 0;                ///< durable state written per item, KB (0: none worth sizing)
    std::string_view executor;          ///< what runs items concurrently ("workers"), empty when not sized
};

/// What the offline provider knows about one kind of system.
struct Domain {
    std::string_view name;
    std::vector<std::string_view> triggers; ///< lowercase words that reveal this kind of system
    std::string_view approach;              ///< the usual overall shape, one sentence
    std::vector<std::string_view> components;
    std::vector<std::string_view> data_flow;
    std::vector<std::string_view> failure_modes;
    std::vector<std::string_view> hot_paths;
    std::vector<std::string_view> threats;
    std::vector<std::string_view> abuse_cases;
    std::vector<std::string_view> faults;
    std::vector<std::string_view> metrics;
    std::string_view minimal; ///< the simplest design that usually suffices
    std::vector<std::string_view> left_out;
    std::vector<std::string_view> tradeoffs;
    std::vector<Probe> probes;
    Sizing sizing;
};

/// A known way to meet one kind of requirement, seen from each role's angle.
struct Mechanism {
    std::string_view topic;
    std::vector<std::string_view> triggers; ///< lowercase fragments of a requirement that select it
    std::string_view partial_for;           ///< comma list of roles whose proposals only partly meet it
    std::string_view design;                ///< how the design meets it
    std::string_view verify;                ///< how a test proves it
    std::string_view threat;                ///< what an attacker or accident does to it
    std::string_view simple;                ///< the least machinery that still meets it
    std::string_view cost;                  ///< what it costs in time or resources
};

/// The kinds of system a problem describes, best match first, at most two; a generic service when none match.
std::vector<const Domain*> domains_for(std::string_view lower_problem);

/// `domain` without the items about a feature the problem never states (priorities, for one): what a design for
/// this problem may say without inventing requirements.
Domain fitted_to(const Domain& domain, std::string_view lower_problem);

/// False when the problem never states the feature its items are marked by (`item_word`, e.g. "priorit");
/// true for a feature that is not one of those a problem must state.
bool states_feature(std::string_view lower_problem, std::string_view item_word);

/// The mechanism with this topic ("deadline"), or nullptr.
const Mechanism* mechanism_named(std::string_view topic);

/// The mechanism for a requirement (lowercase text), or nullptr when none is known.
const Mechanism* mechanism_for(std::string_view lower_requirement);

/// True when `role`'s proposal fully meets a requirement with this mechanism: each role leaves the topics outside
/// its focus partly met, and none meets a requirement without a known mechanism (nullptr), as it could only
/// claim it with words that say nothing about how.
bool role_meets(std::string_view role, const Mechanism* mechanism);

/// Clarifying questions every problem may leave open, whatever its domain.
const std::vector<Probe>& general_probes();

} // namespace parley::offline
