#include "debate/position_tracking.hpp"

#include <algorithm>
#include <cstdio>

#include "llm/call_context.hpp"
#include "review/judge_view.hpp"
#include "review/review.hpp"

namespace parley::debate {

namespace {

// The critiques `agent_id` received in `round`: those aimed at it, and in a design-review debate those of the
// design every agent refines.
std::string critiques_received(const DebateState& state, int round, const std::string& agent_id) {
    std::string out;
    for (const auto& r : state.rounds) {
        if (r.round_number != round) {
            continue;
        }
        for (const auto& c : r.contributions) {
            if (c.type == ContributionType::critique &&
                (c.target_agent_id == agent_id || c.target_agent_id == llm::kGivenDesignId)) {
                out += c.content + "\n\n";
            }
        }
    }
    return out;
}

std::string status_of(const AgentPosition& a, const std::string& concern) {
    const auto it = a.concerns.find(concern);
    return it == a.concerns.end() ? std::string() : it->second;
}

// True when more than half of the agents other than `agent_id` held `status` on `concern` in `before`.
bool held_by_majority_of_others(const PositionSnapshot& before, const std::string& agent_id, const std::string& concern,
                                const std::string& status) {
    std::size_t others = 0;
    std::size_t same = 0;
    for (const auto& a : before.agents) {
        if (a.agent_id != agent_id) {
            ++others;
            same += status_of(a, concern) == status ? 1 : 0;
        }
    }
    return others > 0 && 2 * same > others;
}

// The snapshot after `round`'s refinements, and the one before it; {nullptr, nullptr} when there is none.
std::pair<const PositionSnapshot*, const PositionSnapshot*> round_pair(const DebateState& state, int round) {
    const auto& p = state.positions;
    for (std::size_t i = p.size(); i-- > 1;) {
        if (p[i].round == round && p[i].phase == "refinement") {
            return {&p[i - 1], &p[i]};
        }
    }
    return {nullptr, nullptr};
}

// The review's sentence for `concern` in `design`: its evidence (and, contradicted, why), else what it lacks.
std::string evidence_for(std::string_view design, std::string_view problem, const std::string& concern) {
    const auto review = review::review_design(design, problem);
    for (const auto& c : review.checklist) {
        if (c.concern->id != concern) {
            continue;
        }
        std::string out = c.reason.empty() ? std::string() : c.reason + ": ";
        if (!c.evidence.empty()) {
            return out + "line " + std::to_string(c.evidence.front().line) + ": \"" + c.evidence.front().text + "\"";
        }
        std::string missing;
        for (const auto& m : c.missing_aspects) {
            missing += (missing.empty() ? "" : ", ") + m;
        }
        return out + "states nothing of " + (missing.empty() ? std::string(c.concern->title) : missing);
    }
    return {};
}

// The round from whose snapshot on `agent_id` held `status` on `concern` without a break (0: its first design).
int held_since(const DebateState& state, const std::string& agent_id, const std::string& concern,
               const std::string& status) {
    int since = 0;
    for (std::size_t i = state.positions.size(); i-- > 0;) {
        const auto& s = state.positions[i];
        const auto it = std::find_if(s.agents.begin(), s.agents.end(),
                                     [&](const AgentPosition& a) { return a.agent_id == agent_id; });
        if (it == s.agents.end() || status_of(*it, concern) != status) {
            break;
        }
        since = s.phase == "refinement" ? s.round : 0;
    }
    return since;
}

} // namespace

AgentPosition position_of(const std::string& agent_id, std::string_view design, std::string_view problem) {
    const auto review = review::review_design(design, problem);
    AgentPosition out;
    out.agent_id = agent_id;
    for (const auto& c : review.checklist) {
        if (review::problem_asks_for(review, *c.concern)) {
            out.concerns[std::string(c.concern->id)] = review::to_string(c.status);
        }
    }
    for (const auto& check : review.capacity.checks) {
        (check.verdict == review::Verdict::ok      ? out.capacity_ok
         : check.verdict == review::Verdict::wrong ? out.capacity_wrong
                                                   : out.capacity_unknown)++;
    }
    return out;
}

void record_positions(DebateState& state, int round, const std::string& phase,
                      const std::vector<std::string>& agent_ids, const std::map<std::string, std::string>& designs) {
    if (!is_reviewed(state)) {
        return;
    }
    PositionSnapshot snapshot{round, phase, {}};
    for (const auto& id : agent_ids) {
        const auto it = designs.find(id);
        snapshot.agents.push_back(
            position_of(id, it == designs.end() ? std::string_view() : it->second, state.problem));
    }
    state.positions.push_back(std::move(snapshot));
}

std::set<std::string> concerns_raised(std::string_view critique) {
    std::set<std::string> out;
    for (const auto& c : review::review_design(critique).checklist) {
        if (c.status != review::ConcernStatus::absent) {
            out.insert(std::string(c.concern->id));
        }
    }
    return out;
}

double agreement_of(const PositionSnapshot& snapshot) {
    if (snapshot.agents.size() < 2 || snapshot.agents.front().concerns.empty()) {
        return 1.0;
    }
    const auto& first = snapshot.agents.front().concerns;
    std::size_t same = 0;
    for (const auto& [concern, status] : first) {
        const bool all = std::all_of(snapshot.agents.begin(), snapshot.agents.end(),
                                     [&](const AgentPosition& a) { return status_of(a, concern) == status; });
        same += all ? 1 : 0;
    }
    return static_cast<double>(same) / static_cast<double>(first.size());
}

std::optional<RoundMovement> round_movement(const DebateState& state, int round) {
    const auto [before, after] = round_pair(state, round);
    if (after == nullptr) {
        return std::nullopt;
    }
    RoundMovement m{round, agreement_of(*after), {}};
    for (const auto& now : after->agents) {
        const auto was = std::find_if(before->agents.begin(), before->agents.end(),
                                      [&](const AgentPosition& a) { return a.agent_id == now.agent_id; });
        if (was == before->agents.end()) {
            continue;
        }
        std::optional<std::set<std::string>> raised; // reviewed only when the agent changed something
        for (const auto& [concern, status] : now.concerns) {
            const auto from = status_of(*was, concern);
            if (from == status) {
                continue;
            }
            if (!raised) {
                raised = concerns_raised(critiques_received(state, round, now.agent_id));
            }
            m.changes.push_back({now.agent_id, concern, from, status, raised->count(concern) > 0,
                                 held_by_majority_of_others(*before, now.agent_id, concern, status)});
        }
    }
    return m;
}

std::vector<MinorityPosition> minority_report(const DebateState& state,
                                              const std::map<std::string, std::string>& designs) {
    std::vector<MinorityPosition> out;
    if (state.positions.empty() || state.positions.back().agents.size() < 3) {
        return out; // with two agents every split is even: no minority
    }
    const auto& last = state.positions.back();
    const auto n = last.agents.size();
    for (const auto& a : last.agents) {
        for (const auto& c : review::concerns()) {
            const std::string concern(c.id);
            const auto status = status_of(a, concern);
            if (status.empty()) {
                continue;
            }
            const auto holders = std::count_if(last.agents.begin(), last.agents.end(),
                                               [&](const AgentPosition& b) { return status_of(b, concern) == status; });
            if (2 * static_cast<std::size_t>(holders) >= n) {
                continue;
            }
            const auto it = designs.find(a.agent_id);
            out.push_back({a.agent_id, concern, status, held_since(state, a.agent_id, concern, status),
                           it == designs.end() ? std::string() : evidence_for(it->second, state.problem, concern)});
        }
    }
    return out;
}

std::vector<ShadowStop> shadow_stops(const DebateState& state, std::optional<double> agreement) {
    const auto after = [&](ShadowStop& s) {
        for (const auto& m : state.movement) {
            if (s.round && m.round > *s.round) {
                s.changes_after += static_cast<int>(m.changes.size());
                s.changes_with_cause_after += static_cast<int>(std::count_if(
                    m.changes.begin(), m.changes.end(), [](const PositionChange& c) { return c.with_cause; }));
            }
        }
    };
    std::vector<ShadowStop> out;
    ShadowStop stable{"stable", std::nullopt, 0, 0, {}};
    for (const auto& m : state.movement) {
        if (m.changes.empty()) {
            stable.round = m.round;
            break;
        }
    }
    if (state.movement.empty()) {
        stable.note = "no positions: the review does not apply to this debate";
    } else if (!stable.round) {
        stable.note = "some position changed in every round";
    }
    after(stable);
    out.push_back(std::move(stable));
    if (agreement) {
        char rule[64];
        std::snprintf(rule, sizeof rule, "stable (agreement >= %.2g)", *agreement);
        ShadowStop share{rule, std::nullopt, 0, 0, {}};
        for (const auto& m : state.movement) {
            if (m.changes.empty() || m.agreement >= *agreement) {
                share.round = m.round;
                break;
            }
        }
        after(share);
        out.push_back(std::move(share));
    }
    for (const char* rule : {"convergence", "quality"}) {
        out.push_back({rule, std::nullopt, 0, 0,
                       "cannot tell: fixed rounds make no interim judge calls, so there is no confidence per round"});
    }
    return out;
}

} // namespace parley::debate
