#include "review/flags.hpp"

#include <algorithm>
#include <set>

#include "review/judge_view.hpp"

namespace parley::review {

namespace {

constexpr std::size_t kQuoteBytes = 100;

// A checklist phrase as plain words: "cap$" -> "cap", "ack...only after" -> "ack only after".
std::string phrase_words(std::string_view phrase) {
    std::string out;
    for (std::size_t i = 0; i < phrase.size(); ++i) {
        if (phrase.substr(i, 3) == "...") {
            out += ' ';
            i += 2;
        } else if (phrase[i] != '$') {
            out += phrase[i];
        }
    }
    return out;
}

// One statement per unsettled aspect, each the aspect's first phrase: the checklist's own words for it. The aspect's
// name is given when the concern has several.
std::string settlement_of(const ConcernResult& c, bool every_aspect) {
    std::string out;
    const bool named = c.concern->aspects.size() > 1;
    for (const auto& aspect : c.concern->aspects) {
        const bool missing =
            std::find(c.missing_aspects.begin(), c.missing_aspects.end(), aspect.name) != c.missing_aspects.end();
        if ((every_aspect || missing) && !aspect.phrases.empty()) {
            out += (out.empty() ? "" : "; ") + (named ? std::string(aspect.name) + ": " : std::string()) +
                   phrase_words(aspect.phrases.front());
        }
    }
    return out.empty() ? out : std::string(c.concern->title) + " (settled in review): " + out + ".";
}

// A statement without the line numbers parley writes into it ("(line 4)"), which shift when text is added above.
std::string without_line_numbers(std::string_view statement) {
    std::string out;
    for (std::size_t i = 0; i < statement.size();) {
        if (statement.substr(i, 5) == "line ") {
            out += "line ";
            i += 5;
            while (i < statement.size() && statement[i] >= '0' && statement[i] <= '9') {
                ++i;
            }
            continue;
        }
        out += statement[i++];
    }
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

Flag concern_flag(const ConcernResult& c) {
    Flag f;
    f.key = "concern:" + std::string(c.concern->id);
    f.title = std::string(c.concern->title);
    if (c.status == ConcernStatus::contradicted) {
        f.kind = FlagKind::broken;
        f.finding = "contradicted" + (c.reason.empty() ? std::string() : ": " + c.reason);
        if (!c.evidence.empty()) {
            f.finding += " (line " + std::to_string(c.evidence.front().line) + ": \"" +
                         shorten_quote(c.evidence.front().text, kQuoteBytes) + "\")";
        }
        f.change = "Fix " + f.title + ": replace what undoes it" +
                   (c.evidence.empty() ? std::string() : " on line " + std::to_string(c.evidence.front().line)) +
                   " with a mechanism that holds";
        for (const auto& e : c.evidence) {
            for (auto line = e.line; line <= std::max(e.line, e.end_line); ++line) {
                f.breaking_lines.push_back(line);
            }
        }
        f.settlement = settlement_of(c, true);
        return f;
    }
    f.kind = FlagKind::open_concern;
    f.finding = std::string(to_string(c.status)) +
                (c.missing_aspects.empty() ? std::string() : ": nothing states " + joined(c.missing_aspects));
    f.change = "Settle " + f.title + ": state " +
               (c.missing_aspects.empty() ? std::string("how the design handles it") : joined(c.missing_aspects));
    f.settlement = settlement_of(c, false);
    return f;
}

int rank(FlagKind kind) {
    switch (kind) {
    case FlagKind::broken:
        return 0;
    case FlagKind::wrong_number:
        return 1;
    case FlagKind::unaddressed:
        return 2;
    case FlagKind::open_concern:
        return 3;
    }
    return 3;
}

} // namespace

const char* to_string(FlagKind kind) {
    switch (kind) {
    case FlagKind::broken:
        return "broken";
    case FlagKind::wrong_number:
        return "wrong number";
    case FlagKind::unaddressed:
        return "unaddressed requirement";
    case FlagKind::open_concern:
        return "open concern";
    }
    return "open concern";
}

std::vector<Flag> review_flags(const Review& review) {
    std::vector<Flag> out;
    for (const auto& c : review.checklist) {
        const bool open = c.status == ConcernStatus::absent || c.status == ConcernStatus::partial;
        if (c.status == ConcernStatus::contradicted || (open && problem_asks_for(review, *c.concern))) {
            out.push_back(concern_flag(c));
        }
    }
    for (const auto& c : review.capacity.checks) {
        if (c.verdict != Verdict::wrong) {
            continue;
        }
        Flag f;
        f.key = "number:" + c.kind + ":" + without_line_numbers(c.statement);
        f.kind = FlagKind::wrong_number;
        f.title = "Capacity math (" + c.kind + ")";
        f.finding = "line " + std::to_string(c.line) + ": \"" + shorten_quote(c.statement, kQuoteBytes) + "\" states " +
                    (c.stated ? format_number(*c.stated) : std::string("?")) + ", parley computes " +
                    (c.computed ? format_number(*c.computed) : std::string("?"));
        f.change = "Correct the arithmetic on line " + std::to_string(c.line) + " and resize what depends on it" +
                   (c.note.empty() ? std::string() : " (" + c.note + ")");
        out.push_back(std::move(f));
    }
    if (review.requirements) {
        for (const auto& r : *review.requirements) {
            if (r.addressed) {
                continue;
            }
            Flag f;
            f.key = "requirement:" + r.text;
            f.kind = FlagKind::unaddressed;
            f.title = shorten_quote(r.text, kQuoteBytes);
            f.finding = "unaddressed" + (r.reason.empty() ? std::string() : ": " + r.reason);
            f.change = "Address the requirement \"" + shorten_quote(r.text, kQuoteBytes) + "\"" +
                       (r.unmet_numbers.empty() ? std::string() : ", stating " + joined(r.unmet_numbers));
            out.push_back(std::move(f));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Flag& a, const Flag& b) { return rank(a.kind) < rank(b.kind); });
    return out;
}

FlagComparison compare_flags(const std::vector<Flag>& before, const std::vector<Flag>& after) {
    const auto has = [](const std::vector<Flag>& flags, const std::string& key) {
        return std::any_of(flags.begin(), flags.end(), [&](const Flag& f) { return f.key == key; });
    };
    FlagComparison out;
    for (const auto& f : before) {
        if (!has(after, f.key)) {
            out.fixed.push_back(f);
        }
    }
    for (const auto& f : after) {
        (has(before, f.key) ? out.left : out.introduced).push_back(f);
    }
    return out;
}

std::string apply_settlements(const std::string& design, const std::vector<Flag>& flags) {
    std::set<std::size_t> dropped;
    std::string section;
    for (const auto& f : flags) {
        if (f.settlement.empty()) {
            continue;
        }
        dropped.insert(f.breaking_lines.begin(), f.breaking_lines.end());
        section += "- " + f.settlement + "\n";
    }
    std::string out;
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < design.size();) {
        auto end = design.find('\n', pos);
        end = end == std::string::npos ? design.size() : end + 1;
        if (!dropped.count(++number)) {
            out.append(design, pos, end - pos);
        }
        pos = end;
    }
    if (section.empty()) {
        return out;
    }
    if (!out.empty() && out.back() != '\n') {
        out += '\n';
    }
    return out + "\n## Changes made in review\n\n" + section;
}

} // namespace parley::review
