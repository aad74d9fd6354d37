#include "eval/comparison.hpp"

#include <cstdio>

#include "eval/eval_config.hpp"
#include "llm/answer_schema.hpp"
#include "util/json_document.hpp"

namespace parley::eval {

namespace {

using nlohmann::json;

std::optional<Pick> pick_of(const json& v) {
    if (!v.is_string()) {
        return std::nullopt;
    }
    const auto s = v.get<std::string>();
    if (s == "A" || s == "a") {
        return Pick::first;
    }
    if (s == "B" || s == "b") {
        return Pick::second;
    }
    if (s == "tie" || s == "Tie" || s == "TIE") {
        return Pick::tie;
    }
    return std::nullopt;
}

// The document a pick names, given which was shown first.
Winner winner_of(Pick pick, bool a_first) {
    if (pick == Pick::tie) {
        return Winner::tie;
    }
    return (pick == Pick::first) == a_first ? Winner::a : Winner::b;
}

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", v * 100.0);
    return buf;
}

std::string item_key(std::size_t c) {
    return c == kOverall ? std::string("overall") : std::string(rubric()[c].key);
}

} // namespace

const char* to_string(Winner winner) {
    switch (winner) {
    case Winner::a:
        return "A";
    case Winner::b:
        return "B";
    case Winner::tie:
        return "tie";
    }
    return "tie";
}

bool ComparisonAnswer::usable() const {
    return !llm::says_nothing(check) && picks[kOverall].has_value();
}

ComparisonAnswer parse_comparison(std::string_view text, std::string_view prompt) {
    ComparisonAnswer out;
    const auto object = first_json_object(text);
    out.check = llm::check_structured(text, object, llm::AnswerKind::comparison, prompt);
    // The kinds the reading below does not count itself.
    for (const auto& d : out.check.defects) {
        if (d.kind == llm::DefectKind::echo || d.kind == llm::DefectKind::placeholder) {
            ++out.issues[d.kind == llm::DefectKind::echo ? AnswerIssue::echo : AnswerIssue::placeholder];
            out.warnings.push_back(d.message);
        }
    }
    if (llm::says_nothing(out.check) && !object.is_discarded()) {
        // An echo or a copied template: none of its picks is the evaluator's.
        return out;
    }
    const auto it = object.is_object() ? object.find("comparison") : object.end();
    if (object.is_discarded() || it == object.end() || !it->is_object()) {
        ++out.issues[AnswerIssue::no_json];
        out.warnings.push_back("no JSON object with \"comparison\" in the answer");
        return out;
    }
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        const auto key = item_key(c);
        const auto item = it->find(key);
        if (item == it->end()) {
            ++out.issues[AnswerIssue::missing_category];
            out.warnings.push_back("comparison." + key + ": missing");
            continue;
        }
        const auto winner = item->is_object() ? item->value("winner", json()) : *item;
        out.picks[c] = pick_of(winner);
        if (!out.picks[c]) {
            ++out.issues[AnswerIssue::not_a_number];
            out.warnings.push_back("comparison." + key + ".winner: expected \"A\", \"B\" or \"tie\", got " +
                                   util::json_type_name(winner) + "; ignored");
        }
    }
    return out;
}

ComparisonResult tally_comparison(std::vector<ComparisonEvaluator> evaluators, std::string label_a, std::string label_b,
                                  int samples) {
    ComparisonResult r;
    r.label_a = std::move(label_a);
    r.label_b = std::move(label_b);
    r.samples = samples;
    r.evaluators = std::move(evaluators);
    for (auto& e : r.evaluators) {
        for (const auto& s : e.samples) {
            r.calls += 2;
            r.from_journal += s.from_journal;
            r.tokens += s.tokens;
            // A pair without a price is unknown for each of its calls not served from the journal.
            r.cost += s.cost_usd ? util::Money{*s.cost_usd, 0}
                                 : util::Money{0, 2 - static_cast<long>(std::min<std::size_t>(s.from_journal, 2))};
            r.repair_calls += static_cast<std::size_t>(s.repair_calls);
            for (const auto* answer : {&s.a_first, &s.b_first}) {
                if (*answer) {
                    for (const auto& [issue, count] : (*answer)->issues) {
                        r.issues[issue] += count;
                    }
                }
            }
            if (!s.a_first || !s.b_first) {
                continue;
            }
            for (std::size_t c = 0; c < kCategoryCount; ++c) {
                const auto& p1 = s.a_first->picks[c];
                const auto& p2 = s.b_first->picks[c];
                if (!p1 || !p2) {
                    continue;
                }
                ++e.pairs;
                auto& t = r.items[c];
                const Winner w1 = winner_of(*p1, true);
                const Winner w2 = winner_of(*p2, false);
                if (w1 == w2) {
                    ++t.agreeing;
                    (w1 == Winner::a ? t.a : w1 == Winner::b ? t.b : t.ties)++;
                    continue;
                }
                // The orders disagree: a tie, and a flip when each order named the opposite document.
                ++t.ties;
                if (w1 != Winner::tie && w2 != Winner::tie) {
                    ++t.flips;
                    ++e.flips;
                }
            }
        }
        if (e.pairs == 0) {
            r.warnings.push_back("evaluator " + e.info.id + " gave no usable comparison in both orders");
        } else {
            ++r.usable_evaluators;
        }
    }
    const auto& overall = r.items[kOverall];
    const int judged = overall.a + overall.b + overall.ties;
    const int disagreeing = judged - overall.agreeing;
    if (r.usable_evaluators == 0 && !r.evaluators.empty()) {
        r.winner_note = "unknown: no evaluator gave a usable comparison in both orders";
    } else if (judged == 0) {
        r.winner_note = "no overall verdict was given in both orders";
    } else if (disagreeing > overall.agreeing) {
        r.winner_note = "withheld: the two orders disagreed " + std::to_string(disagreeing) + " time(s) and agreed " +
                        std::to_string(overall.agreeing) + " time(s)";
    } else {
        r.winner = overall.a > overall.b ? Winner::a : overall.b > overall.a ? Winner::b : Winner::tie;
        r.winner_note = "overall verdicts consistent in both orders: A " + std::to_string(overall.a) + ", B " +
                        std::to_string(overall.b) + ", tie " + std::to_string(overall.ties);
    }
    return r;
}

