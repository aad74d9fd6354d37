#pragma once
// A sweep read from its file and flags, and one sweep job turned into the setup of its debate.

#include <filesystem>
#include <memory>

#include "eval/eval_config.hpp"
#include "run/debate/job.hpp"
#include "run/debate/setup.hpp"
#include "run/sweep/options.hpp"
#include "sweep/matrix.hpp"

namespace parley::run {

/// Reads the sweep file (if any), applies the flags, reads every problem, config and eval file, checks every
/// config, and builds the matrix. Errors name the file and JSON path at fault (exit 2).
[[nodiscard]] Result<sweep::Sweep> load_sweep(const SweepOptions& options);

/// Warns (once, naming the first config that differs) when the sweep's configs disagree on their `queue` section or
/// `pricing`: one in-process session, and each worker's session, runs on the first config's.
void warn_on_differing_settings(const sweep::Sweep& sweep);

/// How the live view names a job: its problem's and config's file names ("webhooks.md × pair.json"), and its seed
/// when not 0, so a person tells the debates of a sweep apart by what they are rather than by a hash.
std::string job_label(const sweep::SweepJob& job);

/// The setup of one job's debate: its config parsed from the job's text (relative prompt paths resolved against
/// the config's folder), the job's seed applied, and its providers taken from `providers`.
[[nodiscard]] Result<Setup> job_setup(const sweep::SweepJob& job, std::shared_ptr<ProviderCache> providers);

/// The panel that scores a job's debate, parsed from the job's eval text (prompt paths resolved against the eval
/// config's folder); none when the sweep has no eval.
[[nodiscard]] Result<std::optional<eval::EvalConfig>> job_panel(const sweep::SweepJob& job);

/// The options a job's debate is filed under in the journal (so `parley resume` can continue it): the job's
/// problem, config and seed, writing into `output_dir`.
DebateOptions job_debate_options(const sweep::SweepJob& job, const std::filesystem::path& output_dir);

/// The debate of a job, with its stable id, attached to `journal` (continuing the run of the same id when the
/// journal holds one) and its files named in `output_dir`.
[[nodiscard]] Result<std::unique_ptr<DebateJob>> job_debate(const sweep::SweepJob& job, const Setup& setup,
                                                            const std::filesystem::path& output_dir,
                                                            store::Journal& journal);

} // namespace parley::run
