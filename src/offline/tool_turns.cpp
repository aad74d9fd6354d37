#include "offline/tool_turns.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tools/search_terms.hpp"
#include "tools/tools.hpp"

namespace parley::offline {

namespace {

constexpr std::size_t kFilesRead = 3;
constexpr std::size_t kFindings = 6;

bool declares(const llm::ChatRequest& request, tools::ToolKind kind) {
    for (const auto& tool : request.tools) {
        if (tool.contains("function") && tool["function"].value("name", "") == tools::tool_name(kind)) {
            return true;
        }
    }
    return false;
}

// The tool results of the exchange so far, with the name of the call each answers.
std::vector<std::pair<std::string, const std::string*>> results_of(const llm::ChatRequest& request) {
    std::vector<std::pair<std::string, const std::string*>> out;
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        const auto& m = request.messages[i];
        if (m.role != "tool") {
            continue;
        }
        std::string name;
        for (std::size_t j = i; j-- > 0;) {
            for (const auto& call : request.messages[j].tool_calls) {
                if (call.id == m.tool_call_id) {
                    name = call.name;
                }
            }
            if (!name.empty()) {
                break;
            }
        }
        out.emplace_back(name, &m.content);
    }
    return out;
}

std::vector<std::string> problem_terms(const llm::ChatRequest& request) {
    const std::string problem = request.context.problem
                                    ? *request.context.problem
                                    : (request.messages.size() > 1 ? request.messages[1].content : std::string());
    return tools::search_terms(problem, 48);
}

// The files a list_files result names: its lines "path  (N bytes)".
std::vector<std::string> listed_files(const std::string& listing) {
    std::vector<std::string> files;
    std::size_t at = 0;
    while (at < listing.size()) {
        auto end = listing.find('\n', at);
        end = end == std::string::npos ? listing.size() : end;
        const std::string line = listing.substr(at, end - at);
        if (const auto size = line.rfind("  ("); size != std::string::npos && line.ends_with(" bytes)")) {
            files.push_back(line.substr(0, size));
        }
        at = end + 1;
    }
    return files;
}

bool text_file(const std::string& path) {
    for (const char* extension : {".md", ".txt", ".csv", ".yaml", ".yml", ".json", ".toml", ".ini", ".conf"}) {
        if (path.ends_with(extension)) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<llm::ToolCall> offline_tool_calls(const llm::ChatRequest& request) {
    if (request.tools.empty() || request.extra.value("tool_choice", "") == "none") {
        return {};
    }
    const auto results = results_of(request);
    if (results.empty() && declares(request, tools::ToolKind::list_files)) {
        return {{"offline_call_1", tools::tool_name(tools::ToolKind::list_files), "{}"}};
    }
    const bool listed_only = results.size() == 1 && results[0].first == tools::tool_name(tools::ToolKind::list_files);
    if (!listed_only || !declares(request, tools::ToolKind::file_read)) {
        return {};
    }
    // Files named like the problem's terms first, then the other text files, each group in listing order.
    const auto terms = problem_terms(request);
    auto files = listed_files(*results[0].second);
    std::erase_if(files, [](const std::string& f) { return !text_file(f); });
    std::stable_sort(files.begin(), files.end(), [&](const std::string& a, const std::string& b) {
        return tools::terms_matched(a, terms) > tools::terms_matched(b, terms);
    });
    std::vector<llm::ToolCall> calls;
    for (std::size_t i = 0; i < files.size() && i < kFilesRead; ++i) {
        calls.push_back({"offline_call_" + std::to_string(i + 2), tools::tool_name(tools::ToolKind::file_read),
                         nlohmann::json{{"path", files[i]}}.dump()});
    }
    return calls;
}

std::string cited_findings(const llm::ChatRequest& request) {
    const auto terms = problem_terms(request);
    struct Finding {
        int score;
        std::string text;
    };
    std::vector<Finding> findings;
    for (const auto& [name, text] : results_of(request)) {
        if (name != tools::tool_name(tools::ToolKind::file_read)) {
            continue;
        }
        // A file_read result: "path (lines a-b of n)" and then "N| line" lines.
        const auto header_end = text->find('\n');
        const auto paren = text->rfind(" (lines ", header_end);
        if (header_end == std::string::npos || paren == std::string::npos) {
            continue;
        }
        const std::string path = text->substr(0, paren);
        std::size_t at = header_end + 1;
        while (at < text->size()) {
            auto end = text->find('\n', at);
            end = end == std::string::npos ? text->size() : end;
            const std::string line = text->substr(at, end - at);
            at = end + 1;
            const auto bar = line.find("| ");
            if (bar == std::string::npos) {
                continue;
            }
            const std::string body = line.substr(bar + 2);
            if (std::none_of(body.begin(), body.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
                body.find("[redacted]") != std::string::npos) {
                continue;
            }
            findings.push_back(
                {tools::terms_matched(body, terms), "- (" + path + ":" + line.substr(0, bar) + ") " + body});
        }
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.score > b.score; });
    std::string out;
    for (std::size_t i = 0; i < findings.size() && i < kFindings; ++i) {
        out += findings[i].text + "\n";
    }
    return out.empty() ? out : "\n\n## Figures from the context folder\n\n" + out;
}

} // namespace parley::offline
