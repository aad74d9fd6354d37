#include "eval/score_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "llm/answer_schema.hpp"
#include "util/json_document.hpp"

namespace parley::eval {

namespace {

using nlohmann::json;

std::optional<double> number_in_string(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    const auto last = s.find_last_not_of(" \t");
    if (first == std::string::npos) {
        return std::nullopt;
    }
    const char* begin = s.data() + first;
    const char* end = s.data() + last + 1;
    double value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

const json* member(const json& object, std::string_view key) {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

void note(ParsedAnswer& out, AnswerIssue issue, std::string line) {
    ++out.issues[issue];
    out.warnings.push_back(std::move(line));
}

void read_score(ParsedAnswer& out, std::size_t index, const json* field, const std::string& path) {
    auto& item = out.items[index];
    const json* score = field && field->is_object() ? member(*field, "score") : field;
    if (!score) {
        note(out, AnswerIssue::missing_category, path + ": missing");
        return;
    }
    std::optional<double> value;
    if (score->is_number()) {
        value = score->get<double>();
        if (!std::isfinite(*value)) {
            value.reset();
        }
    } else if (score->is_string()) {
        value = number_in_string(score->get<std::string>());
        if (value) {
            note(out, AnswerIssue::string_number, path + ": a score written as a string, read as " + score->dump());
        }
    }
    if (!value) {
        note(out, AnswerIssue::not_a_number, path + ": not a number (" + util::json_type_name(*score) + "), ignored");
        return;
    }
    if (*value < kMinScore || *value > kMaxScore) {
        const double clamped = std::clamp(*value, kMinScore, kMaxScore);
        note(out, AnswerIssue::out_of_range,
             path + ": " + json(*value).dump() + " is outside 1-10, clamped to " + json(clamped).dump());
        value = clamped;
    }
    item.score = value;
    if (field && field->is_object()) {
        if (const json* reasoning = member(*field, "reasoning"); reasoning && reasoning->is_string()) {
            item.reasoning = reasoning->get<std::string>();
        }
        if (const json* evidence = member(*field, "evidence")) {
            if (evidence->is_string()) {
                item.evidence.push_back(evidence->get<std::string>());
            } else if (evidence->is_array()) {
                for (const auto& quote : *evidence) {
                    if (quote.is_string()) {
                        item.evidence.push_back(quote.get<std::string>());
                    }
                }
            }
        }
    }
}

} // namespace

const char* to_string(AnswerIssue issue) {
    switch (issue) {
    case AnswerIssue::no_json:
        return "no_json";
    case AnswerIssue::not_a_number:
        return "not_a_number";
    case AnswerIssue::string_number:
        return "string_number";
    case AnswerIssue::out_of_range:
        return "out_of_range";
    case AnswerIssue::missing_category:
        return "missing_category";
    case AnswerIssue::echo:
        return "echo";
    case AnswerIssue::placeholder:
        return "placeholder";
    case AnswerIssue::wrong_shape:
        return "wrong_shape";
    }
    return "no_json";
}

bool ParsedAnswer::usable() const {
    return !llm::says_nothing(check) &&
           std::any_of(items.begin(), items.end(), [](const ScoreItem& i) { return i.score.has_value(); });
}

json first_json_object(std::string_view text) {
    // After a balanced span that is not JSON the search goes on past its end, never inside it: an answer whose
    // object holds NaN is no JSON at all, not an inner fragment ({"score": 7}) read as an answer missing every item.
    for (std::size_t begin = text.find('{'); begin != std::string_view::npos;) {
        const auto end = util::matching_brace(text, begin);
        if (end == std::string_view::npos) {
            break;
        }
        auto parsed = util::parse_json_bounded(text.substr(begin, end - begin + 1));
        if (!parsed.is_discarded() && parsed.is_object()) {
            return parsed;
        }
        begin = text.find('{', end + 1);
    }
    return json(json::value_t::discarded);
}

ParsedAnswer parse_evaluation(std::string_view text, std::string_view prompt) {
    ParsedAnswer out;
    auto object = first_json_object(text);
    out.check = llm::check_structured(text, object, llm::AnswerKind::evaluator_scores, prompt);
    // The kinds the score reading below does not count itself.
    for (const auto& d : out.check.defects) {
        if (d.kind == llm::DefectKind::echo || d.kind == llm::DefectKind::placeholder) {
            note(out, d.kind == llm::DefectKind::echo ? AnswerIssue::echo : AnswerIssue::placeholder, d.message);
        } else if (d.kind == llm::DefectKind::wrong_shape && d.path.find(".score") == std::string::npos) {
            note(out, AnswerIssue::wrong_shape, d.message);
        }
    }
    if (object.is_discarded()) {
        note(out, AnswerIssue::no_json, "no JSON object in the answer");
        return out;
    }
    out.object = std::move(object);
    if (llm::says_nothing(out.check)) {
        // An echo or a copied template: none of its numbers is the evaluator's score.
        return out;
    }
    const json* evaluation = member(out.object, "evaluation");
    const json* non_functional = evaluation ? member(*evaluation, "non_functional") : nullptr;
    const json* summary = member(out.object, "overall_summary");
    for (std::size_t i = 0; i < kCategoryCount; ++i) {
        const auto& c = rubric()[i];
        if (i == kOverall) {
            read_score(out, i, summary ? member(*summary, c.key) : nullptr, "overall_summary.overall_score");
            if (summary) {
                if (const json* w = member(*summary, "weaknesses"); w && w->is_string()) {
                    out.items[i].reasoning = w->get<std::string>();
                }
            }
            continue;
        }
        const json* parent = c.non_functional ? non_functional : evaluation;
        const std::string path =
            std::string(c.non_functional ? "evaluation.non_functional." : "evaluation.") + std::string(c.key);
        read_score(out, i, parent ? member(*parent, c.key) : nullptr, path);
    }
    return out;
}

nlohmann::json issues_json(const std::map<AnswerIssue, int>& issues) {
    auto out = nlohmann::json::object();
    for (const auto& [issue, count] : issues) {
        out[to_string(issue)] = count;
    }
    return out;
}

} // namespace parley::eval
