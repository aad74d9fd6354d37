#include "report/participants.hpp"

namespace parley::report {

Participants::Participants(const debate::DebateState& state) {
    for (const auto& a : state.agents) {
        agents_.push_back({a, a.configured});
    }
    if (agents_.empty()) {
        for (const auto& round : state.rounds) {
            for (const auto& c : round.contributions) {
                if (find(c.agent_id) == nullptr) {
                    agents_.push_back(
                        {{c.agent_id, "", c.agent_role, c.metadata.model, c.metadata.provider, 0}, false});
                }
            }
        }
    }
    if (state.judge) {
        judge_ = Participant{*state.judge, state.judge->configured};
    } else if (state.final_solution && !state.final_solution->synthesized_by.empty()) {
        judge_ = Participant{{state.final_solution->synthesized_by, "", "", "", "", 0}, false};
    } else if (state.judge_summary) {
        judge_ = Participant{{state.judge_summary->agent_id, "", state.judge_summary->agent_role, "", "", 0}, false};
    }
}

const Participant* Participants::find(const std::string& id) const {
    for (const auto& p : agents_) {
        if (p.info.id == id) {
            return &p;
        }
    }
    return judge_ && judge_->info.id == id ? &*judge_ : nullptr;
}

std::string Participants::label(const std::string& id, const std::string& role_hint) const {
    const Participant* p = find(id);
    const std::string name = p != nullptr && !p->info.name.empty() ? p->info.name : id;
    const std::string role = p != nullptr && !p->info.role.empty() ? p->info.role : role_hint;
    return name + (role.empty() ? "" : " (" + role + ")");
}

std::string Participants::display_name(const std::string& ref) const {
    const auto matches = [&ref](const Participant& p) {
        return p.info.id == ref || (!p.info.name.empty() && p.info.name == ref);
    };
    for (const auto& p : agents_) {
        if (matches(p)) {
            return p.info.name.empty() ? p.info.id : p.info.name;
        }
    }
    if (judge_ && matches(*judge_)) {
        return judge_->info.name.empty() ? judge_->info.id : judge_->info.name;
    }
    return ref;
}

} // namespace parley::report
