#pragma once
// The one way a test starts a program of its own (parley, redis-server): fork and exec with the streams, folder,
// environment and limits it asks for, and a handle that can signal, wait for and always reaps the child.

#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

#include "support/temp_dir.hpp"

namespace parley::testing {

/// How a ChildProcess starts. Its stdin is always /dev/null: no child reads the test's own input.
struct ChildOptions {
    std::filesystem::path cwd;    ///< the folder it runs in; empty: the test's own
    std::filesystem::path out;    ///< the file its stdout goes to (created or truncated); empty: /dev/null
    std::filesystem::path err;    ///< the file its stderr goes to; empty: /dev/null; the same path as `out`: one file
    std::vector<std::string> env; ///< "NAME=value" entries added to its environment
    ChildLimits limits;
};

/// A running program; killed (SIGKILL) and reaped when destroyed while it still runs.
class ChildProcess {
public:
    /// Starts `argv[0]` (a path, or a name looked up in PATH) with `argv`. Throws std::runtime_error when fork fails;
    /// a program that cannot be started ends with exit code 127.
    ChildProcess(std::vector<std::string> argv, const ChildOptions& options);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// Whether it has ended, without waiting.
    bool exited();
    /// Sends it a signal (while it runs).
    void signal(int number) const;
    /// Waits for it to end: its exit code, or 128 + the signal that ended it.
    int wait();

private:
    void record(int status);

    pid_t pid_ = -1;
    bool exited_ = false;
    int code_ = -1;
};

/// The parley binary under test with `args` (each passed as one argument).
std::vector<std::string> parley_argv(const std::vector<std::string>& args);

} // namespace parley::testing
