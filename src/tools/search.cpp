#include <algorithm>
#include <regex>

#include "tools/search_terms.hpp"
#include "tools/tool_functions.hpp"
#include "util/utf8.hpp"

namespace parley::tools {

namespace {

// Bounds on what one search may cost, whatever the folder and the pattern.
constexpr std::size_t kMaxPatternBytes = 200;
constexpr std::size_t kMaxScannedBytes = 8 * 1024 * 1024;
// A regular expression is tried on at most this much of a line: std::regex backtracks, and the cost grows with it.
constexpr std::size_t kMaxRegexLineBytes = 400;
constexpr std::size_t kSnippetBytes = 200;

// Refuses what makes a backtracking matcher take exponential time: a quantified group that holds a quantifier
// ("(a+)+"), and back-references. Returns why, or "".
std::string risky_pattern(std::string_view pattern) {
    int depth = 0;
    std::vector<bool> quantified_inside;
    bool escaped = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (escaped) {
            escaped = false;
            if (c >= '1' && c <= '9') {
                return "back-references are not supported";
            }
            continue;
        }
        const bool quantifier = c == '*' || c == '+' || c == '?' || c == '{';
        if (c == '\\') {
            escaped = true;
        } else if (c == '(') {
            ++depth;
            quantified_inside.push_back(false);
        } else if (c == ')' && depth > 0) {
            --depth;
            const bool inner = quantified_inside.back();
            quantified_inside.pop_back();
            const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
            if (inner && (next == '*' || next == '+' || next == '{')) {
                return "a repeated group that itself repeats (like (a+)+) is not supported";
            }
            if (inner && !quantified_inside.empty()) {
                quantified_inside.back() = true;
            }
        } else if (quantifier && !quantified_inside.empty()) {
            quantified_inside.back() = true;
        }
    }
    return {};
}

struct Match {
    std::string path;
    long line = 0;
    int score = 0;
    std::string snippet;
};

} // namespace

ToolResult search(const nlohmann::json& args, const ContextFolder& folder) {
    std::string problem;
    const std::string query = string_argument(args, "query", problem);
    const std::string path = string_argument(args, "path", problem);
    const long max_results = integer_argument(args, "max_results", 20, 1, kMaxMatches, problem);
    const bool use_regex = args.value("regex", false) == true;
    if (!problem.empty()) {
        return tool_refusal("search: " + problem);
    }
    if (query.empty() || query.size() > kMaxPatternBytes) {
        return tool_refusal("search: give \"query\": words, or a regular expression with \"regex\": true (at most " +
                            std::to_string(kMaxPatternBytes) + " bytes)");
    }
    std::optional<std::regex> pattern;
    std::vector<std::string> terms;
    if (use_regex) {
        if (const auto risky = risky_pattern(query); !risky.empty()) {
            return tool_refusal("search: " + risky);
        }
        try {
            pattern.emplace(query, std::regex::ECMAScript | std::regex::icase);
        } catch (const std::regex_error& e) {
            return tool_refusal(std::string("search: not a regular expression: ") + e.what());
        }
    } else {
        terms = search_terms(query);
        if (terms.empty()) {
            return tool_refusal("search: the query has no word of three letters or more to look for");
        }
    }
    auto listing = folder.list(path, kMaxWalkDepth);
    if (!listing) {
        return tool_refusal("search: " + listing.error().message);
    }
    std::vector<Match> matches;
    ToolResult result;
    std::size_t scanned = 0;
    for (const auto& entry : listing->files) {
        if (scanned >= kMaxScannedBytes) {
            break;
        }
        auto file = folder.read(entry.path);
        if (!file) {
            continue; // binary, too large or refused: search only looks at what file_read would give
        }
        scanned += file->text.size();
        const auto lines = split_lines(file->text);
        long first = 0;
        long last = 0;
        for (std::size_t n = 0; n < lines.size(); ++n) {
            int score = 0;
            if (pattern) {
                const std::string_view line = lines[n].substr(0, kMaxRegexLineBytes);
                score = std::regex_search(line.begin(), line.end(), *pattern) ? 1 : 0;
            } else {
                score = terms_matched(lines[n], terms);
            }
            if (score == 0) {
                continue;
            }
            const long number = static_cast<long>(n) + 1;
            first = first == 0 ? number : first;
            last = number;
            matches.push_back({file->path, number, score, util::truncate_utf8(lines[n], kSnippetBytes)});
        }
        if (first > 0) {
            result.reads.push_back({file->path, file->sha256, first, last});
        }
    }
    // Most words matched first; ties in file and line order, so a search gives the same answer every time.
    std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.score > b.score; });
    const std::size_t shown = std::min(matches.size(), static_cast<std::size_t>(max_results));
    for (std::size_t i = 0; i < shown; ++i) {
        result.text += matches[i].path + ":" + std::to_string(matches[i].line) + ": " + matches[i].snippet + "\n";
    }
    if (matches.empty()) {
        result.text = "no matches\n";
    } else if (matches.size() > shown) {
        result.text += "... " + std::to_string(matches.size() - shown) + " more matches (narrow the query or path)\n";
    }
    if (scanned >= kMaxScannedBytes) {
        result.text += "the search stopped after " + std::to_string(kMaxScannedBytes) + " bytes of files\n";
    }
    // Only the files whose lines are shown fed the answer.
    std::erase_if(result.reads, [&](const FileUse& use) {
        return std::none_of(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(shown),
                            [&](const Match& m) { return m.path == use.path; });
    });
    return result;
}

} // namespace parley::tools
