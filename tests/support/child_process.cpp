#include "support/child_process.hpp"

#include <csignal>
#include <cstdlib>
#include <linux/capability.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

namespace parley::testing {

namespace {

int open_output(const std::filesystem::path& path) {
    return path.empty() ? ::open("/dev/null", O_WRONLY) : ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
}

// In the child, between fork and exec: any failure ends it with 127, as a program that cannot start does.
[[noreturn]] void exec_child(std::vector<std::string>& argv, const ChildOptions& options) {
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) {
        ::_exit(127);
    }
    const int out = open_output(options.out);
    const int err = !options.err.empty() && options.err == options.out ? out : open_output(options.err);
    ::dup2(::open("/dev/null", O_RDONLY), STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    if (options.limits.max_file_bytes) {
        const rlimit limit{*options.limits.max_file_bytes, *options.limits.max_file_bytes};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
            ::_exit(127);
        }
    }
    // Root writes through any permission bits; without CAP_DAC_OVERRIDE in the bounding set, the exec'd binary
    // runs with the owner's rights only, as a normal user would.
    if (options.limits.honour_permissions && ::geteuid() == 0 &&
        (::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
         ::prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0)) {
        ::_exit(127);
    }
    for (const auto& kv : options.env) {
        const auto eq = kv.find('=');
        ::setenv(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str(), 1);
    }
    std::vector<char*> pointers;
    for (auto& arg : argv) {
        pointers.push_back(arg.data());
    }
    pointers.push_back(nullptr);
    ::execvp(pointers.front(), pointers.data());
    ::_exit(127);
}

} // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, const ChildOptions& options) {
    pid_ = ::fork();
    if (pid_ < 0) {
        throw std::runtime_error("cannot fork to start " + argv.front());
    }
    if (pid_ == 0) {
        exec_child(argv, options);
    }
}

ChildProcess::~ChildProcess() {
    if (!exited_) {
        signal(SIGKILL);
        wait();
    }
}

bool ChildProcess::exited() {
    int status = 0;
    if (!exited_ && ::waitpid(pid_, &status, WNOHANG) == pid_) {
        record(status);
    }
    return exited_;
}

void ChildProcess::signal(int number) const {
    if (!exited_) {
        ::kill(pid_, number);
    }
}

int ChildProcess::wait() {
    int status = 0;
    if (!exited_ && ::waitpid(pid_, &status, 0) == pid_) {
        record(status);
    }
    return code_;
}

void ChildProcess::record(int status) {
    exited_ = true;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> parley_argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv{PARLEY_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

} // namespace parley::testing
