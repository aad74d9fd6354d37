#include "debate/prompt_fitting.hpp"

#include <set>

#include <fmt/format.h>

#include "llm/prompt_fit.hpp"

namespace parley::debate {

namespace {

// The values that grow with the debate or with the user's files. Names, roles, numbers and the templates' own
// instructions are never cut: without them the prompt asks for something else.
const std::set<std::string> kCuttable{
    "problem",           "clarifications",     "history",         "history_summary", "target_proposal", "own_proposal",
    "previous_proposal", "critiques_received", "final_proposals", "summaries",       "design",          "critiques"};

std::string unfit_reason(const AgentConfig& who, const llm::ContextBudget& budget, std::size_t fixed_bytes) {
    const long room = llm::answer_room_tokens(budget.tokens, who.max_tokens);
    return fmt::format("the prompt's fixed part alone (about {} tokens) and the answer's {} tokens pass {}'s context "
                       "budget of {} tokens ({}); raise contextBudgetTokens or shorten its prompt templates",
                       llm::estimated_tokens(fixed_bytes), room, who.id, budget.tokens, llm::to_string(budget.source));
}

} // namespace

std::optional<llm::ContextBudget> context_budget_of(const AgentConfig& who) {
    if (who.provider.kind == "offline") {
        return std::nullopt;
    }
    return llm::context_budget(who.context_budget_tokens, who.model);
}

FittedPrompt render_fitted(const AgentConfig& who, PromptKind kind, std::map<std::string, std::string> values) {
    return render_fitted(who, who.prompts.at(kind).text, std::move(values));
}

FittedPrompt render_fitted(const AgentConfig& who, const std::string& user, std::map<std::string, std::string> values) {
    const auto& system = who.prompts.at(PromptKind::system).text;
    const auto render = [&] {
        return std::vector<llm::Message>{{"system", render_template(system, values)},
                                         {"user", render_template(user, values)}};
    };
    FittedPrompt out;
    out.messages = render();
    const auto budget = context_budget_of(who);
    if (!budget) {
        return out;
    }
    const std::size_t allowed = llm::prompt_bytes_allowed(budget->tokens, who.max_tokens);
    const std::size_t whole = llm::prompt_bytes(out.messages);
    if (whole <= allowed) {
        return out;
    }
    auto uses = placeholder_uses(system);
    for (const auto& [name, n] : placeholder_uses(user)) {
        uses[name] += n;
    }
    std::vector<llm::PromptPart> parts;
    std::size_t variable = 0;
    for (auto& [name, value] : values) {
        const auto used = uses.find(name);
        if (kCuttable.count(name) && used != uses.end()) {
            parts.push_back({&value, used->second});
            variable += value.size() * used->second;
        }
    }
    const std::size_t fixed = whole - variable;
    const std::size_t markers = parts.size() * llm::marker_allowance(who.id);
    if (fixed + markers > allowed) {
        out.unfit = unfit_reason(who, *budget, fixed);
        return out;
    }
    out.cut_bytes = llm::fit_parts(parts, allowed - fixed, who.id);
    out.messages = render();
    return out;
}

std::string fit_request(const AgentConfig& who, std::vector<llm::Message>& messages) {
    const auto budget = context_budget_of(who);
    if (!budget) {
        return {};
    }
    if (llm::fit_messages(messages, llm::prompt_bytes_allowed(budget->tokens, who.max_tokens), who.id)) {
        return {};
    }
    return unfit_reason(who, *budget, llm::prompt_bytes(messages));
}

} // namespace parley::debate
