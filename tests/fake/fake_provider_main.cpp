// parley-fake-provider: the test suite's loopback OpenAI-compatible server as a command, for trying parley and
// benchmarking it without a real provider. Prints its port on the first line of stdout, serves until SIGINT/SIGTERM.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <pthread.h>

#include <CLI/CLI.hpp>

#include "fake/fake_provider.hpp"

int main(int argc, char** argv) {
    CLI::App app{"A loopback OpenAI-compatible server (127.0.0.1) answering /v1/chat/completions and /v1/models.\n"
                 "Example: parley-fake-provider --port 0 --latency-ms 200 --content 'Fine.'"};
    parley::testing::FakeOptions options;
    auto& reply = options.default_reply;
    long latency_ms = 0;
    int status = 0;
    std::string key_env;
    std::vector<std::string> headers;
    bool no_usage = false;
    app.add_option("--port", options.port, "Port on 127.0.0.1; 0 picks a free one")->capture_default_str();
    app.add_option("--latency-ms", latency_ms, "Wait before each response starts")->capture_default_str();
    app.add_option("--content", reply.content, "The answer to every request")->capture_default_str();
    app.add_option("--model", reply.model, "The model name reported")->capture_default_str();
    app.add_option("--piece-bytes", reply.piece_bytes, "Content bytes per streamed delta")->capture_default_str();
    app.add_option("--chunk-bytes", reply.chunk_bytes, "Split socket writes to this many bytes (0: per event)")
        ->capture_default_str();
    app.add_flag("--no-usage", no_usage, "Report no token usage (clients must estimate)");
    app.add_option("--status", status, "Answer every request with this HTTP error status instead");
    app.add_option("--error-message", reply.error_message, "The message of --status errors");
    app.add_option("--header", headers, "Extra response header \"Name: value\" (repeatable), e.g. Retry-After");
    app.add_option("--api-key-env", key_env, "Require the key held in this environment variable");
    CLI11_PARSE(app, argc, argv);

    reply.latency = std::chrono::milliseconds(latency_ms);
    reply.send_usage = !no_usage;
    if (status != 0) {
        reply.kind = parley::testing::FakeReply::Kind::http_error;
        reply.status = status;
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
