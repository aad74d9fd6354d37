// Summaries of an agent's history (or of the final proposals for the judge), within a byte budget.

#include <algorithm>

#include "offline/writer.hpp"
#include "util/utf8.hpp"

namespace parley::offline {

using llm::Purpose;

namespace {

constexpr std::size_t kMaxOpenItems = 16;
constexpr std::size_t kMaxNumberItems = 12;

struct Section {
    std::string heading;
    std::vector<std::string> items;
};

std::string_view line_at(std::string_view text, std::size_t pos) {
    const auto start = text.rfind('\n', pos);
    const auto from = start == std::string_view::npos ? 0 : start + 1;
    const auto end = text.find('\n', pos);
    return text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from);
}

std::string item_from_line(std::string_view line, std::size_t max_chars) {
    while (!line.empty() && (line.front() == '-' || line.front() == ' ')) {
        line.remove_prefix(1);
    }
    return "- " + shorten(line, max_chars);
}

// Lines of `text` containing `needle`, each once, at most `limit`.
std::vector<std::string> lines_with(std::string_view text, std::string_view needle, std::size_t limit,
                                    std::size_t max_chars) {
    std::vector<std::string> out;
    for (auto pos = text.find(needle); pos != std::string_view::npos && out.size() < limit;
         pos = text.find(needle, pos + needle.size())) {
        auto item = item_from_line(line_at(text, pos), max_chars);
        if (std::find(out.begin(), out.end(), item) == out.end()) {
            out.push_back(std::move(item));
        }
    }
    return out;
}

std::vector<Section> summary_sections(const OfflineContext& ctx) {
    const std::string_view text = ctx.user_text;
    Section decisions{"## Decisions", {}};
    Section numbers{"## Numbers", {}};
    Section open{"## Open disagreements", {}};
    for (const auto& r : ctx.requirements) {
        const auto marker = met_marker(r.id);
        if (const auto pos = text.rfind(marker); pos != std::string_view::npos) {
            decisions.items.push_back(item_from_line(line_at(text, pos), 100));
        } else {
            open.items.push_back("- **" + r.id +
                                 (ctx.purpose == Purpose::judge_summary ? "** is met by no final proposal: "
                                                                        : "** is still open in this design: ") +
                                 shorten(r.text, 70));
        }
    }
    for (const auto* q : salient_quantities(ctx.facts)) {
        numbers.items.push_back("- " + q->text + ": " + describe_quantity(*q));
    }
    for (auto& line : lines_with(text, "≈", 6, 220)) {
        // The workload lines restate the problem's own numbers, which are listed above already.
        if (line.find(": a rate of") != std::string::npos || numbers.items.size() >= kMaxNumberItems) {
            continue;
        }
        numbers.items.push_back(std::move(line));
    }
    for (auto pos = text.find("Rejected for"); pos != std::string_view::npos && open.items.size() < kMaxOpenItems;
         pos = text.find("Rejected for", pos + 1)) {
        const auto end = text.find_first_of(".\n", pos);
        auto item = "- " + shorten(text.substr(pos, end == std::string_view::npos ? end : end - pos + 1), 110);
        if (std::find(open.items.begin(), open.items.end(), item) == open.items.end()) {
            open.items.push_back(std::move(item));
        }
    }
    for (auto& line : lines_with(text, "**Severity: ", 3, 110)) {
        open.items.push_back(std::move(line));
    }
    if (decisions.items.empty()) {
        decisions.items.emplace_back("- No requirement is marked met in the history yet.");
    }
    if (numbers.items.empty()) {
        numbers.items.emplace_back("- The problem states no figures; sizes are assumptions.");
    }
    if (open.items.empty()) {
        open.items.emplace_back("- None recorded.");
    }
    return {decisions, numbers, open};
}

} // namespace

std::string write_summary(OfflineContext& ctx) {
    const long limit = ctx.limit.value_or(2500);
    const std::size_t max_bytes = limit < 0 ? 0 : static_cast<std::size_t>(limit);
    std::string out = offline_banner();
    out += ctx.purpose == Purpose::judge_summary
               ? "# Summary of the final proposals\n"
               : "# Summary — " + ctx.agent_name + " (" + ctx.role + "), round " + std::to_string(ctx.round) + "\n";
    // Whole items only: a section is added while its heading and next item still fit in the budget.
    for (const auto& section : summary_sections(ctx)) {
        std::string block = "\n" + section.heading + "\n\n";
        std::size_t added = 0;
        for (const auto& item : section.items) {
            if (out.size() + block.size() + item.size() + 1 > max_bytes) {
                break;
            }
            block += item + "\n";
            ++added;
        }
        if (added > 0) {
            out += block;
        }
    }
    return util::truncate_utf8(out, max_bytes);
}

} // namespace parley::offline
