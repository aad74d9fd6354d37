#include "offline/writer.hpp"

#include <algorithm>

namespace parley::offline {

using llm::CallContext;
using llm::ChatRequest;
using llm::Purpose;

std::string join_roles(const std::vector<std::string>& roles) {
    std::string out;
    for (const auto& role : roles) {
        out += (out.empty() ? "" : ",") + role;
    }
    return out;
}

std::string offline_banner() {
    return "_Offline provider (parley-offline-1): deterministic text built from the problem statement, not a model's "
           "judgement._\n\n";
}

namespace {

// An empty name reads as no name at all, as the debate never sends one empty on purpose.
std::string or_fallback(const std::string& value, std::string fallback) {
    return value.empty() ? fallback : value;
}

} // namespace

OfflineContext make_offline_context(const ChatRequest& request, std::uint64_t stream_seed) {
    const CallContext& call = request.context;
    OfflineContext ctx;
    ctx.rng = OfflineRng(stream_seed);
    for (const auto& m : request.messages) {
        if (m.role == "user") {
            ctx.user_text = m.content;
        }
    }
    ctx.purpose = call.purpose;
    ctx.role = or_fallback(call.agent.role, "generalist");
    ctx.agent_name = or_fallback(call.agent.name, role_display(ctx.role));
    ctx.round = call.round;
    ctx.target_id = call.target ? call.target->id : std::string();
    ctx.target_name = or_fallback(call.target ? call.target->name : std::string(), "the other agent");
    ctx.target_role = or_fallback(call.target ? call.target->role : std::string(), "generalist");
    ctx.peer_roles = call.peer_roles;
    ctx.limit = call.limit;
    ctx.documents = call.documents;
    ctx.interim = call.interim;
    ctx.candidates = call.candidates;
    if (call.problem) {
        ctx.problem = *call.problem;
    }
    if (call.design) {
        ctx.design = *call.design;
    }
    ctx.facts = analyze_problem(call.problem ? ctx.problem : ctx.user_text);
    for (const Domain* d : domains_for(ctx.facts.lower)) {
        ctx.domains.push_back(fitted_to(*d, ctx.facts.lower));
    }
    ctx.domain_recognised = !ctx.domain().triggers.empty();
    int n = 0;
    for (const auto& text : ctx.facts.requirements) {
        Requirement r{"R" + std::to_string(++n), text, to_lower(text), nullptr};
        r.mechanism = mechanism_for(r.lower);
        ctx.requirements.push_back(std::move(r));
    }
    return ctx;
}

std::string write_offline_answer(OfflineContext& ctx) {
    switch (ctx.purpose) {
    case Purpose::clarification:
        return write_clarify(ctx);
    case Purpose::critique:
        return ctx.target_id == llm::kGivenDesignId ? write_design_critique(ctx) : write_critique(ctx);
    case Purpose::refinement:
        return ctx.design.empty() ? write_proposal(ctx, true) : write_design_refinement(ctx);
    case Purpose::summary:
    case Purpose::judge_summary:
        return write_summary(ctx);
    case Purpose::synthesis:
        return ctx.design.empty() ? write_synthesis(ctx) : write_design_review(ctx);
    case Purpose::evaluation:
        return write_evaluation(ctx);
    case Purpose::comparison:
        return write_comparison(ctx);
    case Purpose::interim_judge:
        return write_interim(ctx);
    case Purpose::ballot:
        return write_ballot(ctx);
    case Purpose::proposal:
    case Purpose::baseline:
        break;
    }
    return write_proposal(ctx, false);
}

std::string met_marker(const std::string& id) {
    return "**" + id + "** (met)";
}

std::string cannot_tell_marker(const std::string& id) {
    return "**" + id + "** (cannot tell)";
}

std::set<std::string> met_ids_in(std::string_view text, const std::vector<Requirement>& requirements) {
    std::set<std::string> out;
    for (const auto& r : requirements) {
        if (text.find(met_marker(r.id)) != std::string_view::npos) {
            out.insert(r.id);
        }
    }
    return out;
}

std::set<std::string> default_met_ids(std::string_view role, const std::vector<Requirement>& requirements) {
    std::set<std::string> out;
    for (const auto& r : requirements) {
        if (role_meets(role, r.mechanism)) {
            out.insert(r.id);
        }
    }
    return out;
}

std::string role_angle(std::string_view role, const Requirement& r, const Domain& domain) {
    if (r.mechanism == nullptr) {
        return "no known mechanism for it in a " + std::string(domain.name) + "; cannot tell how it is met";
    }
    const auto& m = *r.mechanism;
    if (role == "performance") {
        return std::string(m.design) + "; " + std::string(m.cost);
    }
    if (role == "security") {
        return std::string(m.design) + "; threat: " + std::string(m.threat);
    }
    if (role == "testing") {
        return "verified by: " + std::string(m.verify);
    }
    if (role == "kiss") {
        return std::string(m.simple);
    }
    return std::string(m.design);
}

std::string role_display(std::string_view role) {
    if (role == "architect") {
        return "Architecture";
    }
    if (role == "performance") {
        return "Performance";
    }
    if (role == "security") {
        return "Security";
    }
    if (role == "testing") {
        return "Testing";
    }
    if (role == "kiss") {
        return "Simplicity";
    }
    if (role == "generalist") {
        return "Generalist";
    }
    return role.empty() ? "Generalist" : std::string(role);
}

std::vector<const Quantity*> salient_quantities(const ProblemFacts& facts) {
    // Rates and latency targets first: they are the numbers a design is judged by.
    auto salience = [](const Quantity& q) {
        return !is_commitment(q) ? 2 : rate_period_seconds(q) > 0 ? 0 : 1;
    };
    std::vector<const Quantity*> ordered;
    for (const auto& q : facts.quantities) {
        ordered.push_back(&q);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const Quantity* a, const Quantity* b) { return salience(*a) < salience(*b); });
    return ordered;
}

std::string quoted_numbers(const ProblemFacts& facts, std::size_t max_count) {
    // Only rates and this design's own latency targets are commitments; a budget, a team size or another
    // system's SLO is never quoted as something the design is checked against.
    std::string out;
    std::size_t count = 0;
    for (const auto* q : salient_quantities(facts)) {
        if (count < max_count && is_commitment(*q)) {
            out += (out.empty() ? "" : ", ") + q->text;
            ++count;
        }
    }
    return out;
}

std::string tradeoff_as_choice(std::string_view tradeoff) {
    const auto vs = tradeoff.find(" vs ");
    if (vs == std::string_view::npos) {
        return "Decide " + std::string(tradeoff);
    }
    return "Prefer " + std::string(tradeoff.substr(0, vs)) + " over " + std::string(tradeoff.substr(vs + 4));
}

} // namespace parley::offline
