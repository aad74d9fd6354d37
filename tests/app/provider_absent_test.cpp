// A provider that is not there: the parley binary against a loopback port nothing listens on fails within seconds
// with one line saying what to do, and a run that loses its server is saved and resumed once it is back.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "support/dead_ends.hpp"
#include "support/sanitizers.hpp"
#include "support/temp_dir.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::kSanitizerSlowdown;
using parley::testing::read_file;
using parley::testing::run_parley;
using parley::testing::TempDir;
using parley::testing::unused_loopback_port;
namespace fs = std::filesystem;

namespace {

// Generous, scaled for sanitizer builds: the target is about a second.
const auto kFailFastBound = std::chrono::duration<double>(5.0 * kSanitizerSlowdown);

// Two debaters and a judge on `kind` at `base_url`, retrying quickly, giving up after `window_ms` unreachable.
fs::path write_config(const TempDir& dir, const std::string& kind, const std::string& base_url, long window_ms) {
    auto participant = [&](const std::string& id, const std::string& role) {
        return json{{"id", id},
                    {"name", id},
                    {"role", role},
                    {"model", "fake-model-1"},
                    {"provider", kind},
                    {"baseUrl", base_url},
                    {"timeouts", {{"connectMs", 1000}, {"firstByteMs", 3000}, {"idleMs", 1000}, {"totalMs", 15000}}}};
    };
    json config{{"agents",
                 json::array({participant("agent-architect", "architect"), participant("agent-security", "security")})},
                {"judge", participant("judge-main", "generalist")},
                {"debate", {{"rounds", 1}, {"summarization", {{"enabled", false}}}}},
                {"queue",
                 {{"retry", {{"maxAttempts", 50}, {"baseDelayMs", 50}, {"maxDelayMs", 100}}},
                  {"circuitBreaker", {{"failureThreshold", 5}, {"coolDownMs", 30000}}},
                  {"unreachableWindowMs", window_ms}}}};
    return dir.write("config.json", config.dump(2));
}

std::string loopback(int port) {
    return "http://127.0.0.1:" + std::to_string(port) + "/v1";
}

std::vector<fs::path> json_files(const fs::path& dir) {
    std::vector<fs::path> files;
    if (fs::exists(dir)) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().extension() == ".json") {
                files.push_back(entry.path());
            }
        }
    }
    return files;
}

std::size_t lines_in(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_CASE("a debate whose Ollama is not running fails in about a second with one line saying to start it",
          "[app][net][preflight]") {
    TempDir dir;
    const int port = unused_loopback_port();
    const auto config = write_config(dir, "ollama", loopback(port), 3000);
    const auto out = dir.path() / "out";
    const auto start = std::chrono::steady_clock::now();
    const auto ran = run_parley({"debate", "Design a cache", "-c", config.string(), "-o", out.string()}, dir.path());
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(ran.err);
    CHECK(ran.exit_code == 1);
    CHECK(took < kFailFastBound);
    CHECK(lines_in(ran.err) == 1);
    CHECK(ran.err == "parley: ollama (" + loopback(port) +
                         "): connection refused at 127.0.0.1:" + std::to_string(port) +
                         "; is Ollama running? Start it with `ollama serve`, or check baseUrl\n");
    CHECK(ran.out.empty());
    CHECK(json_files(out).empty());
}

TEST_CASE("a server that stays away mid-run fails the debate within the window; resume finishes it once it is up",
          "[app][net][preflight]") {
    TempDir dir;
    const int port = unused_loopback_port();
    const auto config = write_config(dir, "openai-compatible", loopback(port), 500);
    const auto out = dir.path() / "out";
    const auto start = std::chrono::steady_clock::now();
    // --no-preflight stands for a server that goes away after the check: the calls meet the refused port.
    const auto ran = run_parley(
        {"debate", "Design a cache", "-c", config.string(), "-o", out.string(), "--no-preflight"}, dir.path());
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(ran.err);
    CHECK(ran.exit_code == 1);
    CHECK(took < kFailFastBound);
    CHECK_THAT(ran.err, Contains("connection refused at 127.0.0.1:" + std::to_string(port)));
    CHECK_THAT(ran.err, Contains("not retried"));
    CHECK_THAT(ran.err, Contains("resume with: parley resume"));
    const auto saved = json_files(out);
    REQUIRE(saved.size() == 1);
    const auto debate = json::parse(read_file(saved.front()));
    CHECK(debate["status"] == "failed");

    FakeOptions options;
    options.port = port;
    options.responder = parley::testing::usable_verdict_responder();
    FakeProvider server(options);
    const auto id = debate["id"].get<std::string>();
    const auto resumed = run_parley({"resume", id, "--journal", (out / "journal.sqlite").string()}, dir.path());
    INFO(resumed.err);
    CHECK(resumed.exit_code == 0);
    CHECK(json::parse(read_file(saved.front()))["status"] == "completed");
}

TEST_CASE("a finished run resumes from the journal with its server gone: no endpoint check", "[app][net][preflight]") {
    TempDir dir;
    FakeOptions options;
    options.responder = parley::testing::usable_verdict_responder();
    auto fake = std::make_unique<FakeProvider>(options);
    const auto config = write_config(dir, "openai-compatible", fake->base_url(), 3000);
    const auto out = dir.path() / "out";
    const auto ran = run_parley({"debate", "Design a cache", "-c", config.string(), "-o", out.string()}, dir.path());
    INFO(ran.err);
    REQUIRE(ran.exit_code == 0);
    fake.reset();
    const auto saved = json_files(out);
    REQUIRE(saved.size() == 1);
    const auto id = json::parse(read_file(saved.front()))["id"].get<std::string>();
    const auto resumed = run_parley({"resume", id, "--journal", (out / "journal.sqlite").string()}, dir.path());
    INFO(resumed.err);
    CHECK(resumed.exit_code == 0);
}

TEST_CASE("a host name that cannot resolve fails in about a second, naming the host", "[app][net][preflight]") {
    TempDir dir;
    // A label longer than 63 bytes cannot be put in a DNS query: the lookup fails on this machine, and no resolver
    // is asked over the network. `.invalid` is reserved never to resolve anyway.
    const std::string host = std::string(70, 'a') + ".invalid";
    const auto config = write_config(dir, "openai-compatible", "http://" + host + ":8000/v1", 3000);
    const auto start = std::chrono::steady_clock::now();
    const auto ran = run_parley(
        {"debate", "Design a cache", "-c", config.string(), "-o", (dir.path() / "out").string()}, dir.path());
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(ran.err);
    CHECK(ran.exit_code == 1);
    CHECK(took < kFailFastBound);
    CHECK(lines_in(ran.err) == 1);
    CHECK_THAT(ran.err, Contains("cannot resolve the host name " + host + "; check the host in baseUrl"));
}
