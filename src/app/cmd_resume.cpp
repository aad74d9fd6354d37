#include <filesystem>

#include "app/commands.hpp"
#include "store/journal.hpp"

namespace parley::app {

Result<std::vector<std::string>> resume_arguments(const std::string& id, const std::string& journal_file) {
    const std::filesystem::path path = journal_file.empty() ? "debates/journal.sqlite" : journal_file;
    if (!std::filesystem::exists(path)) {
        return fail(ErrorKind::invalid_input, "resume: no journal at " + path.string() + " (pass --journal FILE)");
    }
    auto journal = store::Journal::open(path);
    if (!journal) {
        return tl::make_unexpected(journal.error());
    }
    auto run = journal->find_run(id);
    if (!run) {
        return tl::make_unexpected(run.error());
    }
    if (!*run) {
        return fail(ErrorKind::invalid_input, "resume: the journal " + path.string() + " holds no run " + id);
    }
    auto args = (*run)->command_line;
    if (args.empty() || args.front() != "debate") {
        return fail(ErrorKind::io, "resume: run " + id + " in " + path.string() + " has no command to resume");
    }
    args.insert(args.end(), {"--resume", id, "--journal", std::filesystem::absolute(path).string()});
    return args;
}

} // namespace parley::app
