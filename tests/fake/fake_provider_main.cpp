// parley-fake-provider: the test suite's loopback OpenAI-compatible server as a command, for trying parley and
// benchmarking it without a real provider. Prints its port on the first line of stdout, serves until SIGINT/SIGTERM.
// Scenario flags (--deterministic, --failure-rate, --rpm, --refuse, --log) pick each reply from the request.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <pthread.h>

#include <CLI/CLI.hpp>

#include "fake/fake_provider.hpp"
#include "fake/scenario.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "A loopback OpenAI-compatible server (127.0.0.1) answering /v1/chat/completions and /v1/models.\n"
        "Examples:\n"
        "  parley-fake-provider --port 0 --latency-ms 200 --content 'Fine.'\n"
        "  parley-fake-provider --deterministic --latency-ms 300 --failure-rate 0.2 --seed 7 --log fake.jsonl\n"
        "  parley-fake-provider --deterministic --rpm 60\n"
        "  parley-fake-provider --hostile endless-stream --piece-bytes 4096"};
    parley::testing::FakeOptions options;
    parley::testing::ScenarioOptions scenario;
    auto& reply = options.default_reply;
    long latency_ms = 0;
    int status = 0;
    std::string key_env;
    std::vector<std::string> headers;
    bool no_usage = false;
    std::string hostile;
    std::string raw_body;
    app.add_option("--port", options.port, "Port on 127.0.0.1; 0 picks a free one")->capture_default_str();
    app.add_option("--latency-ms", latency_ms, "Wait before each response starts")->capture_default_str();
    app.add_option("--content", reply.content, "The answer to every request")->capture_default_str();
    app.add_option("--model", reply.model, "The model name reported")->capture_default_str();
    app.add_option("--piece-bytes", reply.piece_bytes, "Content bytes per streamed delta")->capture_default_str();
    app.add_option("--chunk-bytes", reply.chunk_bytes, "Split socket writes to this many bytes (0: per event)")
        ->capture_default_str();
    app.add_flag("--no-usage", no_usage, "Report no token usage (clients must estimate)");
    app.add_option("--status", status,
                   "Answer every request with this HTTP error status instead (not with the scenario flags)");
    app.add_option("--error-message", reply.error_message, "The message of --status errors");
    app.add_option("--header", headers, "Extra response header \"Name: value\" (repeatable), e.g. Retry-After");
    app.add_option("--api-key-env", key_env, "Require the key held in this environment variable");
    long stall_ms = scenario.stall_for.count();
    app.add_flag("--deterministic", scenario.deterministic,
                 "Answer from the request: a short Markdown answer quoting a digest of the body (equal requests, "
                 "equal answers), and a solution JSON block when the judge asks for its synthesis");
    app.add_option("--failure-rate", scenario.failure_rate,
                   "Share of requests (0-1) failing transiently: 503, 429 (Retry-After: 0), dropped connection, "
                   "stalled or truncated stream; which ones is fixed by --seed and the arrival order")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", scenario.seed, "Seed of --failure-rate")->capture_default_str();
    app.add_option("--stall-ms", stall_ms, "How long an injected stall lasts; set it above the client's idle timeout")
        ->capture_default_str();
    app.add_option("--rpm", scenario.requests_per_minute,
                   "Admit at most N requests in any 60 s; others get 429 with Retry-After, retry-after-ms and "
                   "x-ratelimit-* headers (every answer reports the limit, what remains and when it resets)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--refuse", scenario.refuse_marker,
                   "Answer a permanent 400 to every request whose body contains this text");
    app.add_option("--log", scenario.log_file,
                   "Write one JSON line per request: index, at_ms, digest (of the body) and reply (answer, 503, 429, "
                   "drop_connection, stall, truncated, rate_limited, refused)");
    app.add_option("--hostile", hostile,
                   "Misbehave on every request: endless-stream (content deltas that never end), endless-line (one "
                   "data: line that never ends)")
        ->check(CLI::IsMember({"endless-stream", "endless-line"}));
    app.add_option("--raw-body", raw_body, "Answer every request with a 200 whose body is exactly this JSON");
    std::string misbehave;
    bool misbehave_all = false;
    app.add_option("--misbehave", misbehave,
                   "Answer as small models do: echo (the prompt back), placeholders (the prompt's template as it "
                   "stands), prose (no JSON), broken-json, wrong-shape, rambling (--ramble-words of filler); only "
                   "answers asked as JSON (synthesis, scores, comparison) unless --misbehave-all")
        ->check(CLI::IsMember({"echo", "placeholders", "prose", "broken-json", "wrong-shape", "rambling"}));
    app.add_flag("--misbehave-all", misbehave_all, "Misbehave on every answer, proposals and critiques too");
    app.add_option("--misbehave-times", scenario.misbehave_times, "Misbehave this many times, then answer well");
    app.add_option("--ramble-words", scenario.ramble_words, "Words in a rambling answer")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    scenario.misbehave = parley::testing::misbehaviour_named(misbehave);
    scenario.misbehave_structured_only = !misbehave_all;
    reply.latency = std::chrono::milliseconds(latency_ms);
    reply.send_usage = !no_usage;
    if (status != 0) {
        reply.kind = parley::testing::FakeReply::Kind::http_error;
        reply.status = status;
    }
    if (!raw_body.empty()) {
        reply.kind = parley::testing::FakeReply::Kind::raw_body;
        reply.raw_body = raw_body;
    }
    if (!hostile.empty()) {
        reply.kind = hostile == "endless-line" ? parley::testing::FakeReply::Kind::endless_line
                                               : parley::testing::FakeReply::Kind::endless_stream;
    }
    for (const auto& header : headers) {
        const auto colon = header.find(':');
        if (colon == std::string::npos) {
            std::cerr << "--header " << header << ": expected \"Name: value\"\n";
            return 2;
        }
        reply.headers[header.substr(0, colon)] = header.substr(header.find_first_not_of(' ', colon + 1));
    }
    if (!key_env.empty()) {
        const char* key = std::getenv(key_env.c_str());
        if (key == nullptr || *key == '\0') {
            std::cerr << "--api-key-env: " << key_env << " is not set\n";
            return 2;
        }
        options.api_key = key;
    }

    const bool scripted = scenario.deterministic || !misbehave.empty() || scenario.failure_rate > 0 ||
                          scenario.requests_per_minute > 0 || !scenario.refuse_marker.empty() ||
                          !scenario.log_file.empty();
    std::unique_ptr<parley::testing::Scenario> responder;
    if (scripted) {
        scenario.base = reply;
        scenario.stall_for = std::chrono::milliseconds(stall_ms);
        try {
            responder = std::make_unique<parley::testing::Scenario>(scenario);
        } catch (const std::exception& e) {
            std::cerr << "parley-fake-provider: " << e.what() << "\n";
            return 2;
        }
        options.responder = responder->responder();
    }

    // Block the signals before any thread starts, so every thread inherits the mask and sigwait alone sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    try {
        parley::testing::FakeProvider fake(options);
        std::cout << fake.port() << std::endl;
        std::cerr << "parley-fake-provider: serving " << fake.base_url() << " until SIGINT or SIGTERM\n";
        int received = 0;
        sigwait(&signals, &received);
        fake.stop();
    } catch (const std::exception& e) {
        std::cerr << "parley-fake-provider: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
