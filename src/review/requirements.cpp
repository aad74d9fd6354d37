#include "review/requirements.hpp"

#include <algorithm>
#include <cmath>

namespace parley::review {

namespace {

constexpr double kNumberTolerance = 0.02;
constexpr std::size_t kMaxRequirements = 200;

bool is_list_item(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) {
        ++i;
    }
    if (i + 1 < t.size() && (t[i] == '-' || t[i] == '*' || t[i] == '+') && t[i + 1] == ' ') {
        return true;
    }
    std::size_t d = i;
    while (d < t.size() && t[d] >= '0' && t[d] <= '9') {
        ++d;
    }
    return d > i && d + 1 < t.size() && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ';
}

bool has_modal(std::string_view lower) {
    for (std::string_view w : {"must", "should", "need", "required", "shall"}) {
        for (auto pos = lower.find(w); pos != std::string_view::npos; pos = lower.find(w, pos + 1)) {
            if (pos == 0 || !std::isalpha(static_cast<unsigned char>(lower[pos - 1]))) {
                return true;
            }
        }
    }
    return false;
}

bool ends_with_question(std::string_view t) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) {
        t.remove_suffix(1);
    }
    return !t.empty() && t.back() == '?';
}

// Words of at least five letters: the vocabulary a design that addresses a requirement will share.
std::vector<std::string> long_words(std::string_view lower) {
    std::vector<std::string> out;
    std::string word;
    for (std::size_t i = 0; i <= lower.size(); ++i) {
        const char c = i < lower.size() ? lower[i] : ' ';
        if (c >= 'a' && c <= 'z') {
            word += c;
            continue;
        }
        if (word.size() >= 5) {
            out.push_back(word);
        }
        word.clear();
    }
    return out;
}

bool design_states(const Quantity& wanted, const CapacityReview& capacity) {
    for (const auto& q : capacity.quantities) {
        const auto& have = q.quantity;
        const bool comparable = have.kind == wanted.kind ||
                                (wanted.kind == QuantityKind::plain && have.number == wanted.number) ||
                                (have.kind == QuantityKind::plain && have.number == wanted.number);
        if (comparable && std::fabs(have.value - wanted.value) <= kNumberTolerance * std::fabs(wanted.value) + 1e-12) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<TextLine> requirement_lines(const std::vector<TextLine>& problem) {
    std::vector<TextLine> out;
    bool in_item = false;
    for (const auto& line : problem) {
        if (out.size() >= kMaxRequirements) {
            break;
        }
        const auto first = line.text.find_first_not_of(" \t");
        // An indented line after a list item continues it; it is read with its item below.
        const bool continues = in_item && first != std::string::npos && first > 0 && !is_list_item(line.text);
        in_item = first != std::string::npos && (is_list_item(line.text) || continues);
        if (first == std::string::npos || continues || line.text[first] == '#' || ends_with_question(line.text)) {
            continue;
        }
        if (is_list_item(line.text) || has_modal(line.lower)) {
            out.push_back(line);
        }
    }
    // A list item continued on the next, indented line belongs to it.
    for (auto& req : out) {
        for (std::size_t n = req.number; n < problem.size(); ++n) {
            const auto& next = problem[n];
            if (next.text.empty() || next.text[0] != ' ' || is_list_item(next.text)) {
                break;
            }
            req.text += " " + next.text.substr(next.text.find_first_not_of(' '));
            req.lower += " " + next.lower.substr(next.lower.find_first_not_of(' '));
        }
    }
    return out;
}

std::vector<RequirementResult> map_requirements(const std::vector<TextLine>& problem,
                                                const std::vector<TextLine>& design,
                                                const std::vector<ConcernResult>& checklist,
                                                const CapacityReview& capacity) {
    std::string design_lower;
    for (const auto& line : design) {
        design_lower += line.lower;
        design_lower += '\n';
    }
    std::vector<RequirementResult> out;
    for (const auto& req : requirement_lines(problem)) {
        RequirementResult r;
        r.line = req.number;
        auto text = std::string_view(req.text);
        const auto start = text.find_first_not_of(" \t-*+0123456789.)");
        r.text = std::string(start == std::string_view::npos ? text : text.substr(start));
        std::vector<std::string> weak;
        for (const auto& result : checklist) {
            const auto& words = result.concern->requirement_words;
            const bool bears = std::any_of(words.begin(), words.end(),
                                           [&](std::string_view w) { return !find_phrase(req.lower, w).empty(); });
            if (!bears) {
                continue;
            }
            r.concerns.emplace_back(result.concern->id);
            if (result.status == ConcernStatus::absent || result.status == ConcernStatus::contradicted) {
                weak.push_back(std::string(result.concern->id) + " is " + to_string(result.status));
            } else if (result.status == ConcernStatus::partial) {
                // A partial concern addresses a requirement unless the requirement asks for an aspect it lacks.
                for (const auto& aspect : result.missing_aspects) {
                    if (!find_phrase(req.lower, aspect).empty()) {
                        weak.push_back(std::string(result.concern->id) + " is partial (" + aspect + " not stated)");
                        break;
                    }
                }
            }
        }
        for (const auto& q : extract_quantities(req.text)) {
            // Rates, durations, sizes and factors are targets a design must meet; counts ("40 services") and
            // bare numbers describe the setting.
            if (q.kind == QuantityKind::plain || q.kind == QuantityKind::count) {
                continue;
            }
            const auto written = req.text.substr(q.begin, q.end - q.begin);
            r.numbers.push_back(written);
            if (!design_states(q, capacity)) {
                r.unmet_numbers.push_back(written);
            }
        }
        if (!weak.empty()) {
            r.reason = weak.front();
            for (std::size_t k = 1; k < weak.size(); ++k) {
                r.reason += "; " + weak[k];
            }
        }
        if (!r.unmet_numbers.empty()) {
            r.reason +=
                std::string(r.reason.empty() ? "" : "; ") + "the design never states " + r.unmet_numbers.front();
        }
        if (r.concerns.empty() && r.numbers.empty()) {
            const auto words = long_words(req.lower);
            const auto found =
                static_cast<std::size_t>(std::count_if(words.begin(), words.end(), [&](const std::string& w) {
                    return design_lower.find(w) != std::string::npos;
                }));
            if (words.empty() || found * 10 < words.size() * 6) {
                r.reason = "bears on no checklist concern, and the design shares few of its words";
            }
        }
        r.addressed = r.reason.empty();
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace parley::review
