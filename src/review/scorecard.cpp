// The Markdown form of a review (declared in review.hpp).

#include <algorithm>

#include "review/review.hpp"

namespace parley::review {

namespace {

constexpr std::size_t kMaxListed = 12;

// Quoted design text shows as written: Markdown's inline marks are escaped so a quote cannot restyle the page.
std::string escape_inline(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' || c == '|' ||
            c == '#') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

// Where a piece of evidence starts: "12", or "1:240" when it starts inside its line (one-paragraph designs).
std::string position(const Evidence& e) {
    return std::to_string(e.line) + (e.column > 1 ? ":" + std::to_string(e.column) : std::string());
}

std::string quote(const Evidence& e) {
    return "line " + position(e) + ": \"" + escape_inline(e.text) + "\"";
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

std::string number_text(const std::optional<double>& v) {
    return v ? format_number(*v) : std::string("?");
}

// The absent and partial concerns in two short lines, for the brief scorecard.
std::string brief_lists(const Review& review) {
    std::string out;
    std::string absent;
    std::string partial;
    for (const auto& c : review.checklist) {
        if (c.status == ConcernStatus::absent) {
            absent += (absent.empty() ? "" : "; ") + std::string(c.concern->title);
        } else if (c.status == ConcernStatus::partial) {
            partial += (partial.empty() ? "" : "; ") + std::string(c.concern->title) + " (" + join(c.missing_aspects) +
                       " not stated)";
        }
    }
    if (!absent.empty()) {
        out += "**Absent:** " + escape_inline(absent) + ".\n";
    }
    if (!partial.empty()) {
        out += (absent.empty() ? "" : "\n") + std::string("**Partial:** ") + escape_inline(partial) + ".\n";
    }
    return out;
}

// What decided a concern, for its row of the full table.
std::string decided_by(const ConcernResult& c) {
    std::string decided;
    if (c.status == ConcernStatus::absent) {
        return "nothing on: " + join(c.missing_aspects);
    }
    if (c.status == ConcernStatus::partial) {
        for (const auto& a : c.aspects) {
            if (a.stated && !a.evidence.empty()) {
                decided += (decided.empty() ? "" : "; ") + a.name + " (line " + position(a.evidence.front()) + ")";
            }
        }
        return decided + "; not stated: " + join(c.missing_aspects);
    }
    if (!c.evidence.empty()) {
        decided = "line " + position(c.evidence.front());
        for (std::size_t k = 1; k < c.evidence.size(); ++k) {
            decided += ", " + position(c.evidence[k]);
        }
    }
    return decided;
}

// The one-line summary under the heading.
std::string summary_line(const Review& review) {
    const auto& s = review.summary;
    std::string out = "Checklist: **" + std::to_string(s.covered) + " covered, " + std::to_string(s.partial) +
                      " partial, " + std::to_string(s.absent) + " absent, " + std::to_string(s.contradicted) +
                      " contradicted** of " + std::to_string(review.checklist.size()) +
                      " concerns. Capacity math: " + std::to_string(s.checks_ok) + " ok, " +
                      std::to_string(s.checks_wrong) + " wrong, " + std::to_string(s.checks_unknown) + " cannot tell.";
    if (review.requirements) {
        out += " Requirements: " + std::to_string(s.requirements_addressed) + " addressed, " +
               std::to_string(s.requirements_unaddressed) + " unaddressed.";
    }
    return out + "\n\n";
}

std::string concern_table(const Review& review) {
    std::string out = "| concern | status | decided by |\n| --- | --- | --- |\n";
    for (const auto& c : review.checklist) {
        out += "| " + std::string(c.concern->title) + " | " + to_string(c.status) + " | " +
               escape_inline(decided_by(c)) + " |\n";
    }
    return out;
}

std::string contradiction_list(const Review& review) {
    std::string contradictions;
    for (const auto& c : review.checklist) {
        if (c.status != ConcernStatus::contradicted) {
            continue;
        }
        contradictions += "- **" + std::string(c.concern->title) + "** (" + escape_inline(c.reason) + "): ";
        for (std::size_t k = 0; k < c.evidence.size(); ++k) {
            contradictions += (k ? "; " : "") + quote(c.evidence[k]);
        }
        contradictions += "\n";
    }
    return contradictions.empty() ? std::string() : "\n**Contradicted**\n\n" + contradictions;
}

// The capacity checks that are not ok, at most kMaxListed of them.
std::string capacity_list(const Review& review) {
    std::string checks;
    std::size_t listed = 0;
    for (const auto& c : review.capacity.checks) {
        if (c.verdict == Verdict::ok || listed >= kMaxListed) {
            continue;
        }
        ++listed;
        checks += "- " + std::string(c.verdict == Verdict::wrong ? "**wrong**" : "cannot tell") +
                  (c.line ? " (line " + std::to_string(c.line) + ")" : std::string()) + ": " +
                  escape_inline(c.statement);
        if (c.verdict == Verdict::wrong) {
            checks += " — stated " + number_text(c.stated) + ", computed " + number_text(c.computed);
        }
        if (!c.note.empty()) {
            checks += " — " + escape_inline(c.note);
        }
        checks += "\n";
    }
    return checks.empty() ? std::string() : "\n**Capacity math to look at**\n\n" + checks;
}

std::string unaddressed_list(const Review& review) {
    if (!review.requirements) {
        return {};
    }
    std::string unaddressed;
    for (const auto& r : *review.requirements) {
        if (!r.addressed) {
            unaddressed += "- " + escape_inline(r.text) + " — " + escape_inline(r.reason) + "\n";
        }
    }
    return unaddressed.empty() ? std::string() : "\n**Unaddressed requirements**\n\n" + unaddressed;
}

} // namespace

std::string to_markdown(const Review& review, int heading_level, ScorecardStyle style) {
    const std::string h(static_cast<std::size_t>(std::max(1, std::min(heading_level, 5))), '#');
    std::string out = h + " Design review\n\n" + summary_line(review);
    out += style == ScorecardStyle::brief ? brief_lists(review) : concern_table(review);
    out += contradiction_list(review);
    out += capacity_list(review);
    out += unaddressed_list(review);
    return out;
}

} // namespace parley::review
