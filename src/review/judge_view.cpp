#include "review/judge_view.hpp"

#include <algorithm>

namespace parley::review {

namespace {

constexpr std::size_t kFindingQuoteBytes = 120;

// Requirement texts compared without list marks, case or surrounding blanks.
std::string normalized(std::string_view text) {
    const auto start = text.find_first_not_of(" \t-*+0123456789.)");
    std::string out;
    for (char c : start == std::string_view::npos ? std::string_view() : text.substr(start)) {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) {
        out.pop_back();
    }
    return out;
}

} // namespace

std::optional<bool> requirement_addressed(const Review& review, std::string_view requirement_text) {
    if (!review.requirements) {
        return std::nullopt;
    }
    const auto wanted = normalized(requirement_text);
    if (wanted.empty()) {
        return std::nullopt;
    }
    for (const auto& r : *review.requirements) {
        const auto have = normalized(r.text);
        // One side may carry a wrapped continuation the other lacks.
        if (!have.empty() && (have.rfind(wanted, 0) == 0 || wanted.rfind(have, 0) == 0)) {
            return r.addressed;
        }
    }
    return std::nullopt;
}

std::vector<std::string> major_findings(const Review& review) {
    std::vector<std::string> out;
    for (const auto& c : review.checklist) {
        if (c.status != ConcernStatus::contradicted) {
            continue;
        }
        std::string line = "Design review: " + std::string(c.concern->title) + " is contradicted";
        if (!c.evidence.empty()) {
            line += " (line " + std::to_string(c.evidence.front().line) + ": \"" +
                    shorten_quote(c.evidence.front().text, kFindingQuoteBytes) + "\")";
        }
        out.push_back(line);
    }
    for (const auto& c : review.capacity.checks) {
        if (c.verdict == Verdict::wrong) {
            out.push_back("Design review: capacity math is wrong: " + shorten_quote(c.statement, kFindingQuoteBytes) +
                          " (stated " + (c.stated ? format_number(*c.stated) : "?") + ", computed " +
                          (c.computed ? format_number(*c.computed) : "?") + ")");
        }
    }
    return out;
}

bool problem_asks_for(const Review& review, const Concern& concern) {
    static const std::vector<std::string_view> kAskedFor{"priorities", "ordering", "fairness", "scheduled"};
    if (!review.requirements || std::find(kAskedFor.begin(), kAskedFor.end(), concern.id) == kAskedFor.end()) {
        return true;
    }
    return std::any_of(review.requirements->begin(), review.requirements->end(), [&](const RequirementResult& r) {
        return std::find(r.concerns.begin(), r.concerns.end(), concern.id) != r.concerns.end();
    });
}

int confidence_penalty_for_problem(const Review& review) {
    // Counted in halves: an absent concern costs a point, a partial one half a point.
    std::size_t halves = 0;
    for (const auto& c : review.checklist) {
        if (problem_asks_for(review, *c.concern)) {
            halves += c.status == ConcernStatus::absent ? 2 : c.status == ConcernStatus::partial ? 1 : 0;
        }
    }
    const auto missing = halves / 2;
    const auto& s = review.summary;
    const auto broken = std::min<std::size_t>(5 * s.contradicted + 4 * s.checks_wrong, 20);
    return static_cast<int>(std::min<std::size_t>(missing, 8) + broken);
}

int confidence_penalty(const Review& review) {
    const auto& s = review.summary;
    const auto missing = std::min<std::size_t>(s.absent + s.partial / 2, 8);
    const auto broken = std::min<std::size_t>(5 * s.contradicted + 4 * s.checks_wrong, 20);
    return static_cast<int>(missing + broken);
}

} // namespace parley::review
