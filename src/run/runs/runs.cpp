#include "run/runs/runs.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>

#include "progress/format.hpp"
#include "report/figures.hpp"
#include "report/html_run_index.hpp"
#include "report/run_index.hpp"
#include "run/console.hpp"
#include "run/runs/scan.hpp"
#include "util/text.hpp"
#include "util/text_file.hpp"
#include "util/timestamps.hpp"

namespace parley::run {

namespace {

namespace fs = std::filesystem;

// The table a terminal shows: long text cut so each run stays one line; the whole text is in --json and the page.
std::string render_text(const report::RunIndex& index) {
    if (index.runs.empty()) {
        std::string out = "no debate, eval or sweep found under " + progress::one_line(index.folder) + "\n";
        for (const auto& d : index.damaged) {
            out += "damaged: " + progress::one_line(d.path) + ": " + progress::one_line(d.reason) + "\n";
        }
        return out;
    }
    constexpr std::size_t kMaxCell = 40;
    std::vector<std::vector<std::string>> rows{
        {"WHEN", "KIND", "PROBLEM", "CONFIG", "MODELS", "STATUS", "RESULT", "COST", "TOKENS", "TIME", "PATH"}};
    for (const auto& r : index.runs) {
        auto when = r.time.substr(0, 16);
        if (when.size() > 10) {
            when[10] = ' ';
        }
        rows.push_back({when, report::to_string(r.kind), progress::one_line(r.problem), progress::one_line(r.config),
                        progress::one_line(r.models), progress::one_line(r.status), report::run_result_text(r),
                        report::run_cost_text(r), r.tokens ? std::to_string(*r.tokens) : report::kUnknownFigure,
                        r.wall_ms ? progress::format_duration(*r.wall_ms) : report::kUnknownFigure,
                        progress::one_line(r.path)});
    }
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (auto& row : rows) {
        for (std::size_t c = 0; c + 1 < row.size(); ++c) {
            row[c] = progress::fit_width(row[c], kMaxCell);
            widths[c] = std::max(widths[c], progress::display_width(row[c]));
        }
    }
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            out += row[c];
            if (c + 1 < row.size()) {
                out += std::string(widths[c] - progress::display_width(row[c]) + 2, ' ');
            }
        }
        out += "\n";
    }
    for (const auto& d : index.damaged) {
        out += "damaged: " + progress::one_line(d.path) + ": " + progress::one_line(d.reason) + "\n";
    }
    for (const auto& limit : index.limits_hit) {
        out += "incomplete: " + limit + "\n";
    }
    return out;
}

// A page written outside the folder links its files through the way from the page's folder to it.
report::RunIndex relative_to_page(report::RunIndex index, const fs::path& page) {
    std::error_code error;
    const auto page_dir = fs::weakly_canonical(fs::absolute(page, error).parent_path(), error);
    const auto folder = fs::weakly_canonical(fs::absolute(index.folder, error), error);
    const auto prefix = folder.lexically_relative(page_dir);
    if (prefix.empty() || prefix == ".") {
        return index;
    }
    auto rebase = [&](std::string& path) {
        if (!path.empty()) {
            path = (prefix / path).generic_string();
        }
    };
    for (auto& r : index.runs) {
        rebase(r.path);
        rebase(r.report);
        rebase(r.comparison);
    }
    return index;
}

// Model text may hold invalid UTF-8, on which a plain dump() throws.
std::string json_text(const report::RunIndex& index) {
    return report::runs_json(index).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_for(const report::RunIndex& index, const std::string& file) {
    const auto lower = util::ascii_lower(file);
    if (lower.ends_with(".csv")) {
        return report::render_runs_csv(index);
    }
    if (lower.ends_with(".json")) {
        return json_text(index);
    }
    if (lower.ends_with(".html") || lower.ends_with(".htm")) {
        return report::render_run_index_html(relative_to_page(index, file));
    }
    return render_text(index);
}

} // namespace

std::string since_threshold(const std::string& text) {
    static const std::regex kDate(R"(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?)");
    static const std::regex kAge(R"((\d{1,6})([mhdw]))");
    std::smatch match;
    if (std::regex_match(text, kDate)) {
        auto iso = text;
        if (iso.size() > 10) {
            iso[10] = 'T';
        }
        return iso;
    }
    if (!std::regex_match(text, match, kAge)) {
        return {};
    }
    const long count = std::stol(match[1].str());
    const char unit = match[2].str().front();
    const long minutes = unit == 'm' ? 1 : unit == 'h' ? 60 : unit == 'd' ? 24 * 60 : 7 * 24 * 60;
    return util::format_iso8601(std::chrono::system_clock::now() - std::chrono::minutes(count * minutes));
}

int run_runs(const RunsOptions& options) {
    if (auto usable = util::check_input_path(options.folder, util::InputKind::file_or_folder); !usable) {
        return fail_with(usable.error());
    }
    if (!fs::is_directory(options.folder)) {
        return fail_with(Error{ErrorKind::invalid_input, options.folder + ": not a folder; give the folder to list", 0,
                               std::nullopt});
    }
    report::RunFilter filter;
    if (!options.kind.empty()) {
        filter.kind = report::parse_run_kind(options.kind);
        if (!filter.kind) {
            return fail_with(Error{ErrorKind::invalid_input,
                                   "--kind " + options.kind + ": expected debate, eval or sweep", 0, std::nullopt});
        }
    }
    if (!options.since.empty()) {
        filter.since = since_threshold(options.since);
        if (filter.since.empty()) {
            return fail_with(
                Error{ErrorKind::invalid_input,
                      "--since " + options.since +
                          ": expected a date (2026-12-01), a time (2026-12-01T09:30) or an age (30m, 24h, 7d)",
                      0, std::nullopt});
        }
    }
    filter.problem = options.problem;
    filter.status = options.status;
    ScanLimits limits;
    limits.max_depth = options.max_depth;
    auto index = scan_runs(options.folder, limits);
    std::erase_if(index.runs, [&](const report::RunEntry& r) { return !filter.matches(r); });
    int code = exit_code::ok;
    if (!options.html_file.empty()) {
        code = write_output(report::render_run_index_html(relative_to_page(index, options.html_file)),
                            options.html_file, "runs", options.quiet);
    }
    if (code == exit_code::ok && !options.output_file.empty()) {
        code = write_output(render_for(index, options.output_file), options.output_file, "runs", options.quiet);
    }
    if (code == exit_code::ok && options.json) {
        code = write_output(json_text(index), "", "runs");
    }
    if (code == exit_code::ok && options.html_file.empty() && options.output_file.empty() && !options.json) {
        code = write_output(render_text(index), "", "runs");
    }
    return code;
}

} // namespace parley::run
