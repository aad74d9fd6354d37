#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "llm/request_key.hpp"
#include "store/journal.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using namespace parley::store;
using parley::testing::TempDir;

namespace {

// A record whose every field follows from its number, so a reader can tell a whole record from part of one.
// The content spans many pages, so a kill can land while one record is half written.
CallRecord numbered_call(int n) {
    CallRecord call;
    call.key = "key-" + std::to_string(n);
    call.run_id = "deb-kill";
    call.provider = "fake";
    call.model = "m" + std::to_string(n);
    call.response_model = "r" + std::to_string(n);
    call.content = std::string(40'000 + static_cast<std::size_t>(n), static_cast<char>('a' + n % 26)) + "#end";
    call.usage = {n, 2L * n, 3L * n, n % 2 == 0};
    call.latency_ms = n * 1.5;
    call.time_to_first_token_ms = n * 0.5;
    call.attempts = 1 + n % 4;
    call.finished_at = "t" + std::to_string(n);
    return call;
}

bool is_whole(const CallRecord& got, int n) {
    const auto want = numbered_call(n);
    return got.key == want.key && got.run_id == want.run_id && got.provider == want.provider &&
           got.model == want.model && got.response_model == want.response_model && got.content == want.content &&
           got.usage.prompt_tokens == want.usage.prompt_tokens &&
           got.usage.completion_tokens == want.usage.completion_tokens &&
           got.usage.total_tokens == want.usage.total_tokens && got.usage.estimated == want.usage.estimated &&
           got.latency_ms == want.latency_ms && got.time_to_first_token_ms == want.time_to_first_token_ms &&
           got.attempts == want.attempts && got.finished_at == want.finished_at;
}

std::string all_bytes_under(const std::filesystem::path& dir) {
    std::string bytes;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            bytes += testing::read_file(entry.path());
        }
    }
    return bytes;
}

} // namespace

TEST_CASE("a writer killed with SIGKILL mid-insert leaves only whole records behind", "[store][journal]") {
    TempDir dir;
    const auto path = dir.path() / "j.sqlite";
    constexpr int kAcknowledged = 30;
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child opens its own connection: SQLite connections must not cross a fork.
        ::close(pipe_fds[0]);
        auto journal = Journal::open(path);
        if (!journal) {
            ::_exit(1);
        }
        for (int n = 0; n < 100'000; ++n) {
            if (!journal->record_call(numbered_call(n))) {
                ::_exit(2);
            }
            const char done = 1;
            if (::write(pipe_fds[1], &done, 1) != 1) {
                ::_exit(3);
            }
        }
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    int acknowledged = 0;
    char done = 0;
    while (acknowledged < kAcknowledged && ::read(pipe_fds[0], &done, 1) == 1) {
        ++acknowledged;
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(pipe_fds[0]);
    REQUIRE(acknowledged == kAcknowledged);
    REQUIRE(WIFSIGNALED(status));

    auto journal = Journal::open(path);
    REQUIRE(journal);
    int whole = 0;
    for (;; ++whole) {
        auto found = journal->find_call("key-" + std::to_string(whole));
        REQUIRE(found);
        if (!found->has_value()) {
            break;
        }
        INFO("record " << whole);
        REQUIRE(is_whole(**found, whole));
    }
    // Every acknowledged record survived, and the count agrees with the whole records found: nothing partial,
    // no gap.
    CHECK(whole >= kAcknowledged);
    CHECK(journal->count_calls("deb-kill").value() == whole);
}

TEST_CASE("no credential of the provider spec reaches the journal's files", "[store][journal]") {
    TempDir dir;
    const std::string secret = "sk-proj-SECRETVALUE0123456789";
    ::setenv("PARLEY_TEST_API_KEY", secret.c_str(), 1);
    llm::ProviderSpec spec;
    spec.kind = "openai";
    spec.base_url = "https://api.openai.com/v1";
    spec.api_key_env = "PARLEY_TEST_API_KEY";
    spec.headers = {{"Authorization", "Bearer " + secret}, {"X-Api-Key", secret}};
    llm::ChatRequest request;
    request.model = "gpt-4o";
    request.messages = {{"user", "Design a task queue."}};
    {
        auto journal = Journal::open(dir.path() / "j.sqlite");
        REQUIRE(journal);
        CallRecord call;
        call.key = llm::request_key(spec, request);
        call.run_id = "deb-1";
        call.provider = "openai (" + spec.base_url + ")";
        call.model = request.model;
        call.response_model = "gpt-4o-2024-08-06";
        call.content = "VISIBLE-ANSWER-TEXT";
        REQUIRE(journal->record_call(call));
        RunRecord run;
        run.id = "deb-1";
        run.command_line = {"parley", "debate", "-p", "problem.md"};
        REQUIRE(journal->begin_run(run));
        // Checked while the journal is open, when the records may still sit in the WAL file.
        const auto open_bytes = all_bytes_under(dir.path());
        CHECK(open_bytes.find("VISIBLE-ANSWER-TEXT") != std::string::npos);
        CHECK(open_bytes.find(secret) == std::string::npos);
    }
    ::unsetenv("PARLEY_TEST_API_KEY");
    const auto bytes = all_bytes_under(dir.path());
    // The scan reads the right files: what was recorded is there in plain text.
    REQUIRE(bytes.find("VISIBLE-ANSWER-TEXT") != std::string::npos);
    CHECK(bytes.find(secret) == std::string::npos);
    CHECK(bytes.find("SECRETVALUE") == std::string::npos);
}
