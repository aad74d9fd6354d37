#include "llm/answer_schema.hpp"

#include <algorithm>

#include "util/json_document.hpp"

namespace parley::llm {

namespace {

using nlohmann::json;

// Bounds the work of looking for an answer's JSON among the prompt's objects.
constexpr std::size_t kMaxPromptObjects = 200;

json strings() {
    return {{"type", "array"}, {"items", {{"type", "string"}}}};
}

json text(bool required_text) {
    return required_text ? json{{"type", "string"}, {"minLength", 1}} : json{{"type", "string"}};
}

// The judge's solution: prompts/judge/synthesis.md shows the same fields.
json judge_schema() {
    const json position{{"type", "object"}, {"properties", {{"position", text(false)}, {"agents", strings()}}}};
    const json disagreement{
        {"type", "object"},
        {"required", {"topic"}},
        {"properties", {{"topic", text(true)}, {"positions", {{"type", "array"}, {"items", position}}}}}};
    return {{"type", "object"},
            {"required", {"description", "confidence", "unfulfilledMajorRequirements"}},
            {"properties",
             {{"description", text(true)},
              {"implementation", text(false)},
              {"tradeoffs", strings()},
              {"recommendations", strings()},
              {"confidence", {{"type", "number"}, {"minimum", 0}, {"maximum", 100}}},
              {"unfulfilledMajorRequirements", strings()},
              {"openQuestions", strings()},
              {"disagreements", {{"type", "array"}, {"items", disagreement}}}}}};
}

// The judge's review of a given design: its decision, the reasons, the changes a team must make before it ships,
// and the design as it should ship (the solution's fields, so the requirements, confidence and review of the final
// design read as for any debate). prompts/judge/design_review.md shows the same fields.
json design_review_schema() {
    json out = judge_schema();
    json decisions = json::array();
    for (const char* d : kDesignDecisions) {
        decisions.push_back(d);
    }
    const json change{
        {"type", "object"},
        {"required", {"change"}},
        {"properties", {{"change", text(true)}, {"why", text(false)}, {"priority", {{"enum", {"must", "should"}}}}}}};
    out["properties"]["decision"] = {{"enum", decisions}};
    out["properties"]["reasons"] = strings();
    out["properties"]["changes"] = {{"type", "array"}, {"items", change}};
    out["required"] = {"decision", "reasons", "changes", "description", "confidence", "unfulfilledMajorRequirements"};
    return out;
}

json scored_item() {
    return {{"type", "object"},
            {"required", {"score"}},
            {"properties",
             {{"score", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10}}},
              {"reasoning", text(false)},
              {"evidence", strings()}}}};
}

// An evaluator's scores: prompts/eval/user.md shows the same fields. Items are not required one by one: a
// field the evaluator cannot ground is left out on purpose (the prompt asks for that).
json evaluator_schema() {
    json non_functional{{"type", "object"}, {"properties", json::object()}};
    for (const char* key : {"performance_scalability", "security", "maintainability_evolvability",
                            "regulatory_compliance", "testability"}) {
        non_functional["properties"][key] = scored_item();
    }
    return {{"type", "object"},
            {"required", {"evaluation", "overall_summary"}},
            {"properties",
             {{"evaluation",
               {{"type", "object"},
                {"properties", {{"functional_completeness", scored_item()}, {"non_functional", non_functional}}}}},
              {"overall_summary",
               {{"type", "object"},
                {"properties",
                 {{"strengths", text(false)},
                  {"weaknesses", text(false)},
                  {"overall_score", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10}}}}}}}}}};
}

// An evaluator's comparison: prompts/eval/compare_user.md shows the same fields.
json comparison_schema() {
    const json pick{{"type", "object"},
                    {"required", {"winner"}},
                    {"properties", {{"winner", {{"enum", {"A", "B", "tie"}}}}, {"reasoning", text(false)}}}};
    json items{{"type", "object"}, {"required", {"overall"}}, {"properties", json::object()}};
    for (const char* key : {"functional_completeness", "performance_scalability", "security",
                            "maintainability_evolvability", "regulatory_compliance", "testability", "overall"}) {
        items["properties"][key] = pick;
    }
    return {{"type", "object"}, {"required", {"comparison"}}, {"properties", {{"comparison", items}}}};
}

// A review panel member's answer: prompts/review/concern.md shows the same fields.
json review_concern_schema() {
    return {{"type", "object"},
            {"required", {"status"}},
            {"properties",
             {{"status", {{"enum", {"covered", "partial", "absent", "contradicted"}}}},
              {"quotes", strings()},
              {"reason", text(false)}}}};
}

// An agent's ballot: prompts/vote/ballot.md shows the same fields. Which ids the ranking may hold depends on the
// ballot, so the voting code checks them beside this schema.
json ballot_schema() {
    return {{"type", "object"},
            {"required", {"ranking"}},
            {"properties", {{"ranking", {{"type", "array"}, {"items", text(true)}}}, {"reason", text(false)}}}};
}

