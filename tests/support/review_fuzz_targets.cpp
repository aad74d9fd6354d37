// The review's fuzz targets (declared in fuzz_targets.hpp): the sentence splitter and the quantity statistics.

#include <cmath>

#include "review/quantity.hpp"
#include "review/review.hpp"
#include "review/sentences.hpp"
#include "support/fuzz_targets.hpp"

namespace parley::testing {

namespace {

std::optional<std::string> check_span(const review::Sentence& s, const std::vector<review::TextLine>& lines) {
    const auto& span = s.span;
    if (span.line < 1 || span.end_line < span.line || span.end_line > lines.size()) {
        return "sentence span lines out of range: " + std::to_string(span.line) + "-" + std::to_string(span.end_line);
    }
    if (span.begin > lines[span.line - 1].text.size() || span.end > lines[span.end_line - 1].text.size()) {
        return "sentence span columns past the end of their line";
    }
    if (s.text.empty() || s.text.find('\n') != std::string::npos) {
        return "a sentence is empty or spans a raw line break";
    }
    if (span.line == span.end_line) {
        if (span.end <= span.begin) {
            return "a one-line sentence ends before it begins";
        }
        if (lines[span.line - 1].text.substr(span.begin, span.end - span.begin) != s.text) {
            return "a one-line sentence's text is not the text its span covers";
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> fuzz_sentences(std::string_view data) {
    try {
        const auto lines = review::split_lines(data);
        const auto sentences = review::split_sentences(lines);
        std::pair<std::size_t, std::size_t> last{0, 0};
        for (const auto& s : sentences) {
            if (auto broken = check_span(s, lines)) {
                return broken;
            }
            const std::pair<std::size_t, std::size_t> here{s.span.line, s.span.begin};
            if (here < last) {
                return "sentences out of text order";
            }
            last = here;
        }
        const auto review = review::review_design(data);
        for (const auto& c : review.checklist) {
            for (const auto& e : c.evidence) {
                if (e.column < 1 || e.end_line < e.line) {
                    return "evidence with an impossible span";
                }
            }
        }
        (void)review::to_json(review).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const std::exception& e) {
        return std::string("exception: ") + e.what();
    }
    return std::nullopt;
}

std::optional<std::string> fuzz_quantities(std::string_view data) {
    try {
        for (const auto& line : review::split_lines(data)) {
            const auto qs = review::extract_quantities(line.text);
            std::size_t last_end = 0;
            for (const auto& q : qs) {
                if (q.begin < last_end || q.end <= q.begin || q.end > line.text.size()) {
                    return "quantity spans overlap or leave the line";
                }
                last_end = q.end;
                // A number past a double is kept as powers of ten, which must then say how large it is.
                if (!q.beyond_double && (!std::isfinite(q.value) || !std::isfinite(q.number))) {
                    return "a quantity that is not finite: " + line.text.substr(q.begin, q.end - q.begin);
                }
                if (q.beyond_double && !q.beyond_range &&
                    (!std::isfinite(q.log10_number) || std::isnan(q.log10_value))) {
                    return "a quantity past a double without its power of ten";
                }
                if (std::string(review::to_string(q.statistic)).empty()) {
                    return "a statistic without a name";
                }
            }
        }
    } catch (const std::exception& e) {
        return std::string("exception: ") + e.what();
    }
    return std::nullopt;
}

} // namespace parley::testing
