// Critiques, clarifying questions and summaries: the offline provider reading other answers.

#include <algorithm>

#include "offline/writer.hpp"
#include "util/utf8.hpp"

namespace parley::offline {

namespace {

// The target's own text in the prompt, found by the title offline proposals carry; empty when absent.
std::string_view target_text(const OfflineContext& ctx, const std::string& target, const std::string& target_role) {
    const std::string title = "Proposal — " + target + " (" + target_role + ")";
    const std::string_view text = ctx.user_text;
    auto start = text.rfind(title);
    if (start == std::string_view::npos) {
        start = text.rfind("Refined proposal — " + target + " (" + target_role + ")");
    }
    if (start == std::string_view::npos) {
        return {};
    }
    const auto end = text.find("\n# ", start);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

struct RolePoint {
    std::string weakness;
    std::string improvement;
};

// The weakness each role looks for first in any proposal, and the fix it asks for.
RolePoint role_point(OfflineContext& ctx) {
    const auto& d = ctx.domain();
    const auto& role = ctx.role;
    if (role == "security") {
        return {"No threat model: " + std::string(ctx.rng.pick(d.threats)) + " is not addressed",
                "Add a threat model and a control per abuse case, starting with: " +
                    std::string(ctx.rng.pick(d.abuse_cases))};
    }
    if (role == "performance") {
        const auto numbers = quoted_numbers(ctx.facts, 2);
        return {"No capacity math for " + std::string(ctx.rng.pick(d.hot_paths)),
                numbers.empty()
                    ? "The problem states no load or latency target: state the load the design assumes, "
                      "size it from that and mark every figure as assumed"
                    : "Show the arithmetic from the problem's numbers (" + numbers + ") to per-second rates" +
                          (std::any_of(ctx.facts.quantities.begin(), ctx.facts.quantities.end(), is_latency_target)
                               ? ", in-flight work and a per-hop latency budget"
                               : " and in-flight work; the problem states no latency requirement, so no budget is "
                                 "split")};
    }
    if (role == "testing") {
        return {"No fault-injection plan; for instance: " + std::string(ctx.rng.pick(d.faults)),
                "Name the test and the production metric for each requirement, and add fault injection: " +
                    std::string(ctx.rng.pick(d.faults))};
    }
    if (role == "kiss") {
        return {"More machinery than the numbers need; consider leaving out " + std::string(ctx.rng.pick(d.left_out)),
                "Start from the minimal design and add parts on measured triggers: " + std::string(d.minimal)};
    }
    if (role == "architect") {
        return {"A failure mode is not handled explicitly: " + std::string(ctx.rng.pick(d.failure_modes)),
                "Give each component one owner of its data and state how the design contains each failure mode"};
    }
    return {"A trade-off is left implicit: " + std::string(ctx.rng.pick(d.tradeoffs)),
            "State the main trade-offs and the side chosen, with the operational cost of each"};
}

// Ends a list item with a full stop unless it already ends with punctuation or an ellipsis.
std::string with_stop(std::string text) {
    if (!text.empty() && text.back() != '.' && text.back() != '?' && text.back() != '!' && !text.ends_with("…")) {
        text += ".";
    }
    return text;
}

// How each role asks the problem's owner to settle one of the problem's own open questions.
std::string deciding_question(std::string_view role) {
    if (role == "architect") {
        return "which consistency or ownership constraint should decide it?";
    }
    if (role == "performance") {
        return "which load or latency figure should decide it?";
    }
    if (role == "security") {
        return "which trust or compliance constraint should decide it?";
    }
    if (role == "testing") {
        return "what observable outcome would show that the choice was right?";
    }
    if (role == "kiss") {
        return "what is the simplest answer the team could live with?";
    }
    return "which constraint (cost, time or risk) should decide it?";
}

} // namespace

std::string write_critique(OfflineContext& ctx) {
    const auto& target = ctx.target_name;
    const auto& target_role = ctx.target_role;
    const auto region = target_text(ctx, target, target_role);
    auto target_met = met_ids_in(region, ctx.requirements);
    if (region.empty()) {
        target_met = default_met_ids(target_role, ctx.requirements);
    }
    const auto mine = default_met_ids(ctx.role, ctx.requirements);

    std::string out = offline_banner() + "# Critique of " + target + "'s proposal (" + target_role + ") — by " +
                      ctx.agent_name + " (" + ctx.role + ")\n\n## Strengths\n\n";
    std::size_t strengths = 0;
    for (const auto& r : ctx.requirements) {
        if (target_met.count(r.id) && strengths < 3) {
            out += "- **" + r.id + "** is covered: " + with_stop(shorten(r.text, 90)) + "\n";
            ++strengths;
        }
    }
    // Only what can be seen in the proposal: whether it works from the problem's first commitment.
    const auto first = quoted_numbers(ctx.facts, 1);
    out += "- The " + target_role + " view is stated explicitly";
    if (!first.empty() && !region.empty()) {
        out += region.find(first) != std::string_view::npos ? " and works from the problem's " + first
                                                            : "; it does not quote the problem's " + first;
    }
    out += ".\n";

    out += "\n## Weaknesses\n\n";
    std::vector<const Requirement*> gaps;
    for (const auto& r : ctx.requirements) {
        if (!target_met.count(r.id) && mine.count(r.id)) {
            gaps.push_back(&r);
        }
    }
    for (const auto* r : gaps) {
        out += "- **" + r->id + "** is only partly addressed: " + with_stop(shorten(r->text, 90)) + "\n";
    }
    std::size_t unknown = 0;
    for (const auto& r : ctx.requirements) {
        if (r.mechanism == nullptr && !target_met.count(r.id) && unknown++ < 2) {
            out += "- **" + r.id + "**: no proposal states how it is met; cannot tell whether this design meets it: " +
                   with_stop(shorten(r.text, 90)) + "\n";
        }
    }
    const auto point = role_point(ctx);
    out += "- " + with_stop(point.weakness) + "\n";

    out += "\n## Improvements\n\n";
    int n = 0;
    for (const auto* r : gaps) {
        out += std::to_string(++n) + ". **" + r->id + "** — " + role_angle(ctx.role, *r, ctx.domain()) + ".\n";
    }
    out += std::to_string(++n) + ". " + with_stop(point.improvement) + "\n";

    const std::size_t total = ctx.requirements.size();
    const char* severity = "minor";
    if (total >= 4 && target_met.size() * 4 < total) {
        severity = "critical";
    } else if (gaps.size() >= 2 || (total > 0 && target_met.size() * 2 < total)) {
        severity = "major";
    }
    out += "\n## Severity\n\n**Severity: " + std::string(severity) + "** — " + std::to_string(target_met.size()) +
           " of " + std::to_string(total) + " requirements covered; " + std::to_string(gaps.size()) +
           " gap(s) in the " + ctx.role + " view.\n";
    return out;
}

std::string write_clarify(OfflineContext& ctx) {
    const long max_questions = ctx.limit.value_or(3);
    std::vector<std::string> questions;
    auto consider = [&](const Probe& p) {
        if (p.roles.find(ctx.role) == std::string_view::npos || contains_any(ctx.facts.lower, p.answered_by)) {
            return;
        }
        questions.emplace_back(p.question);
    };
    for (const auto& p : ctx.domain().probes) {
        consider(p);
    }
    for (const auto& p : general_probes()) {
        consider(p);
    }
    if (!ctx.facts.open_questions.empty()) {
        // Each role takes a different one of the problem's own questions, so the agents do not all ask the same.
        const auto index = fnv1a(ctx.role) % ctx.facts.open_questions.size();
        auto q = ctx.facts.open_questions[index];
        if (q.back() == '?') {
            q.pop_back();
        }
        questions.insert(questions.begin(), "The problem leaves open \"" + q + "\": " + deciding_question(ctx.role));
    }
    std::string out = offline_banner();
    if (questions.empty() || max_questions <= 0) {
        return out + "NONE\n";
    }
    for (long i = 0; i < max_questions && i < static_cast<long>(questions.size()); ++i) {
        out += std::to_string(i + 1) + ". " + questions[static_cast<std::size_t>(i)] + "\n";
    }
    return out;
}

} // namespace parley::offline
