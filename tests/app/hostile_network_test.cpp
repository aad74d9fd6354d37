// The parley binary against a hostile loopback server: what reaches the terminal, the files and the journal.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKeyEnv = "PARLEY_HOSTILE_E2E_KEY";
const std::string kKey = "sk-e2e-hostile-5d1c7a9b3e2f4a6c8e0b";
const std::vector<std::string> kEnv{std::string(kKeyEnv) + "=" + kKey};
const std::string kProblem = std::string(PARLEY_SOURCE_DIR) + "/examples/rate-limiter/problem.md";
const std::string kHostileText = "\x1b]0;pwned\x07\x1b[2J\xc2\x9b"
                                 "31m\xe2\x80\xae\xff";

// Two debaters and a judge on `fake`, small limits, no retry worth waiting for.
fs::path write_config(const TempDir& dir, const FakeProvider& fake) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return json{{"id", id},
                    {"name", id},
                    {"role", role},
                    {"model", "fake-model-1"},
                    {"provider", "openai-compatible"},
                    {"baseUrl", fake.base_url()},
                    {"apiKeyEnv", kKeyEnv},
                    {"stream", true},
                    {"maxResponseBytes", 65536},
                    {"timeouts", {{"connectMs", 1000}, {"firstByteMs", 3000}, {"idleMs", 1000}, {"totalMs", 5000}}}};
    };
    const json config{{"agents", json::array({participant("agent-architect", "architect"),
                                              participant("agent-security", "security")})},
                      {"judge", participant("judge-main", "generalist")},
                      {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                      {"queue",
                       {{"workers", 4},
                        {"retry", {{"maxAttempts", 3}, {"baseDelayMs", 5}, {"maxDelayMs", 50}, {"jitter", "full"}}},
                        {"circuitBreaker", {{"failureThreshold", 50}, {"coolDownMs", 100}}}}}};
    return dir.write("config.json", config.dump(2));
}

FakeOptions answering(FakeReply reply) {
    FakeOptions options;
    options.default_reply = std::move(reply);
    return options;
}

parley::testing::CommandResult debate(const fs::path& config, const fs::path& out,
                                      std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"debate", "-c", config.string(), "-p", kProblem, "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_parley(args, {}, kEnv);
}

// True when `text` holds a byte that would drive a terminal: ESC, BEL, a C1 control or a bidi override.
bool drives_terminal(const std::string& text) {
    return text.find('\x1b') != std::string::npos || text.find('\x07') != std::string::npos ||
           text.find("\xc2\x9b") != std::string::npos || text.find("\xe2\x80\xae") != std::string::npos;
}

std::size_t journal_rows(const fs::path& journal, const char* query) {
    sqlite3* db = nullptr;
    std::size_t rows = 0;
    if (sqlite3_open_v2(journal.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, query, -1, &statement, nullptr) == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                ++rows;
            }
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return rows;
}

} // namespace

TEST_CASE("escape sequences in a provider's error reach stderr only made safe, at -v too", "[app][hostile]") {
    FakeProvider fake(answering(FakeReply::http_error(400, kHostileText)));
    TempDir dir;
    const auto config = write_config(dir, fake);
    for (const char* verbosity : {"-q", "-v"}) {
        const auto result = debate(config, dir.path() / verbosity, {verbosity});
        CHECK(result.exit_code == 1);
        CHECK_FALSE(drives_terminal(result.err));
        CHECK_FALSE(drives_terminal(result.out));
        CHECK(result.err.find("\\x1b]0;pwned\\x07") != std::string::npos);
    }
}

TEST_CASE("a ten-year Retry-After fails the call at once, naming maxDelayMs", "[app][hostile]") {
    FakeProvider fake(answering(FakeReply::http_error(429, "slow down", {{"Retry-After", "315360000"}})));
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    const auto result = debate(write_config(dir, fake), dir.path() / "out", {"-q"});
    CHECK(std::chrono::steady_clock::now() - start < 20s);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("server asked to wait 10 years; above maxDelayMs=50") != std::string::npos);
    // One attempt per call: the wait was refused, not retried early.
    CHECK(fake.requests().size() <= 3);
}

TEST_CASE("a 200 that is not a chat completion fails the run and journals nothing empty", "[app][hostile]") {
    FakeProvider fake(answering(FakeReply::raw(R"({"a":1})")));
    TempDir dir;
    const auto out = dir.path() / "out";
    const auto result = debate(write_config(dir, fake), out, {"-q"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("not a chat completion") != std::string::npos);
    CHECK(journal_rows(out / "journal.sqlite", "SELECT key FROM calls") == 0);
}

TEST_CASE("a key echoed in answers is stored and reported only as a marker", "[app][hostile]") {
    FakeReply reply =
        FakeReply::answer("## Plan\nUse a queue. Debug: Authorization: Bearer " + kKey + " " + kHostileText);
    reply.piece_bytes = 7;
    FakeProvider fake(answering(reply));
    TempDir dir;
    const auto out = dir.path() / "out";
    const auto result = debate(write_config(dir, fake), out, {"-q"});
    // The judge's answer is the same prose: no usable verdict (exit 1), but everything is saved.
    REQUIRE(result.exit_code == 1);
    std::string stored;
    fs::path debate_json;
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
        if (entry.is_regular_file()) {
            stored += read_file(entry.path());
            if (entry.path().extension() == ".json") {
                debate_json = entry.path();
            }
        }
    }
    CHECK(stored.find("[redacted]") != std::string::npos);
    CHECK(stored.find(kKey) == std::string::npos);
    CHECK(stored.find(kKey.substr(7, 12)) == std::string::npos);
    CHECK(result.err.find(kKey.substr(7, 12)) == std::string::npos);

    // The report keeps the model's text in files; on stdout the escape sequences are made safe.
    REQUIRE_FALSE(debate_json.empty());
    const auto shown = run_parley({"report", debate_json.string()});
    CHECK(shown.exit_code == 0);
    CHECK_FALSE(drives_terminal(shown.out));
    CHECK(shown.out.find("\\x1b]0;pwned") != std::string::npos);
}
