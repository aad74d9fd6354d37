#include "run/runs/scan.hpp"

#include <chrono>
#include <map>
#include <system_error>

#include "util/text_file.hpp"
#include "util/text_safety.hpp"
#include "util/timestamps.hpp"

namespace parley::run {

namespace {

namespace fs = std::filesystem;

std::string relative_text(const fs::path& file, const fs::path& folder) {
    return file.lexically_relative(folder).generic_string();
}

// The report written beside a run's JSON (same name), HTML first: what a person opens.
std::string report_beside(const fs::path& json_file, const fs::path& folder) {
    std::error_code error;
    for (const char* extension : {".html", ".md"}) {
        auto candidate = json_file;
        candidate.replace_extension(extension);
        if (fs::is_regular_file(fs::symlink_status(candidate, error))) {
            return relative_text(candidate, folder);
        }
    }
    return {};
}

std::string first_existing(const fs::path& dir, std::initializer_list<const char*> names, const fs::path& folder) {
    std::error_code error;
    for (const char* name : names) {
        if (fs::is_regular_file(fs::symlink_status(dir / name, error))) {
            return relative_text(dir / name, folder);
        }
    }
    return {};
}

std::string modified_time(const fs::path& file) {
    std::error_code error;
    const auto written = fs::last_write_time(file, error);
    if (error) {
        return {};
    }
    return util::format_iso8601(
        std::chrono::time_point_cast<std::chrono::system_clock::duration>(std::chrono::file_clock::to_sys(written)));
}

// Fills what the file system knows: the report beside, a sweep's own pages, a time when the JSON has none.
void place(report::RunEntry& entry, const fs::path& file, const fs::path& folder) {
    if (entry.kind == report::RunKind::sweep) {
        entry.report = first_existing(file.parent_path(), {"sweep.md"}, folder);
        entry.comparison = first_existing(file.parent_path(), {"comparison.html", "comparison.md"}, folder);
    } else {
        entry.report = report_beside(file, folder);
    }
    if (entry.time.empty()) {
        entry.time = modified_time(file);
    }
}

/// A debate a sweep's index lists: the sweep's row and the debate's config file name.
struct SweepMember {
    std::size_t sweep = 0; ///< the sweep's place in RunIndex::runs
    std::string config;
};

// A sweep's debates show its config's file name rather than the panel in words; the sweep takes its debates' unpriced
// calls (its index keeps only what was priced, which is no total when a model had no price) and their tokens.
void join_sweeps(report::RunIndex& index, const std::map<std::string, SweepMember>& member_of) {
    std::map<std::size_t, long> tokens_of;
    std::map<std::size_t, std::size_t> found_of;
    for (auto& entry : index.runs) {
        const auto it = member_of.find(entry.path);
        if (entry.kind != report::RunKind::debate || it == member_of.end()) {
            continue;
        }
        if (!it->second.config.empty()) {
            entry.config = it->second.config;
        }
        auto& sweep = index.runs[it->second.sweep];
        sweep.unpriced_calls += entry.unpriced_calls;
        if (entry.tokens) {
            tokens_of[it->second.sweep] += *entry.tokens;
            ++found_of[it->second.sweep];
        }
    }
    for (const auto& [sweep, tokens] : tokens_of) {
        // Tokens are a total only when every debate of the sweep was found and recorded them.
        if (found_of[sweep] == index.runs[sweep].debate_configs.size()) {
            index.runs[sweep].tokens = tokens;
        }
    }
}

} // namespace

report::RunIndex scan_runs(const fs::path& folder, const ScanLimits& limits) {
    report::RunIndex index;
    index.folder = folder.string();
    std::error_code error;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
    std::size_t looked_at = 0;
    std::size_t bytes_read = 0;
    std::map<std::string, SweepMember> member_of;
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (++looked_at > limits.max_files) {
            index.limits_hit.push_back("stopped after " + std::to_string(limits.max_files) + " files and folders");
            break;
        }
        const auto& path = it->path();
        const auto status = it->symlink_status(error);
        if (error) {
            error.clear();
            continue;
        }
        const auto name = path.filename().string();
        if (fs::is_directory(status)) {
            // Hidden folders (.git, .cache) and anything too deep hold no run a person is looking for.
            if (name.starts_with(".") || name == "node_modules" ||
                static_cast<std::size_t>(it.depth()) + 1 > limits.max_depth) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!fs::is_regular_file(status) || path.extension() != ".json") {
            continue;
        }
        const auto relative = relative_text(path, folder);
        const auto size = it->file_size(error);
        if (error) {
            error.clear();
            continue;
        }
        if (size > limits.max_file_bytes) {
            index.damaged.push_back(
                {relative, "larger than " + util::human_size(limits.max_file_bytes) + "; not read"});
            continue;
        }
        if (bytes_read + size > limits.max_total_bytes) {
            index.limits_hit.push_back("stopped after reading " + util::human_size(limits.max_total_bytes));
            break;
        }
        bytes_read += size;
        auto text = util::read_text_file(path, limits.max_file_bytes);
        if (!text) {
            index.damaged.push_back({relative, text.error().message});
            continue;
        }
        auto reading = report::read_run(*text, relative);
        if (reading.damage) {
            index.damaged.push_back({relative, *reading.damage});
        }
        if (!reading.entry) {
            continue;
        }
        place(*reading.entry, path, folder);
        if (reading.entry->kind == report::RunKind::sweep) {
            for (const auto& [json_path, config] : reading.entry->debate_configs) {
                member_of[relative_text(path.parent_path() / json_path, folder)] = {index.runs.size(), config};
            }
        }
        index.runs.push_back(std::move(*reading.entry));
    }
    if (error) {
        index.damaged.push_back({folder.string(), error.message()});
    }
    join_sweeps(index, member_of);
    report::sort_newest_first(index.runs);
    return index;
}

} // namespace parley::run
