// The judge's synthesis: a short rationale and one JSON block in the schema the solution parser reads.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

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

// What the judge's confidence is derived from: what could be checked, and how much of it held.
struct Grounds {
    std::size_t requirements = 0; ///< found in the problem
    std::size_t met = 0;          ///< met with a stated mechanism and not found unaddressed by the review
    std::size_t verified = 0;     ///< of those, the ones the design review found addressed
    std::size_t commitments = 0;  ///< load and latency figures the problem commits to (its own, not others')
    std::size_t checked = 0;      ///< of those, the ones the final proposals do arithmetic on
    std::size_t open_questions = 0;
    std::size_t roles = 0;
    bool recognised = true; ///< a known kind of system matched the problem
    bool reviewed = false;  ///< the design review ran (task-queue problems): it could check requirements
    int review_penalty = 0; ///< what the grounded review of the proposals takes off (confidence_penalty_for_problem)
};

// confidence = 10 + 50 × (verified + ½ × (met − verified)) / requirements + 20 × checked / commitments
//              + 10 (three roles or more) − 3 per open question (at most 5) − 10 when no known kind of system
//              matched − the review's penalty, clamped to 5..90.
// A met requirement the design review also found addressed counts whole; one only the mechanism vouches for
// (the review had no checklist for it) counts half. A share with nothing to count (no requirement, no figure)
// adds nothing: what could not be checked earns no confidence. It never passes 90: an offline synthesis is not
// a model's judgement.
int confidence_for(const Grounds& g) {
    double c = 10.0;
    if (g.requirements > 0) {
        const double met = static_cast<double>(g.verified) + 0.5 * static_cast<double>(g.met - g.verified);
        c += 50.0 * met / static_cast<double>(g.requirements);
    }
    if (g.commitments > 0) {
        c += 20.0 * static_cast<double>(g.checked) / static_cast<double>(g.commitments);
    }
    c += g.roles >= 3 ? 10.0 : 0.0;
    c -= 3.0 * static_cast<double>(std::min<std::size_t>(g.open_questions, 5));
    c -= g.recognised ? 0.0 : 10.0;
    c -= static_cast<double>(g.review_penalty);
    return static_cast<int>(std::lround(std::clamp(c, 5.0, 90.0)));
}

// The sum behind the confidence, term by term, so a reader can redo it.
std::string confidence_terms(const Grounds& g, int confidence) {
    auto share = [](std::size_t part, std::size_t whole) {
        return std::to_string(part) + "/" + std::to_string(whole);
    };
    std::string out = "10";
    out += g.requirements > 0 ? " + 50 × (" + std::to_string(g.verified) + " + ½ × " +
                                    std::to_string(g.met - g.verified) + ")/" + std::to_string(g.requirements) +
                                    " requirements met with a stated mechanism (whole when the design review "
                                    "found them addressed, half when it could not check)"
                              : " + 0 (the problem states no requirement: cannot tell what must hold)";
    out += g.commitments > 0
               ? " + 20 × " + share(g.checked, g.commitments) + " load and latency figures the proposals size against"
               : " + 0 (the problem states no load or latency target: every size is assumed)";
    out += g.roles >= 3 ? " + 10 for three or more roles" : " + 0 for a panel of fewer than three roles";
    if (g.open_questions > 0) {
        out += " − 3 × " + std::to_string(std::min<std::size_t>(g.open_questions, 5)) + " open question(s)";
    }
    if (!g.recognised) {
        out += " − 10 (the problem matches no kind of system the offline provider knows)";
    }
    if (g.review_penalty > 0) {
        out += " − " + std::to_string(g.review_penalty) + " from the design review";
    }
    return out + " ≈ " + std::to_string(confidence);
}

