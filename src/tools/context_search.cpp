#include <algorithm>

#include "tools/search_terms.hpp"
#include "tools/tool_functions.hpp"
#include "util/utf8.hpp"

namespace parley::tools {

namespace {

constexpr std::size_t kPassageBytes = 600;

} // namespace

ToolResult context_search(const nlohmann::json& args, const std::vector<HistoryPassage>& history) {
    std::string problem;
    // dialectic names the argument "term"; "query" is what search takes, and a model may well use either.
    std::string query = string_argument(args, "term", problem);
    if (query.empty()) {
        query = string_argument(args, "query", problem);
    }
    const long max_results = integer_argument(args, "max_results", 5, 1, kMaxMatches, problem);
    if (!problem.empty()) {
        return tool_refusal("context_search: " + problem);
    }
    const auto terms = search_terms(query);
    if (terms.empty()) {
        return tool_refusal("context_search: give \"term\", words to look for in the debate so far");
    }
    struct Hit {
        std::size_t passage;
        std::size_t paragraph_at;
        int score;
    };
    std::vector<Hit> hits;
    for (std::size_t p = 0; p < history.size(); ++p) {
        const std::string& text = history[p].text;
        std::size_t at = 0;
        while (at < text.size()) {
            auto end = text.find("\n\n", at);
            end = end == std::string::npos ? text.size() : end;
            if (const int score = terms_matched(std::string_view(text).substr(at, end - at), terms); score > 0) {
                hits.push_back({p, at, score});
            }
            at = end + 2;
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
    ToolResult result;
    const std::size_t shown = std::min(hits.size(), static_cast<std::size_t>(max_results));
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& passage = history[hits[i].passage];
        const auto end = passage.text.find("\n\n", hits[i].paragraph_at);
        const std::string_view paragraph =
            std::string_view(passage.text)
                .substr(hits[i].paragraph_at,
                        end == std::string::npos ? std::string::npos : end - hits[i].paragraph_at);
        result.text += "[" + passage.label + "]\n" + util::truncate_utf8(paragraph, kPassageBytes) + "\n\n";
    }
    if (shown == 0) {
        result.text = "nothing in the debate so far mentions " + util::truncate_utf8(query, 200) + "\n";
    }
    return result;
}

} // namespace parley::tools
