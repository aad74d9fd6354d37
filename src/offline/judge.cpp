// The judge's synthesis: a short rationale and one JSON block in the schema the solution parser reads.

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "offline/writer.hpp"
#include "review/judge_view.hpp"

namespace parley::offline {

std::string_view final_proposals(std::string_view prompt);

namespace {

// Requirements the final proposals meet: by the markers offline proposals carry, else by shared vocabulary.
std::set<std::string> met_by_proposals(const OfflineContext& ctx) {
    auto met = met_ids_in(ctx.user_text, ctx.requirements);
    const bool marked = ctx.user_text.find("** (met)") != std::string_view::npos ||
                        ctx.user_text.find("** (partly)") != std::string_view::npos;
    if (marked) {
        return met;
    }
    const auto text = to_lower(ctx.user_text.substr(std::min(ctx.user_text.size(), ctx.user_text.find("###"))));
    for (const auto& r : ctx.requirements) {
        std::size_t words = 0;
        std::size_t found = 0;
        for (std::size_t i = 0; i < r.lower.size();) {
            auto e = r.lower.find_first_of(" ,.;:()", i);
            if (e == std::string::npos) {
                e = r.lower.size();
            }
            if (e - i >= 5) {
                ++words;
                found += text.find(r.lower.substr(i, e - i)) != std::string::npos ? 1 : 0;
            }
            i = e + 1;
        }
        if (words > 0 && found * 10 >= words * 6) {
            met.insert(r.id);
        }
    }
    return met;
}

std::size_t role_count(const std::string& roles) {
    return roles.empty() ? 0 : static_cast<std::size_t>(std::count(roles.begin(), roles.end(), ',')) + 1;
}

// More requirements met raises it; open questions and a narrow panel lower it.
int confidence_for(const OfflineContext& ctx, std::size_t met, std::size_t roles) {
    const auto total = ctx.requirements.size();
    double c = total == 0 ? 40.0 : 30.0 + 55.0 * static_cast<double>(met) / static_cast<double>(total);
    c -= 3.0 * static_cast<double>(std::min<std::size_t>(ctx.facts.open_questions.size(), 5));
    c += roles >= 3 ? 5.0 : -5.0;
    return static_cast<int>(std::lround(std::clamp(c, 5.0, 95.0)));
}

std::string implementation_text(const OfflineContext& ctx, const std::set<std::string>& met) {
    const auto& d = ctx.domain();
    std::string out = "Components:\n";
    for (auto c : d.components) {
        out += "- " + std::string(c) + "\n";
    }
    out += "\nData flow:\n";
    for (std::size_t i = 0; i < d.data_flow.size(); ++i) {
        out += std::to_string(i + 1) + ". " + std::string(d.data_flow[i]) + "\n";
    }
    // The proposals' own arithmetic, so the solution keeps the numbers it was sized by.
    std::string sizing;
    for (auto pos = ctx.user_text.find("≈"); pos != std::string_view::npos && sizing.size() < 600;
         pos = ctx.user_text.find("≈", ctx.user_text.find('\n', pos))) {
        const auto start = ctx.user_text.rfind('\n', pos) + 1;
        auto line = ctx.user_text.substr(start, ctx.user_text.find('\n', pos) - start);
        if (line.find(": a rate of") == std::string_view::npos && sizing.find(line) == std::string::npos) {
            sizing += std::string(line) + "\n";
        }
    }
    if (!sizing.empty()) {
        out += "\nSizing (from the proposals):\n" + sizing;
    }
    out += "\nRequirement by requirement:\n";
    for (const auto& r : ctx.requirements) {
        out += "- " + r.id + (met.count(r.id) ? " (met): " : " (open): ") + shorten(r.text, 90) + " — " +
               (r.mechanism ? std::string(r.mechanism->design) : "carried by the core components") + "\n";
    }
    return out;
}

/// One agent's last word in the synthesis prompt: its name (or id) and its text.
using AgentText = std::pair<std::string, std::string_view>;

// The final proposals, each under the "### Name (role)" heading the orchestrator writes (a proposal's own "###"
// subsections name no panel role).
std::vector<AgentText> proposal_sections(const OfflineContext& ctx) {
    const auto proposals = final_proposals(ctx.user_text);
    std::vector<std::pair<std::string, std::size_t>> headings; // agent name, where its proposal starts
    for (auto pos = proposals.find("\n### "); pos != std::string_view::npos; pos = proposals.find("\n### ", pos + 1)) {
        const auto start = pos + 5;
        const auto eol = std::min(proposals.find('\n', start), proposals.size());
        const auto heading = proposals.substr(start, eol - start);
        const auto paren = heading.rfind(" (");
        if (paren == std::string_view::npos || heading.back() != ')') {
            continue;
        }
        const auto role = heading.substr(paren + 2, heading.size() - paren - 3);
        if (std::find(ctx.peer_roles.begin(), ctx.peer_roles.end(), role) != ctx.peer_roles.end()) {
            headings.emplace_back(std::string(heading.substr(0, paren)), start);
        }
    }
    std::vector<AgentText> sections;
    for (std::size_t i = 0; i < headings.size(); ++i) {
        const auto end = i + 1 < headings.size() ? headings[i + 1].second : proposals.size();
        sections.emplace_back(headings[i].first, proposals.substr(headings[i].second, end - headings[i].second));
    }
    return sections;
}

// Each agent's latest summary ("### Summary by ID (round N)"), for when a judge summary replaced the proposals.
std::vector<AgentText> summary_sections(std::string_view prompt) {
    constexpr std::string_view kHeading = "\n### Summary by ";
    std::vector<AgentText> sections;
    for (auto pos = prompt.find(kHeading); pos != std::string_view::npos;) {
        const auto start = pos + kHeading.size();
        const auto next = prompt.find(kHeading, start);
        const auto heading = prompt.substr(start, prompt.find('\n', start) - start);
        const auto id = std::string(heading.substr(0, heading.rfind(" (round ")));
        const auto text = prompt.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
        // Summaries come in round order: a later one replaces the agent's earlier one.
        auto same = std::find_if(sections.begin(), sections.end(), [&](const AgentText& s) { return s.first == id; });
        if (same != sections.end()) {
            same->second = text;
        } else {
            sections.emplace_back(id, text);
        }
        pos = next;
    }
    return sections;
}

// Requirements the agents' last words split on: some meet them, others leave them partly met or open. Taken from
// the final proposals, else (when a judge summary replaced them) from each agent's latest summary; with neither
// there is no split to report.
nlohmann::json disagreements_json(const OfflineContext& ctx) {
    auto sections = proposal_sections(ctx);
    const bool from_proposals = !sections.empty();
    if (!from_proposals) {
        sections = summary_sections(
            ctx.user_text.substr(std::min(ctx.user_text.size(), ctx.user_text.find("## Summaries recorded"))));
    }
    auto out = nlohmann::json::array();
    for (const auto& r : ctx.requirements) {
        auto met_by = nlohmann::json::array();
        auto open_by = nlohmann::json::array();
        const auto open_marker = from_proposals ? "**" + r.id + "** (partly)" : "**" + r.id + "** is still open";
        for (const auto& [name, text] : sections) {
            if (text.find(met_marker(r.id)) != std::string_view::npos) {
                met_by.push_back(name);
            } else if (text.find(open_marker) != std::string_view::npos) {
                open_by.push_back(name);
            }
        }
        if (met_by.empty() || open_by.empty()) {
            continue;
        }
        out.push_back({{"topic", r.id + ": " + shorten(r.text, 90)},
                       {"positions",
                        {{{"position", "met by their design"}, {"agents", met_by}},
                         {{"position", "left open by their design (outside their focus; another role should own it)"},
                          {"agents", open_by}}}}});
    }
    return out;
}

nlohmann::json solution_json(OfflineContext& ctx, const std::set<std::string>& met, int confidence,
                             const std::vector<std::string>& findings) {
    const auto& d = ctx.domain();
    nlohmann::json j;
    // "Design a job system" reads as "a job system" inside a sentence.
    std::string subject = ctx.facts.title;
    for (const char* verb : {"Design ", "Build ", "Create ", "Implement "}) {
        if (subject.rfind(verb, 0) == 0) {
            subject.erase(0, std::string_view(verb).size());
        }
    }
    j["description"] =
        "For " + subject + ", the debate converges on a " + std::string(d.name) + ": " + std::string(d.approach) + ".";
    j["implementation"] = implementation_text(ctx, met);
    j["tradeoffs"] = nlohmann::json::array();
    for (auto t : d.tradeoffs) {
        j["tradeoffs"].push_back(tradeoff_as_choice(t));
    }
    auto& recs = j["recommendations"] = nlohmann::json::array();
    auto& unmet = j["unfulfilledMajorRequirements"] = nlohmann::json::array();
    for (const auto& r : ctx.requirements) {
        if (met.count(r.id)) {
            continue;
        }
        unmet.push_back(r.id + ": " + r.text);
        recs.push_back("Give " + r.id + " an owner and a design: " +
                       (r.mechanism ? std::string(r.mechanism->design) : "specify and test it"));
    }
    for (const auto& f : findings) {
        unmet.push_back(f);
    }
    std::string load = "an agreed peak";
    for (const auto& q : ctx.facts.quantities) {
        if (rate_period_seconds(q) > 0) {
            load = q.text;
            break;
        }
    }
    recs.push_back("Load-test at 1×, 2× and 3× of " + load + " before launch and publish p99s");
    recs.push_back("Run the fault-injection suite (" + std::string(d.faults.front()) + ", …) in CI");
    recs.push_back("Re-run this debate with a real model: this synthesis was written by the offline provider");
    auto& questions = j["openQuestions"] = nlohmann::json::array();
    for (const auto& q : ctx.facts.open_questions) {
        questions.push_back(q);
    }
    for (const auto& p : d.probes) {
        if (questions.empty() && !contains_any(ctx.facts.lower, p.answered_by)) {
            questions.push_back(std::string(p.question));
        }
    }
    j["confidence"] = confidence;
    j["disagreements"] = disagreements_json(ctx);
    return j;
}

} // namespace

// The final proposals in the synthesis prompt, without the problem and summaries around them.
std::string_view final_proposals(std::string_view prompt) {
    const auto begin = prompt.find("## Final proposals");
    if (begin == std::string_view::npos) {
        return prompt;
    }
    const auto end = prompt.find("## Summaries recorded", begin);
    return prompt.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
}

std::string write_synthesis(OfflineContext& ctx) {
    // The grounded review decides what is met, not the proposals' own "(met)" claims.
    const bool queue_design = review::is_task_queue_problem(ctx.problem);
    const auto grounded =
        queue_design ? review::review_design(final_proposals(ctx.user_text), ctx.problem) : review::Review{};
    auto met = met_by_proposals(ctx);
    for (const auto& r : ctx.requirements) {
        if (review::requirement_addressed(grounded, r.text) == false) {
            met.erase(r.id);
        }
    }
    const auto roles = join_roles(ctx.peer_roles);
    const auto total = ctx.requirements.size();
    const int confidence =
        std::max(5, confidence_for(ctx, met.size(), role_count(roles)) - review::confidence_penalty(grounded));
    std::string out = offline_banner() + "# Synthesis — " + ctx.agent_name + "\n\n## Rationale\n\n";
    out += "The final proposals (" + (roles.empty() ? std::string("no roles named") : roles) + ") were read against " +
           std::to_string(total) + " requirement(s) found in the problem; " + std::to_string(met.size()) +
           " are met by at least one proposal" +
           (queue_design ? " and not found unaddressed by the design review. " : ". ");
    out += ctx.rng.pick<std::string>({"The proposals agree on the overall shape; they differ on how much machinery "
                                      "the stated numbers justify.",
                                      "Where the proposals overlap they agree; the remaining differences are about "
                                      "scope, not direction."});
    out += " Confidence " + std::to_string(confidence) +
           "/100: it rises with the share of requirements met and is "
           "lowered by the " +
           std::to_string(ctx.facts.open_questions.size()) +
           " open question(s) the problem "
           "leaves" +
           (role_count(roles) >= 3 ? "" : " and by a panel of fewer than three roles") +
           (queue_design
                ? "; the design review of the proposals found " + std::to_string(grounded.summary.missing) +
                      " checklist concern(s) missing, " + std::to_string(grounded.summary.contradicted) +
                      " contradicted and " + std::to_string(grounded.summary.checks_wrong) + " capacity check(s) wrong"
                : std::string()) +
           ".\n\n";
    out += "```json\n" +
           solution_json(ctx, met, confidence, review::major_findings(grounded))
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n```\n";
    return out;
}

} // namespace parley::offline
