#pragma once
// The index of past runs (`parley runs`): one row per debate, evaluation or sweep found in a folder, read from the
// JSON parley wrote, with the filters a person narrows it by. Text, JSON and CSV renderings; HTML in html_run_index.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace parley::report {

/// What a row is the record of.
enum class RunKind { debate, eval, sweep };

/// "debate", "eval" or "sweep".
const char* to_string(RunKind kind);

/// The kind a name spells ("debate", "eval", "sweep"), or nothing.
std::optional<RunKind> parse_run_kind(std::string_view name);

/// One run as the index shows it. Text fields are as read (untrusted): each renderer makes them safe.
struct RunEntry {
    RunKind kind = RunKind::debate;
    std::string path;       ///< the JSON file, relative to the indexed folder, with '/' separators
    std::string report;     ///< its report (HTML before Markdown) relative to the folder; empty when none was found
    std::string comparison; ///< a sweep's comparison page relative to the folder; empty otherwise
    std::string id;         ///< the debate or sweep id; empty for an evaluation
    std::string problem;    ///< the problem's title line; what an evaluation scored
    std::string config;     ///< the config's file name when known, else the panel in words
    std::string models;
    std::string status;
    std::optional<double> confidence; ///< the judge's, 0-100 (debates)
    std::optional<double> score;      ///< the overall evaluation score, 1-10 (evaluations)
    std::optional<double> cost_usd;   ///< nothing when unknown: never shown as $0
    long unpriced_calls = 0;          ///< calls without a price: the cost above is a lower bound when not 0
    std::optional<long> tokens;
    std::string time;              ///< ISO 8601 UTC: when the run started, else when its file was written
    std::optional<double> wall_ms; ///< how long it ran, when recorded
    /// A sweep's debates: each one's JSON (relative to the sweep's folder) and its config's file name.
    std::vector<std::pair<std::string, std::string>> debate_configs;
};

/// A file that looks like parley's but could not be read, with why in one line.
struct DamagedRun {
    std::string path;
    std::string reason;
};

/// Everything found in one folder.
struct RunIndex {
    std::string folder; ///< as given by the user, for titles
    std::vector<RunEntry> runs;
    std::vector<DamagedRun> damaged;
    std::vector<std::string> limits_hit; ///< "stopped at 20000 files", ...: the index may be incomplete
};

/// How reading one JSON file ended.
struct RunReading {
    std::optional<RunEntry> entry;     ///< set when the file is a run parley wrote
    std::optional<std::string> damage; ///< set when it looks like one but cannot be read: why
};

/// Reads `text`, the content of the file at `path` (relative), as a debate, an evaluation or a sweep index. JSON
/// that is none of them (a config, a package file) gives neither an entry nor damage: it is skipped silently.
RunReading read_run(std::string_view text, const std::string& path);

/// The rows a person narrows the index to; empty fields do not filter.
struct RunFilter {
    std::optional<RunKind> kind;
    std::string since;   ///< ISO 8601 UTC: runs at or after it
    std::string problem; ///< a piece of the problem's title, any case
    std::string status;  ///< the status, any case
    /// True when `entry` passes every filter that is set.
    bool matches(const RunEntry& entry) const;
};

/// Newest first (by time, then path, so equal times keep a stable order).
void sort_newest_first(std::vector<RunEntry>& runs);

/// A cost as the index shows it: "$0.0123", "$0.0123 + unknown for 2 calls", or "unknown" (never "$0" for unknown).
std::string run_cost_text(const RunEntry& entry);

/// The judge's confidence ("72/100") or the evaluation score ("score 7.5/10"); the unknown mark when neither.
std::string run_result_text(const RunEntry& entry);

/// The index as JSON: {"folder", "runs": [...], "damaged": [...], "limitsHit": [...]}; unknown figures are null.
nlohmann::json runs_json(const RunIndex& index);

/// The index as CSV (util/csv: quoted, formula-guarded, CRLF), one header line and one line per run.
std::string render_runs_csv(const RunIndex& index);

} // namespace parley::report
