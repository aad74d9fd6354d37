#include "tools/folder_digest.hpp"

#include <algorithm>

#include "tools/search_terms.hpp"
#include "tools/tool_functions.hpp"
#include "util/secret_redaction.hpp"
#include "util/utf8.hpp"

namespace parley::tools {

namespace {

constexpr std::size_t kListedFiles = 60;
constexpr std::size_t kPassages = 16;
constexpr std::size_t kPassageBytes = 240;

struct Passage {
    std::string path;
    long line = 0;
    int score = 0;
    std::string text;
};

} // namespace

std::string folder_digest(const ContextFolder& folder, std::string_view problem,
                          const std::vector<std::string>& secret_values, std::size_t max_bytes) {
    auto listing = folder.list("", kMaxWalkDepth);
    if (!listing) {
        return {};
    }
    std::string out = "Files:\n";
    for (std::size_t i = 0; i < listing->files.size() && i < kListedFiles; ++i) {
        out += "- " + listing->files[i].path + " (" + std::to_string(listing->files[i].size) + " bytes)\n";
    }
    if (listing->files.size() > kListedFiles) {
        out += "- ... and " + std::to_string(listing->files.size() - kListedFiles) + " more\n";
    }
    const auto terms = search_terms(problem, 24);
    std::vector<Passage> passages;
    for (const auto& entry : listing->files) {
        auto file = folder.read(entry.path);
        if (!file) {
            continue;
        }
        const auto lines = split_lines(file->text);
        for (std::size_t n = 0; n < lines.size(); ++n) {
            // A line with a figure says more about capacity than prose does: one more point for a digit.
            int score = terms_matched(lines[n], terms);
            if (score == 0) {
                continue;
            }
            score += std::any_of(lines[n].begin(), lines[n].end(), [](char c) { return c >= '0' && c <= '9'; });
            passages.push_back(
                {file->path, static_cast<long>(n) + 1, score, util::truncate_utf8(lines[n], kPassageBytes)});
        }
    }
    std::stable_sort(passages.begin(), passages.end(),
                     [](const Passage& a, const Passage& b) { return a.score > b.score; });
    if (!passages.empty()) {
        out += "\nPassages that share words with the problem:\n";
    }
    for (std::size_t i = 0; i < passages.size() && i < kPassages; ++i) {
        out += passages[i].path + ":" + std::to_string(passages[i].line) + ": " + passages[i].text + "\n";
    }
    out = util::redact_secrets(out, secret_values);
    return out.size() > max_bytes ? util::truncate_utf8(out, max_bytes) : out;
}

} // namespace parley::tools
