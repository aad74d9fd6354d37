#include "report/design_verdict.hpp"

#include "report/html_text.hpp"
#include "report/markdown_text.hpp"
#include "review/review.hpp"

namespace parley::report {

namespace {

std::string decision_line(const DesignVerdict& v) {
    if (v.decision == "unknown") {
        return "unknown: the judge gave no usable decision";
    }
    return v.decision;
}

std::string flags_line(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " flag" : " flags");
}

// One Markdown list of flags, or the line saying there are none.
std::string flag_list(const std::vector<review::Flag>& flags, const char* none) {
    if (flags.empty()) {
        return std::string("- ") + none + "\n";
    }
    std::string out;
    for (const auto& f : flags) {
        out += "- **" + one_line(f.title) + "** (" + review::to_string(f.kind) + "): " + one_line(f.finding) + "\n";
    }
    return out;
}

std::string flag_list_html(const std::vector<review::Flag>& flags, const char* none) {
    if (flags.empty()) {
        return std::string("<p class=\"none\">") + none + "</p>";
    }
    std::string out = "<ul>";
    for (const auto& f : flags) {
        out += "<li><b>" + html_escape(f.title) + "</b> (" + review::to_string(f.kind) +
               "): " + html_escape(f.finding) + "</li>";
    }
    return out + "</ul>";
}

std::string change_text(const debate::DesignChange& c) {
    return (c.priority.empty() ? std::string() : "[" + c.priority + "] ") + c.change +
           (c.why.empty() ? std::string() : " — " + c.why);
}

} // namespace

std::optional<DesignVerdict> build_design_verdict(const debate::DebateState& state) {
    if (!state.design) {
        return std::nullopt;
    }
    const auto& d = *state.design;
    DesignVerdict v;
    v.path = d.path;
    v.sha256 = d.sha256;
    v.problem_given = d.problem_given;
    v.reviewed = debate::is_reviewed(state);
    const auto& s = state.final_solution;
    v.final_design = s && s->check.usable && !(s->description.empty() && s->implementation.empty());
    if (s && s->design_decision) {
        v.decision = s->design_decision->decision;
        v.reasons = s->design_decision->reasons;
        v.changes = s->design_decision->changes;
    } else {
        v.decision = "unknown";
    }
    if (v.reviewed) {
        v.before = review::review_flags(review::review_design(d.text, state.problem));
        if (v.final_design) {
            const auto final_text = review::solution_text(s->description, s->implementation);
            v.after =
                review::compare_flags(v.before, review::review_flags(review::review_design(final_text, state.problem)));
        }
    }
    return v;
}

std::string design_verdict_markdown(const DesignVerdict& v, int level) {
    const std::string h(static_cast<std::size_t>(level), '#');
    std::string out = h + " Design review\n\n";
    out += "- Design under review: " + literal(v.path) + " (sha256 " + v.sha256.substr(0, 12) + ")\n";
    out += v.problem_given ? "- Problem: as given\n"
                           : "- Problem: **none was given**; the design was reviewed as it stands, against the "
                             "requirements it states itself\n";
    out += "- Decision: **" + decision_line(v) + "**\n\n";
    if (!v.reviewed) {
        out += "parley's rule-based review covers task-queue designs; neither the problem nor the design is one, so "
               "there is no before/after review.\n\n";
    } else if (!v.final_design) {
        out += "The review of the design as given flags " + flags_line(v.before.size()) +
               "; there is no final design to compare it with (the judge gave no usable answer).\n\n" +
               flag_list(v.before, "nothing") + "\n";
    } else {
        const auto remaining = v.after.left.size() + v.after.introduced.size();
        out += "| parley's review | as given | final |\n| --- | --- | --- |\n";
        out += "| flags | " + std::to_string(v.before.size()) + " | " + std::to_string(remaining) + " |\n\n";
        out += h + "# Fixed by the debate (" + std::to_string(v.after.fixed.size()) + ")\n\n" +
               flag_list(v.after.fixed, "nothing") + "\n";
        out +=
            h + "# Left (" + std::to_string(v.after.left.size()) + ")\n\n" + flag_list(v.after.left, "nothing") + "\n";
        out += h + "# Introduced (" + std::to_string(v.after.introduced.size()) + ")\n\n" +
               flag_list(v.after.introduced, "nothing") + "\n";
    }
    out += h + "# Why\n\n";
    if (v.reasons.empty()) {
        out += "- No reasons given.\n";
    }
    for (const auto& r : v.reasons) {
        out += "- " + one_line(r) + "\n";
    }
    out += "\n" + h + "# Changes before it ships\n\n";
    if (v.changes.empty()) {
        out += "None listed.\n";
    }
    for (std::size_t i = 0; i < v.changes.size(); ++i) {
        out += "- [ ] " + one_line(change_text(v.changes[i])) + "\n";
    }
    return out + "\n";
}

std::string design_verdict_html(const DesignVerdict& v) {
    std::string out = "<section id=\"design-review\"><h2>Design review</h2><ul class=\"facts\"><li>Design under "
                      "review: <code>" +
                      html_escape(v.path) + "</code> (sha256 " + html_escape(v.sha256.substr(0, 12)) + ")</li><li>" +
                      (v.problem_given ? std::string("Problem: as given")
                                       : std::string("Problem: <b>none was given</b>; the design was reviewed as it "
                                                     "stands, against the requirements it states itself")) +
                      "</li><li>Decision: <b class=\"decision\">" + html_escape(decision_line(v)) + "</b></li></ul>";
    if (!v.reviewed) {
        out += "<p class=\"none\">parley's rule-based review covers task-queue designs; neither the problem nor the "
               "design is one, so there is no before/after review.</p>";
    } else if (!v.final_design) {
        out += "<p>The review of the design as given flags " + flags_line(v.before.size()) +
               "; there is no final design to compare it with (the judge gave no usable answer).</p>" +
               flag_list_html(v.before, "Nothing.");
    } else {
        const auto remaining = v.after.left.size() + v.after.introduced.size();
        out += "<table><thead><tr><th>parley's review</th><th>as given</th><th>final</th></tr></thead><tbody><tr>"
               "<td>flags</td><td>" +
               std::to_string(v.before.size()) + "</td><td>" + std::to_string(remaining) + "</td></tr></tbody></table>";
        out += "<h3>Fixed by the debate (" + std::to_string(v.after.fixed.size()) + ")</h3>" +
               flag_list_html(v.after.fixed, "Nothing.");
        out += "<h3>Left (" + std::to_string(v.after.left.size()) + ")</h3>" + flag_list_html(v.after.left, "Nothing.");
        out += "<h3>Introduced (" + std::to_string(v.after.introduced.size()) + ")</h3>" +
               flag_list_html(v.after.introduced, "Nothing.");
    }
    out += "<h3>Why</h3><ul>";
    for (const auto& r : v.reasons) {
        out += "<li>" + html_escape(r) + "</li>";
    }
    out +=
        (v.reasons.empty() ? "<li>No reasons given.</li>" : "") + std::string("</ul><h3>Changes before it ships</h3>");
    if (v.changes.empty()) {
        out += "<p class=\"none\">None listed.</p>";
    } else {
        out += "<ol class=\"changes\">";
        for (const auto& c : v.changes) {
            out += "<li>" + html_escape(change_text(c)) + "</li>";
        }
        out += "</ol>";
    }
    return out + "</section>\n";
}

} // namespace parley::report
