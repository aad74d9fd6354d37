#include "support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

#include "support/child_process.hpp"

namespace parley::testing {

TempDir::TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = base / ("parley-test-" + std::to_string(rd()) + std::to_string(::getpid()));
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    std::abort();
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::write(const std::string& name, std::string_view content) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

CommandResult run_parley(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const std::vector<std::string>& env, const ChildLimits& limits) {
    TempDir capture;
    const ChildOptions options{cwd, capture.path() / "out", capture.path() / "err", env, limits};
    CommandResult result;
    result.exit_code = ChildProcess(parley_argv(args), options).wait();
    result.out = read_file(options.out);
    result.err = read_file(options.err);
    return result;
}

} // namespace parley::testing