// The grounds in words, for the solution's description: the rationale is not kept with the solution.
std::string confidence_basis(const Grounds& g) {
    auto count = [](std::size_t n, const char* what) {
        return std::to_string(n) + " " + what;
    };
    std::string out = "Confidence rests on what could be checked: ";
    out += g.requirements > 0
               ? std::to_string(g.met) + " of " + count(g.requirements, "requirement(s)") +
                     " met with a stated mechanism, " +
                     (g.reviewed ? std::to_string(g.verified) + " of them also found addressed by the design review"
                                 : std::string("none of them checked by the design review, which "
                                               "covers task queues only"))
               : std::string("no requirement stated, so none could be checked");
    out += g.commitments > 0 ? ", " + std::to_string(g.checked) + " of " +
                                   count(g.commitments, "load or latency figure(s)") + " sized against"
                             : std::string(", no load or latency target stated, so every size is assumed");
    out += ", a panel of " + count(g.roles, "role(s)");
    if (g.open_questions > 0) {
        out += ", " + count(g.open_questions, "open question(s)");
    }
    if (!g.recognised) {
        out += ", and no kind of system the offline provider knows";
    }
    return out + ".";
}

// The problem's commitments whose figure appears on a line of arithmetic ("≈") in the proposals: sized against,
// not only quoted. The workload lines that merely restate a rate are not arithmetic on it.
std::size_t commitments_checked(const OfflineContext& ctx, std::string_view proposals, std::size_t& commitments) {
    std::size_t checked = 0;
    commitments = 0;
    for (const auto& q : ctx.facts.quantities) {
        if (!is_commitment(q)) {
            continue;
        }
        ++commitments;
        for (auto pos = proposals.find(q.text); pos != std::string_view::npos; pos = proposals.find(q.text, pos + 1)) {
            const auto start = proposals.rfind('\n', pos) + 1;
            const auto line = proposals.substr(start, proposals.find('\n', pos) - start);
            if (line.find("≈") != std::string_view::npos && line.find(": a rate of") == std::string_view::npos) {
                ++checked;
                break;
            }
        }
    }
    return checked;
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
        if (r.mechanism == nullptr) {
            out += "- " + r.id + " (cannot tell): " + shorten(r.text, 90) + " — no proposal states how it is met\n";
            continue;
        }
        out += "- " + r.id + (met.count(r.id) ? " (met): " : " (open): ") + shorten(r.text, 90) + " — " +
               std::string(r.mechanism->design) + "\n";
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
                             const std::string& basis, const std::vector<std::string>& findings) {
    const auto& d = ctx.domain();
    nlohmann::json j;
    // "Design a job system" reads as "a job system" inside a sentence.
    std::string subject = ctx.facts.title;
    for (const char* verb : {"Design ", "Build ", "Create ", "Implement "}) {
        if (subject.rfind(verb, 0) == 0) {
            subject.erase(0, std::string_view(verb).size());
        }
    }
    j["description"] = ctx.domain_recognised
                           ? "For " + subject + ", the debate converges on a " + std::string(d.name) + ": " +
                                 std::string(d.approach) + "."
                           : "For " + subject +
                                 ", the offline provider recognises no kind of system it knows; the proposals assume "
                                 "a generic " +
                                 std::string(d.name) + " (" + std::string(d.approach) +
                                 "), which may not fit the problem.";
    j["description"] = j["description"].get<std::string>() + " " + basis;
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
        unmet.push_back(r.id + ": " + r.text +
                        (r.mechanism == nullptr ? " (cannot tell: no proposal states how it is met)" : ""));
        recs.push_back("Give " + r.id + " an owner and a design: " +
                       (r.mechanism ? std::string(r.mechanism->design) : "specify and test it"));
    }
    for (const auto& f : findings) {
        unmet.push_back(f);
    }
    std::string load = "an agreed peak";
    for (const auto& q : ctx.facts.quantities) {
        if (rate_period_seconds(q) > 0 && is_commitment(q)) {
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
    if (ctx.requirements.empty()) {
        questions.push_back("The problem states no requirement: what must the design achieve, and how would we know?");
    }
    if (quoted_numbers(ctx.facts, 1).empty()) {
        questions.push_back("The problem states no load or latency target: what load and response time must the "
                            "design meet? Every size here is assumed.");
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
    const auto end = std::min(prompt.find("## Simulations of the final proposals", begin),
                              prompt.find("## Summaries recorded", begin));
    return prompt.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
}

namespace {

// The prompt without its simulations section: parley's evidence, not words of the proposals, so it must not count
// as a proposal meeting a requirement.
std::string without_simulations(std::string_view prompt) {
    const auto begin = prompt.find("## Simulations of the final proposals");
    if (begin == std::string_view::npos) {
        return std::string(prompt);
    }
    const auto end = prompt.find("\n## ", begin);
    return std::string(prompt.substr(0, begin)) +
           (end == std::string_view::npos ? std::string() : std::string(prompt.substr(end + 1)));
}

std::string synthesis_answer(OfflineContext& ctx) {
    // The grounded review decides what is met, not the proposals' own "(met)" claims.
    const bool queue_design = review::is_task_queue_problem(ctx.problem);
    const auto grounded =
        queue_design ? review::review_design(final_proposals(ctx.user_text), ctx.problem) : review::Review{};
    const auto proposals = final_proposals(ctx.user_text);
    auto met = met_by_proposals(ctx);
    for (const auto& r : ctx.requirements) {
        // The solution must state how a requirement is met; without a known mechanism it could only say so in
        // words that say nothing, so the requirement stays "cannot tell" whatever the proposals claim.
        if (r.mechanism == nullptr || review::requirement_addressed(grounded, r.text) == false) {
            met.erase(r.id);
        }
    }
    const auto roles = join_roles(ctx.peer_roles);
    const auto total = ctx.requirements.size();
    Grounds grounds;
    grounds.requirements = total;
    grounds.met = met.size();
    grounds.verified = static_cast<std::size_t>(
        std::count_if(ctx.requirements.begin(), ctx.requirements.end(), [&](const Requirement& r) {
            return met.count(r.id) > 0 && review::requirement_addressed(grounded, r.text) == true;
        }));
    grounds.checked = commitments_checked(ctx, proposals, grounds.commitments);
    grounds.open_questions = ctx.facts.open_questions.size();
    grounds.roles = role_count(roles);
    grounds.recognised = ctx.domain_recognised;
    grounds.reviewed = queue_design;
    grounds.review_penalty = review::confidence_penalty_for_problem(grounded);
    const int confidence = confidence_for(grounds);
    const auto unknown = static_cast<std::size_t>(std::count_if(
        ctx.requirements.begin(), ctx.requirements.end(), [](const Requirement& r) { return r.mechanism == nullptr; }));

    std::string out = offline_banner() + "# Synthesis — " + ctx.agent_name + "\n\n## Rationale\n\n";
    out += "The final proposals (" + (roles.empty() ? std::string("no roles named") : roles) + ") were read against " +
           std::to_string(total) + " requirement(s) found in the problem; " + std::to_string(met.size()) +
           " are met with a stated mechanism" +
           (queue_design ? " and not found unaddressed by the design review. " : ". ");
    if (unknown > 0) {
        out += "For " + std::to_string(unknown) +
               " requirement(s) the offline provider knows no mechanism, so it cannot tell whether they are met "
               "and does not claim them. ";
    }
    out += ctx.rng.pick<std::string>({"The proposals agree on the overall shape; they differ on how much machinery " +
                                          std::string(quoted_numbers(ctx.facts, 1).empty()
                                                          ? "the problem justifies, which states no load to size for."
                                                          : "the stated numbers justify."),
                                      "Where the proposals overlap they agree; the remaining differences are about "
                                      "scope, not direction."});
    out += " Confidence " + std::to_string(confidence) +
           "/100, from what could be checked: " + confidence_terms(grounds, confidence) +
           (queue_design ? " (the design review of the proposals found " + std::to_string(grounded.summary.absent) +
                               " checklist concern(s) missing, " + std::to_string(grounded.summary.partial) +
                               " partial, " + std::to_string(grounded.summary.contradicted) + " contradicted and " +
                               std::to_string(grounded.summary.checks_wrong) + " capacity check(s) wrong)"
                         : std::string()) +
           ".\n\n";
    out += "```json\n" +
           solution_json(ctx, met, confidence, confidence_basis(grounds), review::major_findings(grounded))
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n```\n";
    return out;
}

} // namespace

std::string write_synthesis(OfflineContext& ctx) {
    const std::string prompt = without_simulations(ctx.user_text);
    const auto full = std::exchange(ctx.user_text, prompt);
    auto answer = synthesis_answer(ctx);
    ctx.user_text = full;
    return answer;
}

} // namespace parley::offline
