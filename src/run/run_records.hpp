#pragma once
// A debate's record in the journal: found again on resume and replay, filed anew otherwise.

#include <string>

#include "run/debate/job.hpp"
#include "run/debate/options.hpp"
#include "store/journal.hpp"

namespace parley::run {

/// Finds or files the journal's run record of `job`. A resume (of options.resume_id, or the newest unfinished run
/// of this config and problem) and a replay take the recorded id, creation time and answers; a resume whose
/// config or problem differs from the record's is bad input.
[[nodiscard]] Result<void> attach_run(DebateJob& job, const DebateOptions& options, store::Journal& journal,
                                      const std::string& config_hash);

} // namespace parley::run
