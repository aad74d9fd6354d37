#include "debate/voting.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "llm/answer_schema.hpp"
#include "util/json_document.hpp"

namespace parley::debate {

namespace {

using nlohmann::json;

std::string flags_text(const std::optional<std::size_t>& flags) {
    return flags ? std::to_string(*flags) + (*flags == 1 ? " flag" : " flags") : std::string("no review");
}

std::string names(const std::vector<const Standing*>& tied) {
    std::string out;
    for (std::size_t i = 0; i < tied.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == tied.size() ? " and " : ", ") + tied[i]->name;
    }
    return out;
}

// Says what broke a tie at the top of `standings` (already in final order), or "" when the top was not tied.
std::string tie_break_line(const std::vector<Standing>& standings) {
    std::vector<const Standing*> tied;
    for (const auto& s : standings) {
        if (s.points == standings.front().points) {
            tied.push_back(&s);
        }
    }
    if (tied.size() < 2) {
        return {};
    }
    const auto& top = *tied.front();
    const std::string on = names(tied) + " tied on " + std::to_string(top.points) + " points; ";
    const bool all_reviewed = std::all_of(tied.begin(), tied.end(), [](const Standing* s) { return s->flags; });
    if (all_reviewed && *top.flags < *tied[1]->flags) {
        return on + top.name + " wins with fewer review flags (" + std::to_string(*top.flags) + " against " +
               std::to_string(*tied[1]->flags) + ")";
    }
    const std::string why = all_reviewed ? "they tie on review flags too (" + flags_text(top.flags) + ")"
                                         : std::string("the review does not apply to this problem");
    return on + why + "; " + top.name + " wins by agent order (a deterministic fallback, not a judgement)";
}

void check_ranking(const std::vector<std::string>& ranking, const std::vector<std::string>& allowed,
                   std::vector<llm::Defect>& out) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < ranking.size(); ++i) {
        const std::string path = "ranking[" + std::to_string(i) + "]";
        if (std::find(allowed.begin(), allowed.end(), ranking[i]) == allowed.end()) {
            out.push_back({llm::DefectKind::out_of_range, path,
                           "\"" + ranking[i] + "\" is not a design on this ballot (an own design is not)"});
        } else if (!seen.insert(ranking[i]).second) {
            out.push_back({llm::DefectKind::wrong_shape, path, "\"" + ranking[i] + "\" is ranked twice"});
        }
    }
    for (const auto& id : allowed) {
        if (!seen.count(id)) {
            out.push_back({llm::DefectKind::missing, "ranking", "design \"" + id + "\" is not ranked"});
        }
    }
}

} // namespace

Voting count_votes(const std::vector<VoteCandidate>& candidates, std::vector<Ballot> ballots) {
    Voting out;
    std::map<std::string, long> points;
    for (const auto& b : ballots) {
        if (!b.valid) {
            continue;
        }
        const long n = static_cast<long>(b.ranking.size());
        for (long i = 0; i < n; ++i) {
            points[b.ranking[static_cast<std::size_t>(i)]] += n - 1 - i;
        }
    }
    for (const auto& c : candidates) {
        out.standings.push_back({c.id, c.name, points[c.id], c.flags});
    }
    // Stable: equal points and equal (or unknown) flags keep agent order, the deterministic fallback.
    std::stable_sort(out.standings.begin(), out.standings.end(), [](const Standing& a, const Standing& b) {
        if (a.points != b.points) {
            return a.points > b.points;
        }
        return a.flags && b.flags && *a.flags < *b.flags;
    });
    const bool any_valid = std::any_of(ballots.begin(), ballots.end(), [](const Ballot& b) { return b.valid; });
    if (!out.standings.empty()) {
        out.winner = out.standings.front().id;
        out.tie_break = any_valid ? tie_break_line(out.standings)
                                  : "no valid ballot was cast; " + out.standings.front().name +
                                        " stands by agent order (a deterministic fallback, not a judgement)";
    }
    out.ballots = std::move(ballots);
    return out;
}

ReadBallot read_ballot(std::string_view answer, const std::vector<std::string>& allowed, std::string_view prompt) {
    ReadBallot out;
    const auto found = util::find_json_object(answer);
    out.check = llm::check_structured(answer, found ? *found : json(), llm::AnswerKind::ballot, prompt);
    if (!found) {
        return out;
    }
    if (const auto it = found->find("ranking"); it != found->end() && it->is_array()) {
        for (const auto& id : *it) {
            if (id.is_string()) {
                out.ranking.push_back(id.get<std::string>());
            }
        }
        check_ranking(out.ranking, allowed, out.check.defects);
    }
    if (const auto it = found->find("reason"); it != found->end() && it->is_string()) {
        out.reason = it->get<std::string>();
    }
    if (!out.check.usable()) {
        out.ranking.clear();
    }
    return out;
}

json to_json(const Voting& voting) {
    json ballots = json::array();
    for (const auto& b : voting.ballots) {
        json one{{"voter", b.voter},   {"ranking", b.ranking},          {"valid", b.valid},
                 {"reason", b.reason}, {"repairCalls", b.repair_calls}, {"tokens", b.tokens}};
        if (!b.valid) {
            one["defects"] = b.defects;
        }
        ballots.push_back(std::move(one));
    }
    json standings = json::array();
    for (const auto& s : voting.standings) {
        standings.push_back({{"id", s.id},
                             {"name", s.name},
                             {"points", s.points},
                             {"reviewFlags", s.flags ? json(*s.flags) : json(nullptr)}});
    }
    return {{"method", voting.method}, {"ballots", ballots},           {"standings", standings},
            {"winner", voting.winner}, {"tieBreak", voting.tie_break}, {"offline", voting.offline}};
}

std::optional<Voting> voting_from_json(const json& j) {
    if (!j.is_object()) {
        return std::nullopt;
    }
    const auto text = [](const json& o, const char* key) {
        const auto it = o.find(key);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const auto whole = [](const json& o, const char* key) {
        const auto it = o.find(key);
        return it != o.end() && it->is_number_integer() ? it->get<long>() : 0L;
    };
    const auto flag = [](const json& o, const char* key, bool fallback) {
        const auto it = o.find(key);
        return it != o.end() && it->is_boolean() ? it->get<bool>() : fallback;
    };
    Voting v;
    v.method = text(j, "method");
    v.winner = text(j, "winner");
    v.tie_break = text(j, "tieBreak");
    v.offline = flag(j, "offline", false);
    for (const auto& b : j.value("ballots", json::array())) {
        if (!b.is_object()) {
            return std::nullopt;
        }
        Ballot ballot{text(b, "voter"),   {},
                      text(b, "reason"),  flag(b, "valid", true),
                      text(b, "defects"), static_cast<int>(whole(b, "repairCalls")),
                      whole(b, "tokens")};
        for (const auto& id : b.value("ranking", json::array())) {
            if (id.is_string()) {
                ballot.ranking.push_back(id.get<std::string>());
            }
        }
        v.ballots.push_back(std::move(ballot));
    }
    for (const auto& s : j.value("standings", json::array())) {
        if (!s.is_object()) {
            return std::nullopt;
        }
        const auto flags = s.find("reviewFlags");
        v.standings.push_back({text(s, "id"), text(s, "name"), whole(s, "points"),
                               flags != s.end() && flags->is_number_unsigned()
                                   ? std::optional(flags->get<std::size_t>())
                                   : std::nullopt});
    }
    return v;
}

} // namespace parley::debate
