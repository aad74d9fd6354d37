#include "eval/blinding.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace parley::eval {

namespace {

// Shorter terms are too likely to be ordinary words or parts of them.
constexpr std::size_t kMinTermLength = 3;

bool is_word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;
}

bool is_vendor_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '.' || c == '-' || c == '_';
}

// Where a match at `at` starts once a vendor prefix written before it ("provx/" in "provx/model-9") is taken too, so
// the vendor does not stay behind to name the participant; `from` is where the text not yet copied starts.
std::size_t with_vendor_prefix(const std::string& text, std::size_t at, std::size_t from) {
    if (at == 0 || text[at - 1] != '/') {
        return at;
    }
    std::size_t start = at - 1;
    while (start > from && is_vendor_char(text[start - 1])) {
        --start;
    }
    return start < at - 1 ? start : at;
}

// Every form an identity may take in text: as configured, without its vendor prefixes ("provx/m-9" is also
// "m-9"), and with '-', '_' or ' ' between its parts ("model-cerulean-9", "model_cerulean_9", "model cerulean 9").
// Only a model's slashes mark vendor prefixes; a provider label may hold a URL ("openai (https://...)").
std::vector<std::string> forms_of(const std::string& term, bool is_model) {
    std::vector<std::string> bases{term};
    for (auto slash = term.find('/'); is_model && slash != std::string::npos; slash = term.find('/', slash + 1)) {
        bases.push_back(term.substr(slash + 1));
    }
    std::vector<std::string> forms;
    for (const auto& base : bases) {
        forms.push_back(base);
        for (const char separator : {'-', '_', ' '}) {
            auto form = base;
            std::replace_if(
                form.begin(), form.end(), [](char c) { return c == '-' || c == '_' || c == ' '; }, separator);
            forms.push_back(std::move(form));
        }
    }
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return forms;
}

// Replaces every whole-word, case-insensitive occurrence of `term` in `text` (with any vendor prefix written
// before it) with `replacement`.
std::string replace_word(const std::string& text, std::string_view term, std::string_view replacement) {
    const std::string haystack = util::ascii_lower(text);
    const std::string needle = util::ascii_lower(term);
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
        if (at < from) {
            continue;
        }
        const std::size_t end = at + needle.size();
        const bool starts = at == 0 || !is_word_char(text[at - 1]) || !is_word_char(text[at]);
        const bool ends = end == text.size() || !is_word_char(text[end]) || !is_word_char(text[end - 1]);
        if (!starts || !ends) {
            continue;
        }
        out.append(text, from, with_vendor_prefix(text, at, from) - from);
        out.append(replacement);
        from = end;
    }
    out.append(text, from, std::string::npos);
    return out;
}

} // namespace

std::string blind(std::string_view text, const std::vector<Author>& authors) {
    std::vector<std::string> terms;
    std::vector<std::string> roles;
    for (const auto& a : authors) {
        for (const auto* term : {&a.name, &a.id, &a.model, &a.provider}) {
            for (auto& form : forms_of(*term, term == &a.model)) {
                // "offline" names parley's own provider, and is also an everyday word in designs ("a worker goes
                // offline"); it says nothing about which agent wrote what.
                if (form.size() >= kMinTermLength && form != "offline") {
                    terms.push_back(std::move(form));
                }
            }
        }
        if (a.role.size() >= kMinTermLength) {
            roles.push_back(a.role);
        }
    }
    // Longest first, so "gpt-4o-mini" goes before "gpt-4o" could leave "-mini" behind.
    std::sort(terms.begin(), terms.end(), [](const auto& x, const auto& y) { return x.size() > y.size(); });
    std::string out(text);
    for (const auto& term : terms) {
        out = replace_word(out, term, kBlindedName);
    }
    for (const auto& role : roles) {
        for (const auto* suffix : {" agent", " expert", " specialist", " engineer", " reviewer"}) {
            out = replace_word(out, role + suffix, kBlindedName);
        }
        out = replace_word(out, "(" + role + ")", "");
    }
    return out;
}

} // namespace parley::eval