// Whether `found` equals a JSON object written in the prompt (a score JSON inside the document being scored).
bool prompt_holds(const json& found, std::string_view prompt) {
    std::size_t tried = 0;
    for (std::size_t open = prompt.find('{'); open != std::string_view::npos && tried < kMaxPromptObjects;
         open = prompt.find('{', open + 1)) {
        const auto close = util::matching_brace(prompt, open);
        if (close == std::string_view::npos) {
            break;
        }
        ++tried;
        if (util::parse_json_bounded(prompt.substr(open, close - open + 1)) == found) {
            return true;
        }
    }
    return false;
}

} // namespace

const AnswerSchema& schema_for(AnswerKind kind) {
    static const AnswerSchema judge{"judge_synthesis", judge_schema()};
    static const AnswerSchema design{"design_review", design_review_schema()};
    static const AnswerSchema evaluator{"evaluator_scores", evaluator_schema()};
    static const AnswerSchema comparison{"comparison", comparison_schema()};
    static const AnswerSchema review_concern{"review_concern", review_concern_schema()};
    static const AnswerSchema ballot{"ballot", ballot_schema()};
    switch (kind) {
    case AnswerKind::judge_synthesis:
        return judge;
    case AnswerKind::design_review:
        return design;
    case AnswerKind::evaluator_scores:
        return evaluator;
    case AnswerKind::comparison:
        return comparison;
    case AnswerKind::review_concern:
        return review_concern;
    case AnswerKind::ballot:
        return ballot;
    }
    return judge;
}

void ask_structured(ChatRequest& request, AnswerKind kind) {
    request.response_schema = schema_for(kind);
}

AnswerCheck check_structured(std::string_view answer, const json& found, AnswerKind kind, std::string_view prompt) {
    AnswerCheck out;
    for (auto& d : check_text(answer, prompt)) {
        // Placeholders are looked for in the JSON values below, where a copied one is certain to be ours.
        if (d.kind != DefectKind::placeholder) {
            out.defects.push_back(std::move(d));
        }
    }
    if (!out.defects.empty() && out.defects.front().kind == DefectKind::empty) {
        return out;
    }
    if (found.is_null() || found.is_discarded()) {
        out.defects.push_back({DefectKind::no_json, "", "no JSON object in the answer"});
        return out;
    }
    const bool echoed =
        std::any_of(out.defects.begin(), out.defects.end(), [](const Defect& d) { return d.kind == DefectKind::echo; });
    if (!echoed && prompt_holds(found, prompt)) {
        out.defects.push_back({DefectKind::echo, "", "the answer's JSON is copied from the prompt"});
    }
    find_placeholders(found, prompt_placeholders(prompt), "", out.defects);
    validate(found, schema_for(kind).schema, "", out.defects);
    return out;
}

bool says_nothing(const AnswerCheck& check) {
    return std::any_of(check.defects.begin(), check.defects.end(), [](const Defect& d) {
        return d.kind == DefectKind::empty || d.kind == DefectKind::no_json || d.kind == DefectKind::echo ||
               d.kind == DefectKind::placeholder;
    });
}

std::string prompt_text(const std::vector<Message>& messages) {
    std::string out;
    for (const auto& m : messages) {
        // A repair carries the model's failed answer: repeating its own words is no echo of ours.
        if (m.role == "assistant") {
            continue;
        }
        out += m.content;
        out += "\n\n";
    }
    return out;
}

ChatRequest repair_request(const ChatRequest& request, const std::string& answer, const AnswerCheck& check,
                           AnswerKind kind) {
    ChatRequest again = request;
    again.messages.push_back({"assistant", answer});
    again.messages.push_back({"user", repair_message(check, kind)});
    return again;
}

std::string contribution_defects(const ChatRequest& request, std::string_view answer) {
    const auto purpose = request.context.purpose;
    if (purpose != Purpose::proposal && purpose != Purpose::critique && purpose != Purpose::refinement) {
        return {};
    }
    AnswerCheck check{check_text(answer, prompt_text(request.messages))};
    // A refinement rightly repeats its own proposal, which its prompt carries: only an answer that also repeats most
    // of the message parley wrote is an echo.
    const std::string asked = request.messages.empty() ? std::string() : request.messages.back().content;
    if (echo_share(asked, answer) < kEchoShare) {
        std::erase_if(check.defects, [](const Defect& d) { return d.kind == DefectKind::echo; });
    }
    return check.summary();
}

std::string repair_message(const AnswerCheck& check, AnswerKind kind) {
    const auto& schema = schema_for(kind);
    return "Your answer could not be used: " + check.summary(5) +
           ".\n\nAnswer again with your own content (not the prompt, not the template's <...> placeholders) as one "
           "JSON object that matches this JSON schema (" +
           schema.name + "), and nothing else:\n\n```json\n" + schema.schema.dump(1) + "\n```\n";
}

} // namespace parley::llm
