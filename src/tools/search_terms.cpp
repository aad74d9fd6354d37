#include "tools/search_terms.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace parley::tools {

namespace {

// Words that say nothing about what a file is about.
constexpr std::array<std::string_view, 40> kCommonWords{
    "the",  "and",   "for",    "with", "that", "this", "from",  "are",   "was",   "were",
    "will", "would", "should", "must", "can",  "not",  "but",   "have",  "has",   "had",
    "its",  "into",  "each",   "per",  "our",  "your", "their", "what",  "when",  "which",
    "how",  "all",   "any",    "than", "then", "they", "there", "these", "those", "about"};

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

std::vector<std::string> search_terms(std::string_view text, std::size_t max_terms) {
    std::vector<std::string> terms;
    std::string word;
    auto take = [&] {
        if (word.size() >= 3 && std::find(kCommonWords.begin(), kCommonWords.end(), word) == kCommonWords.end() &&
            std::find(terms.begin(), terms.end(), word) == terms.end() && terms.size() < max_terms) {
            terms.push_back(word);
        }
        word.clear();
    };
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // Bytes of multi-byte UTF-8 characters count as letters, so words of any script are kept whole.
        if (std::isalnum(u) || c == '_' || u >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(u)));
        } else {
            take();
        }
    }
    take();
    return terms;
}

int terms_matched(std::string_view line, const std::vector<std::string>& terms) {
    const std::string lower = lowered(line);
    int matched = 0;
    for (const auto& term : terms) {
        if (lower.find(term) != std::string::npos) {
            ++matched;
        }
    }
    return matched;
}

} // namespace parley::tools
