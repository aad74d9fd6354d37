#pragma once
// What a run of debates is asked to do: the options `parley debate` and `parley resume` hand to the library.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/logging.hpp"
#include "util/path_clash.hpp"

namespace parley::run {

/// Everything that shapes a run of debates; `parley debate`'s flags fill it, and a resume restores it from the
/// journal's run record.
struct DebateOptions {
    std::optional<std::string> problem_text;
    std::vector<std::string> problem_files; ///< files or folders of *.md files; one debate per problem
    std::string config_file;
    std::vector<std::string> agents;
    std::optional<int> rounds;
    std::string output_dir = "debates";
    std::string json_file; ///< empty: OUTPUT/ID.json; set by `-o FILE.json` (one problem only)
    std::string report_file;
    std::string context_file; ///< --context: a file's text appended to every problem; a folder agents' tools read
    std::string design_file;  ///< --design: the design under review (round 1 critiques it; no proposals)
    /// A resumed design review: the design's text as its run recorded it (read instead of design_file)
    std::optional<std::string> design_text;
    bool html = false;         ///< also write the HTML report beside the Markdown one (ID.html)
    bool brief_report = false; ///< the report is only the summary (`--brief`)
    bool offline = false;
    std::optional<std::uint64_t> seed;
    bool clarify = false;
    std::string answers_file;
    std::string env_file = ".env";
    bool env_file_required = false;
    util::Verbosity verbosity = util::Verbosity::normal;
    std::string log_file;
    std::string journal_file; ///< empty: OUTPUT/journal.sqlite
    bool resume = false;      ///< continue the newest unfinished run of the same config and problem
    std::string resume_id;    ///< continue exactly this run
    std::string replay_file;  ///< run entirely from this journal, with no network
    bool cache = false;       ///< reuse identical calls across runs that use the cache
    std::string cache_dir;    ///< --cache-dir: the shared cache's folder (implies cache); empty: the user's
    std::optional<double> max_cost_usd;
    std::optional<long> max_tokens;
    bool dry_run = false;
    bool stream = false;
    std::string eval_config; ///< --eval: score each finished debate with this evaluator panel
    std::string baseline;    ///< --baseline: "vote" runs the equal-cost baseline after each debate; "" none
    bool preflight = true;   ///< check every provider endpoint before the first call (off: --no-preflight)
    bool chat_check = true;  ///< the preflight sends each model one tiny chat call too (off: --no-chat-check)
};

/// Sets where a debate's files go from `-o`, by its extension: FILE.json is the debate JSON and FILE.md the report
/// (the other beside it with the same stem, the journal in the same folder); a name without an extension, or an
/// existing folder, is the output folder. Any other extension is refused (ErrorKind::invalid_input).
[[nodiscard]] Result<void> set_output(DebateOptions& options, const std::string& output);

/// The files a run of debates reads and the ones it names to write (the journal among them), for the check that no
/// output overwrites an input; outputs named after the debate id are not known yet and cannot be an input.
util::CommandPaths debate_paths(const DebateOptions& options);

/// The roles of a comma-separated list ("architect, kiss"), trimmed, empty items skipped: what --agents takes.
std::vector<std::string> split_roles(const std::string& text);

/// The roles as --agents writes them: joined with commas.
std::string join_roles(const std::vector<std::string>& roles);

/// What `parley resume` is asked to do: which run, in which journal, how loudly.
struct ResumeOptions {
    std::string run_id;
    std::string journal_file; ///< empty: debates/journal.sqlite
    util::Verbosity verbosity = util::Verbosity::normal;
    bool preflight = true;  ///< check the endpoints first, unless the run finished (its calls are all journaled)
    bool chat_check = true; ///< with the preflight, one tiny chat call per model (off: --no-chat-check)
};

} // namespace parley::run
