#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>

#include "debate/queued_executor.hpp"
#include "run/session.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using parley::testing::TempDir;

namespace {

// Answers "echo: <last message>" without a network; counts what it was asked.
class EchoProvider final : public llm::Provider {
public:
    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token,
                                       const llm::DeltaCallback&) override {
        ++calls;
        llm::ChatResponse r;
        r.content = "echo: " + request.messages.back().content;
        r.usage = {10, 5, 15, false};
        r.model = "m";
        return r;
    }
    std::string label() const override { return "echo (http://127.0.0.1:1/v1)"; }

    std::atomic<int> calls{0};
};

run::SessionOptions options_in(const TempDir& dir, const llm::Provider& provider) {
    run::SessionOptions options;
    options.journal_path = dir.path() / "journal.sqlite";
    options.workers = 2;
    options.progress.mode = progress::Mode::quiet;
    queue::LaneOptions lane;
    lane.retry.max_attempts = 1;
    options.lanes = {{debate::QueuedExecutor::lane_for(provider), lane}};
    return options;
}

std::vector<debate::CallSpec> questions(const std::shared_ptr<llm::Provider>& provider, const std::string& job, int n) {
    std::vector<debate::CallSpec> calls;
    for (int i = 0; i < n; ++i) {
        llm::ProviderSpec spec;
        spec.kind = "openai-compatible";
        spec.base_url = "http://127.0.0.1:1/v1";
        llm::ChatRequest request;
        request.model = "m";
        request.messages = {{"user", job + " question " + std::to_string(i)}};
        calls.push_back({provider, spec, request});
    }
    return calls;
}

// A job that asks `n` questions and fails when `fails` says so, after its calls.
run::Job asking_job(const std::shared_ptr<llm::Provider>& provider, const std::string& id, int n, bool fails,
                    std::vector<std::string>& answers) {
    return {id, std::nullopt, {}, [=, &answers](debate::CallExecutor& executor, std::stop_token stop) -> Result<void> {
                for (auto& result : executor.run_batch(questions(provider, id, n), stop)) {
                    if (!result) {
                        return tl::make_unexpected(result.error());
                    }
                    answers.push_back(result->content);
                }
                if (fails) {
                    return fail(ErrorKind::permanent, id + " gave up");
                }
                return {};
            }};
}

} // namespace

TEST_CASE("a batch runs each job on its own executor and gives outcomes in job order", "[run][session]") {
    TempDir dir;
    auto provider = std::make_shared<EchoProvider>();
    auto session = run::RunSession::open(options_in(dir, *provider));
    REQUIRE(session);
    std::vector<std::string> a, b, c;
    std::mutex seen_mutex;
    std::set<std::string> seen_ids;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(provider, "job-a", 2, false, a));
    jobs.push_back(asking_job(provider, "job-b", 1, true, b));
    jobs.push_back(asking_job(provider, "job-c", 3, false, c));
    jobs[2].observer = [&](const debate::CallEvent& e) {
        std::lock_guard lock(seen_mutex);
        seen_ids.insert(e.debate_id);
    };
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE(outcomes.size() == 3);
    CHECK(outcomes[0].result);
    REQUIRE_FALSE(outcomes[1].result);
    CHECK(outcomes[1].result.error().message == "job-b gave up");
    CHECK_FALSE(outcomes[1].interrupted);
    CHECK(outcomes[2].result);
    CHECK(a == std::vector<std::string>{"echo: job-a question 0", "echo: job-a question 1"});
    CHECK(c.size() == 3);
    CHECK(seen_ids == std::set<std::string>{"job-c"});
    // Each job's calls are filed in the journal under its own run.
    CHECK((*session)->journal().count_calls("job-a").value() == 2);
    CHECK((*session)->journal().count_calls("job-c").value() == 3);
    CHECK(provider->calls == 6);
}

TEST_CASE("a replay session answers from the journal alone and reaches no provider", "[run][session]") {
    TempDir dir;
    auto provider = std::make_shared<EchoProvider>();
    std::vector<std::string> recorded;
    {
        auto session = run::RunSession::open(options_in(dir, *provider));
        REQUIRE(session);
        std::vector<run::Job> jobs;
        jobs.push_back(asking_job(provider, "job-a", 2, false, recorded));
        REQUIRE((*session)->run_batch(std::move(jobs))[0].result);
    }
    auto options = options_in(dir, *provider);
    options.replay = true;
    auto replay = run::RunSession::open(options);
    REQUIRE(replay);
    CHECK((*replay)->replay());
    std::vector<std::string> replayed;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(provider, "job-a", 2, false, replayed));
    CHECK((*replay)->run_batch(std::move(jobs))[0].result);
    CHECK(replayed == recorded);
    CHECK(provider->calls == 2);
}

TEST_CASE("a replay of a journal that is not there is bad input", "[run][session]") {
    TempDir dir;
    EchoProvider provider;
    auto options = options_in(dir, provider);
    options.replay = true;
    auto session = run::RunSession::open(options);
    REQUIRE_FALSE(session);
    CHECK(session.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(session.error().message, Catch::StartsWith("--replay: no journal at"));
}

TEST_CASE("the session's budget refuses a call that would pass it", "[run][session]") {
    TempDir dir;
    auto provider = std::make_shared<EchoProvider>();
    auto options = options_in(dir, *provider);
    options.budget = llm::BudgetLimits{std::nullopt, 1};
    auto session = run::RunSession::open(options);
    REQUIRE(session);
    std::vector<std::string> answers;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(provider, "job-a", 1, false, answers));
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE_FALSE(outcomes[0].result);
    CHECK_THAT(outcomes[0].result.error().message, Catch::Contains("token"));
    CHECK(provider->calls == 0);
}

TEST_CASE("Ctrl-C during a batch stops its jobs and marks them interrupted", "[run][session][interrupt]") {
    TempDir dir;
    EchoProvider provider;
    auto session = run::RunSession::open(options_in(dir, provider));
    REQUIRE(session);
    std::vector<run::Job> jobs;
    jobs.push_back({"job-a", std::nullopt, {}, [](debate::CallExecutor&, std::stop_token stop) -> Result<void> {
                        std::raise(SIGINT);
                        for (int i = 0; i < 200 && !stop.stop_requested(); ++i) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(10));
                        }
                        if (stop.stop_requested()) {
                            return fail(ErrorKind::cancelled, "stopped");
                        }
                        return {};
                    }});
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE_FALSE(outcomes[0].result);
    CHECK(outcomes[0].interrupted);
    CHECK((*session)->interrupted());
}

TEST_CASE("a closed session runs no more calls", "[run][session]") {
    TempDir dir;
    auto provider = std::make_shared<EchoProvider>();
    auto session = run::RunSession::open(options_in(dir, *provider));
    REQUIRE(session);
    (*session)->close();
    std::vector<std::string> answers;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(provider, "job-a", 1, false, answers));
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE_FALSE(outcomes[0].result);
    CHECK(provider->calls == 0);
}
