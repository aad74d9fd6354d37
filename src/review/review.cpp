#include "review/review.hpp"

#include <cctype>

#include "review/text_lines.hpp"

namespace parley::review {

namespace {

constexpr std::size_t kMaxQuantitiesInJson = 500;

ReviewSummary summarize(const Review& review) {
    ReviewSummary s;
    for (const auto& c : review.checklist) {
        (c.status == ConcernStatus::covered   ? s.covered
         : c.status == ConcernStatus::partial ? s.partial
         : c.status == ConcernStatus::absent  ? s.absent
                                              : s.contradicted)++;
    }
    s.missing = s.partial + s.absent;
    for (const auto& c : review.capacity.checks) {
        (c.verdict == Verdict::ok ? s.checks_ok : c.verdict == Verdict::wrong ? s.checks_wrong : s.checks_unknown)++;
    }
    if (review.requirements) {
        for (const auto& r : *review.requirements) {
            (r.addressed ? s.requirements_addressed : s.requirements_unaddressed)++;
        }
    }
    return s;
}

nlohmann::json number_or_null(const std::optional<double>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json evidence_json(const std::vector<Evidence>& evidence) {
    auto out = nlohmann::json::array();
    for (const auto& e : evidence) {
        out.push_back({{"line", e.line},
                       {"column", e.column},
                       {"endLine", e.end_line},
                       {"endColumn", e.end_column},
                       {"text", e.text}});
    }
    return out;
}

} // namespace

Review review_design(std::string_view design, std::optional<std::string_view> problem) {
    Review review;
    const auto lines = split_lines(design);
    review.checklist = check_concerns(lines);
    review.capacity = check_capacity(lines);
    if (problem) {
        review.requirements = map_requirements(split_lines(*problem), lines, review.checklist, review.capacity);
    }
    review.summary = summarize(review);
    return review;
}

bool is_task_queue_problem(std::string_view problem) {
    for (const auto& line : split_lines(problem)) {
        for (std::string_view word : {"queue", "job", "jobs", "worker", "workers"}) {
            for (const auto& m : find_phrase(line.lower, word)) {
                if (m.end == line.lower.size() || !std::isalpha(static_cast<unsigned char>(line.lower[m.end]))) {
                    return true;
                }
            }
        }
    }
    return false;
}

std::string solution_text(std::string_view description, std::string_view implementation) {
    return std::string(description) + "\n\n" + std::string(implementation) + "\n";
}

namespace {

nlohmann::json checklist_json(const Review& review) {
    auto checklist = nlohmann::json::array();
    for (const auto& c : review.checklist) {
        nlohmann::json item{{"id", c.concern->id},
                            {"title", c.concern->title},
                            {"status", legacy_status(c.status)},
                            {"verdict", to_string(c.status)}};
        item["evidence"] = evidence_json(c.evidence);
        if (!c.missing_aspects.empty()) {
            item["missingAspects"] = c.missing_aspects;
        }
        auto& aspects = item["aspects"] = nlohmann::json::array();
        for (const auto& a : c.aspects) {
            aspects.push_back({{"name", a.name}, {"stated", a.stated}, {"evidence", evidence_json(a.evidence)}});
        }
        if (!c.reason.empty()) {
            item["reason"] = c.reason;
        }
        if (!c.mechanism.empty()) {
            item["mechanism"] = c.mechanism;
        }
        checklist.push_back(std::move(item));
    }
    return checklist;
}

} // namespace

nlohmann::json to_json(const Review& review, bool with_quantities) {
    nlohmann::json j;
    j["checklist"] = checklist_json(review);
    auto& capacity = j["capacity"] = nlohmann::json::array();
    for (const auto& c : review.capacity.checks) {
        nlohmann::json item{{"line", c.line},
                            {"kind", c.kind},
                            {"statement", c.statement},
                            {"stated", number_or_null(c.stated)},
                            {"computed", number_or_null(c.computed)},
                            {"verdict", to_string(c.verdict)}};
        if (!c.note.empty()) {
            item["note"] = c.note;
        }
        if (!c.uses.empty()) {
            item["uses"] = c.uses;
        }
        capacity.push_back(std::move(item));
    }
    if (review.requirements) {
        auto& requirements = j["requirements"] = nlohmann::json::array();
        for (const auto& r : *review.requirements) {
            nlohmann::json item{{"line", r.line},
                                {"text", r.text},
                                {"status", r.addressed ? "addressed" : "unaddressed"},
                                {"concerns", r.concerns},
                                {"numbers", r.numbers}};
            if (!r.reason.empty()) {
                item["reason"] = r.reason;
            }
            requirements.push_back(std::move(item));
        }
    }
    if (with_quantities) {
        auto& quantities = j["quantities"] = nlohmann::json::array();
        for (const auto& q : review.capacity.quantities) {
            if (quantities.size() >= kMaxQuantitiesInJson) {
                break;
            }
            quantities.push_back({{"line", q.line},
                                  {"text", q.text},
                                  {"kind", to_string(q.quantity.kind)},
                                  {"value", q.quantity.value},
                                  {"unit", q.quantity.unit},
                                  {"statistic", to_string(q.quantity.statistic)},
                                  {"perTenant", q.quantity.per_tenant}});
        }
    }
    const auto& s = review.summary;
    j["summary"] = {{"concerns", review.checklist.size()},
                    {"covered", s.covered},
                    {"partial", s.partial},
                    {"absent", s.absent},
                    {"missing", s.missing},
                    {"contradicted", s.contradicted},
                    {"checksOk", s.checks_ok},
                    {"checksWrong", s.checks_wrong},
                    {"checksUnknown", s.checks_unknown}};
    if (review.requirements) {
        j["summary"]["requirementsAddressed"] = s.requirements_addressed;
        j["summary"]["requirementsUnaddressed"] = s.requirements_unaddressed;
    }
    return j;
}

} // namespace parley::review
