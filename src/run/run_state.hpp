#pragma once
// What a debate keeps in its journal run record's state, read back with every field's type checked.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "store/journal.hpp"
#include "util/error.hpp"

namespace parley::debate {

/// The fields a debate files in RunRecord::state, so a resume restores them.
struct RunState {
    std::optional<std::string> created_at;      ///< "createdAt": when the debate first started
    std::map<std::string, std::string> answers; ///< "answers": clarification answers given, by question id
};

/// Reads `run.state` from the journal at `journal`; a field of the wrong type is one line naming the journal, the
/// run and the field (ErrorKind::invalid_input, exit 2), never an exception.
Result<RunState> read_run_state(const store::RunRecord& run, const std::filesystem::path& journal);

} // namespace parley::debate
