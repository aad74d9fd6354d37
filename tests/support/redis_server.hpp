#pragma once
// A real redis-server for a test: on a free 127.0.0.1 port, in its own temp folder, stopped (or killed) and started
// again on the same port and data, so tests can restart Redis mid-sweep.

#include <filesystem>
#include <memory>
#include <string>

#include <optional>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace parley::testing {

/// The key tests sign and check sweep jobs with, and the environment line that gives it to a child parley.
inline constexpr const char* kTestSigningKey = "parley-test-signing-key-0001";
inline constexpr const char* kTestSigningEnv = "PARLEY_SWEEP_SIGNING_KEY=parley-test-signing-key-0001";

/// How the test server runs.
struct RedisServerOptions {
    bool persistence = false; ///< append-only file, fsync on every write: a restart loses nothing
    std::string password;     ///< requirepass; empty for none
};

/// A redis-server child process; stopped when destroyed. Throws std::runtime_error (a clear test failure) when
/// redis-server is missing or does not come up.
class RedisServer {
public:
    explicit RedisServer(RedisServerOptions options = {});
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    /// The port it listens on (the same across restarts).
    int port() const { return port_; }
    /// redis://[:password@]127.0.0.1:port/db for it.
    std::string url(int db = 0) const;
    /// Its folder (data files and log).
    const std::filesystem::path& dir() const { return dir_.path(); }

    /// Shuts it down cleanly (SIGTERM: it writes its data out) and waits for it.
    void stop();
    /// Kills it at once (SIGKILL), as a machine crash would.
    void kill();
    /// Starts it again on the same port and folder (after stop or kill), waiting until it answers.
    void start();
    /// True while the child runs.
    bool running() const { return process_.has_value(); }

private:
    void wait_until_ready();

    RedisServerOptions options_;
    TempDir dir_;
    int port_ = 0;
    std::optional<ChildProcess> process_;
};

} // namespace parley::testing
