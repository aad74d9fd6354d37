#include "debate/prompt_template.hpp"

#include <algorithm>

namespace parley::debate {

std::string_view prompt_kind_name(PromptKind kind) {
    switch (kind) {
    case PromptKind::system:
        return "system";
    case PromptKind::clarify:
        return "clarify";
    case PromptKind::proposal:
        return "proposal";
    case PromptKind::critique:
        return "critique";
    case PromptKind::refinement:
        return "refinement";
    case PromptKind::summary:
        return "summary";
    case PromptKind::synthesis:
        return "synthesis";
    case PromptKind::design_critique:
        return "design_critique";
    case PromptKind::design_review:
        return "design_review";
    case PromptKind::interim_judge:
        return "interim_judge";
    case PromptKind::ballot:
        return "ballot";
    }
    return "system";
}

std::string_view design_prompt_file(PromptKind kind) {
    switch (kind) {
    case PromptKind::design_critique:
        return "prompts/design/critique.md";
    case PromptKind::design_review:
        return "prompts/design/review.md";
    case PromptKind::interim_judge:
        return "prompts/judge/interim.md";
    case PromptKind::ballot:
        return "prompts/vote/ballot.md";
    default:
        return {};
    }
}

const std::set<std::string>& allowed_placeholders(PromptKind kind) {
    static const std::set<std::string> common{"problem", "clarifications", "agent_name",
                                              "role",    "round",          "total_rounds"};
    auto with = [](std::initializer_list<const char*> extra) {
        std::set<std::string> out = common;
        for (const char* name : extra) {
            out.insert(name);
        }
        return out;
    };
    static const std::set<std::string> system = common;
    static const std::set<std::string> clarify = with({"max_questions"});
    static const std::set<std::string> proposal = with({"history_summary"});
    static const std::set<std::string> critique =
        with({"target_agent", "target_role", "target_proposal", "own_proposal"});
    static const std::set<std::string> refinement =
        with({"previous_proposal", "critiques_received", "history_summary"});
    static const std::set<std::string> summary = with({"history", "max_length"});
    static const std::set<std::string> synthesis = with({"final_proposals", "summaries", "simulations"});
    static const std::set<std::string> design_critique = with({"design"});
    static const std::set<std::string> design_review = with({"design", "final_proposals", "critiques", "summaries"});
    static const std::set<std::string> interim_judge = with({"current_designs", "question"});
    static const std::set<std::string> ballot = with({"candidates", "candidate_ids"});
    switch (kind) {
    case PromptKind::system:
        return system;
    case PromptKind::clarify:
        return clarify;
    case PromptKind::proposal:
        return proposal;
    case PromptKind::critique:
        return critique;
    case PromptKind::refinement:
        return refinement;
    case PromptKind::summary:
        return summary;
    case PromptKind::synthesis:
        return synthesis;
    case PromptKind::design_critique:
        return design_critique;
    case PromptKind::design_review:
        return design_review;
    case PromptKind::interim_judge:
        return interim_judge;
    case PromptKind::ballot:
        return ballot;
    }
    return system;
}

namespace {

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Calls on_text for literal runs and on_name for each {{name}}; anything else in braces stays literal.
template <class OnText, class OnName> void walk(std::string_view text, OnText on_text, OnName on_name) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find("{{", pos);
        if (open == std::string_view::npos) {
            break;
        }
        const auto close = text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            break;
        }
        std::string_view name = text.substr(open + 2, close - open - 2);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
            on_text(text.substr(pos, open + 2 - pos));
            pos = open + 2;
            continue;
        }
        on_text(text.substr(pos, open - pos));
        on_name(std::string(name));
        pos = close + 2;
    }
    on_text(text.substr(pos));
}

} // namespace

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> names;
    walk(
        text, [](std::string_view) {},
        [&](const std::string& name) {
            if (std::find(names.begin(), names.end(), name) == names.end()) {
                names.push_back(name);
            }
        });
    return names;
}

std::map<std::string, std::size_t> placeholder_uses(std::string_view text) {
    std::map<std::string, std::size_t> uses;
    walk(
        text, [](std::string_view) {}, [&](const std::string& name) { ++uses[name]; });
    return uses;
}

std::string render_template(std::string_view text, const std::map<std::string, std::string>& values) {
    std::string out;
    out.reserve(text.size());
    walk(
        text, [&](std::string_view literal) { out += literal; },
        [&](const std::string& name) {
            if (auto it = values.find(name); it != values.end()) {
                out += it->second;
            }
        });
    return out;
}

} // namespace parley::debate
