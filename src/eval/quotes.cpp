#include "eval/quotes.hpp"

namespace parley::eval {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Quotation marks a model wraps a quote in: ASCII ones, and “ ” ‘ ’ in UTF-8.
std::string_view strip_quotation_marks(std::string_view q) {
    static constexpr std::string_view kMarks[] = {"\"",           "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
                                                  "\xE2\x80\x99", "`"};
    bool changed = true;
    while (changed && !q.empty()) {
        changed = false;
        for (auto mark : kMarks) {
            if (q.starts_with(mark)) {
                q.remove_prefix(mark.size());
                changed = true;
            }
            if (q.ends_with(mark)) {
                q.remove_suffix(mark.size());
                changed = true;
            }
        }
    }
    return q;
}

} // namespace

const char* to_string(EvidenceStatus status) {
    switch (status) {
    case EvidenceStatus::supported:
        return "supported";
    case EvidenceStatus::unsupported:
        return "unsupported";
    case EvidenceStatus::unquoted:
        return "unquoted";
    }
    return "unquoted";
}

std::string normalise_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.push_back(c);
    }
    return out;
}

QuoteChecker::QuoteChecker(std::string_view document) : document_(normalise_whitespace(document)) {}

bool QuoteChecker::contains(std::string_view quote) const {
    const auto q = normalise_whitespace(strip_quotation_marks(normalise_whitespace(quote)));
    return !q.empty() && document_.find(q) != std::string::npos;
}

EvidenceStatus QuoteChecker::check(const std::vector<std::string>& quotes) const {
    bool any = false;
    for (const auto& quote : quotes) {
        if (normalise_whitespace(quote).empty()) {
            continue;
        }
        any = true;
        if (!contains(quote)) {
            return EvidenceStatus::unsupported;
        }
    }
    return any ? EvidenceStatus::supported : EvidenceStatus::unquoted;
}

} // namespace parley::eval