json to_json(const ComparisonResult& r) {
    json items = json::object();
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        const auto& t = r.items[c];
        items[item_key(c)] = {{"a", t.a}, {"b", t.b}, {"ties", t.ties}, {"flips", t.flips}, {"agreeing", t.agreeing}};
    }
    json evaluators = json::array();
    for (const auto& e : r.evaluators) {
        evaluators.push_back({{"id", e.info.id},
                              {"name", e.info.name},
                              {"model", e.info.model},
                              {"provider", e.info.provider},
                              {"pairs", e.pairs},
                              {"flips", e.flips},
                              {"flipRate", e.pairs ? json(static_cast<double>(e.flips) / e.pairs) : json(nullptr)}});
    }
    const json issues = issues_json(r.issues);
    json out{{"a", r.label_a},
             {"b", r.label_b},
             {"samples", r.samples},
             {"items", items},
             {"winner", r.winner ? json(to_string(*r.winner)) : json(nullptr)},
             {"winnerNote", r.winner_note},
             {"evaluators", evaluators},
             {"issues", issues},
             {"warnings", r.warnings},
             {"calls", r.calls},
             {"fromJournal", r.from_journal},
             {"usableEvaluators", r.usable_evaluators},
             {"repairCalls", r.repair_calls},
             {"tokens", r.tokens},
             {"offline", r.offline}};
    util::put_money_fields(out, r.cost);
    if (r.offline) {
        out["note"] = std::string(kOfflineNote);
    }
    return {{"comparison", out}};
}

std::string to_markdown(const ComparisonResult& r) {
    std::string out = "# Comparison\n\nA: " + r.label_a + "  \nB: " + r.label_b + "\n\n";
    if (r.offline) {
        out += "Verdicts **" + std::string(kOfflineNote) + "**, not a model's opinion.\n\n";
    }
    out += "Each evaluator was asked in both orders; a verdict that flips with the order counts as a tie.\n\n";
    out += "| Item | A better | B better | Ties | Of which flips |\n|---|---|---|---|---|\n";
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        const auto& t = r.items[c];
        out += "| " + std::string(rubric()[c].label) + " | " + std::to_string(t.a) + " | " + std::to_string(t.b) +
               " | " + std::to_string(t.ties) + " | " + std::to_string(t.flips) + " |\n";
    }
    out += "\n**Winner:** " + (r.winner ? std::string(to_string(*r.winner)) : std::string("unknown")) + " (" +
           r.winner_note + ")\n\n| Evaluator | Model | Pairs | Flips | Flip rate |\n|---|---|---|---|---|\n";
    for (const auto& e : r.evaluators) {
        out += "| " + e.info.name + " | " + e.info.model + " | " + std::to_string(e.pairs) + " | " +
               std::to_string(e.flips) + " | " +
               (e.pairs ? pct(static_cast<double>(e.flips) / e.pairs) : std::string("N/A")) + " |\n";
    }
    if (!r.issues.empty() || r.repair_calls > 0) {
        std::string defects;
        for (const auto& [issue, count] : r.issues) {
            defects += (defects.empty() ? "" : ", ") + std::string(to_string(issue)) + " " + std::to_string(count);
        }
        out += "\nEvaluators: " + std::to_string(r.evaluators.size()) +
               " (usable: " + std::to_string(r.usable_evaluators) +
               "); answers asked again: " + std::to_string(r.repair_calls) +
               "; defects: " + (defects.empty() ? std::string("none") : defects) + "\n";
    }
    for (const auto& w : r.warnings) {
        out += "\n- " + w;
    }
    return out + "\n";
}

std::string to_csv(const ComparisonResult& r) {
    std::string out = "kind,name,a,b,ties,flips,flip_rate\n";
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        const auto& t = r.items[c];
        out += "item," + item_key(c) + "," + std::to_string(t.a) + "," + std::to_string(t.b) + "," +
               std::to_string(t.ties) + "," + std::to_string(t.flips) + ",\n";
    }
    for (const auto& e : r.evaluators) {
        char rate[32] = "";
        if (e.pairs) {
            std::snprintf(rate, sizeof rate, "%.4f", static_cast<double>(e.flips) / e.pairs);
        }
        out += "evaluator," + e.info.id + ",,,," + std::to_string(e.flips) + "," + rate + "\n";
    }
    return out;
}

} // namespace parley::eval
