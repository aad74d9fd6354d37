#pragma once
// `parley runs [DIR]` as a library call: the debates, evaluations and sweeps found under a folder, newest first,
// filtered, as a table on stdout, JSON, CSV or one HTML page that links every report.

#include <cstddef>
#include <string>

namespace parley::run {

/// What `parley runs` is asked to do.
struct RunsOptions {
    std::string folder = ".";
    std::string kind;    ///< debate, eval or sweep; empty: all
    std::string since;   ///< a date (2026-12-01), an ISO time, or an age (30m, 24h, 7d); empty: any time
    std::string problem; ///< a piece of the problem's title, any case
    std::string status;  ///< a piece of the status, any case
    std::size_t max_depth = 8;
    bool json = false;       ///< JSON on stdout
    std::string html_file;   ///< the HTML page to write; empty: none
    std::string output_file; ///< the index to write, its format by extension (.csv, .json, .html, else text)
    bool quiet = false;      ///< -q: no "runs: FILE" line after writing a file
};

/// The ISO 8601 UTC time --since names: a date or time as given, or now minus an age ("7d"); nothing when `text` is
/// neither (the caller says what is expected).
[[nodiscard]] std::string since_threshold(const std::string& text);

/// Lists the runs; returns the process exit code (2 for a folder that is not one, or a bad filter).
[[nodiscard]] int run_runs(const RunsOptions& options);

} // namespace parley::run
