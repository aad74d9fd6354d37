#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake/fake_provider.hpp"
#include "run/session.hpp"
#include "support/temp_dir.hpp"

using namespace parley;
using parley::testing::FakeOptions;
using parley::testing::FakeProvider;
using parley::testing::FakeReply;
using parley::testing::TempDir;

namespace {

// A loopback fake that answers "echo: <last message>".
FakeOptions echoing() {
    FakeOptions options;
    options.responder = [](const parley::testing::RecordedRequest& request, std::size_t) {
        const auto body = nlohmann::json::parse(request.body);
        return FakeReply::answer("echo: " + body["messages"].back()["content"].get<std::string>());
    };
    return options;
}

llm::ProviderSpec spec_of(const FakeProvider& fake) {
    llm::ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    spec.stream = false;
    return spec;
}

run::SessionOptions options_in(const TempDir& dir) {
    run::SessionOptions options;
    options.journal_path = dir.path() / "journal.sqlite";
    options.queue.workers = 2;
    options.queue.max_attempts = 1;
    options.progress.mode = progress::Mode::quiet;
    return options;
}

// A job that asks the session's provider for `spec` `n` questions, then fails when `fails` says so.
run::Job asking_job(run::RunSession& session, const llm::ProviderSpec& spec, const std::string& id, int n, bool fails,
                    std::vector<std::string>& answers) {
    return {
        id,
        std::nullopt,
        {},
        [&session, spec, id, n, fails, &answers](debate::CallExecutor& executor, std::stop_token stop) -> Result<void> {
            auto provider = session.provider(spec);
            if (!provider) {
                return tl::make_unexpected(provider.error());
            }
            std::vector<debate::CallSpec> calls;
            for (int i = 0; i < n; ++i) {
                llm::ChatRequest request;
                request.model = "m";
                request.messages = {{"user", id + " question " + std::to_string(i)}};
                calls.push_back({*provider, spec, request});
            }
            for (auto& result : executor.run_batch(calls, stop)) {
                if (!result) {
                    return tl::make_unexpected(result.error());
                }
                answers.push_back(result->content);
            }
            if (fails) {
                return fail(ErrorKind::permanent, id + " gave up");
            }
            return {};
        },
        nullptr,
        {}};
}

} // namespace

TEST_CASE("a batch runs each job on its own executor and gives outcomes in job order", "[run][session][net]") {
    TempDir dir;
    FakeProvider fake(echoing());
    auto session = run::RunSession::open(options_in(dir));
    REQUIRE(session);
    std::vector<std::string> a, b, c;
    std::mutex seen_mutex;
    std::set<std::string> seen_ids;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(**session, spec_of(fake), "job-a", 2, false, a));
    jobs.push_back(asking_job(**session, spec_of(fake), "job-b", 1, true, b));
    jobs.push_back(asking_job(**session, spec_of(fake), "job-c", 3, false, c));
    jobs[2].observer = [&](const debate::CallEvent& e) {
        std::lock_guard lock(seen_mutex);
        seen_ids.insert(e.call.debate_id);
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
    CHECK(fake.requests().size() == 6);
}

TEST_CASE("a replay session answers from the journal alone and reaches no provider", "[run][session][net]") {
    TempDir dir;
    FakeProvider fake(echoing());
    std::vector<std::string> recorded;
    {
        auto session = run::RunSession::open(options_in(dir));
        REQUIRE(session);
        std::vector<run::Job> jobs;
        jobs.push_back(asking_job(**session, spec_of(fake), "job-a", 2, false, recorded));
        REQUIRE((*session)->run_batch(std::move(jobs))[0].result);
    }
    auto options = options_in(dir);
    options.replay = true;
    options.providers = std::make_shared<run::ProviderCache>(util::Env::from_values({}), true);
    auto replay = run::RunSession::open(options);
    REQUIRE(replay);
    CHECK((*replay)->replay());
    std::vector<std::string> replayed;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(**replay, spec_of(fake), "job-a", 2, false, replayed));
    CHECK((*replay)->run_batch(std::move(jobs))[0].result);
    CHECK(replayed == recorded);
    CHECK(fake.requests().size() == 2);
}

TEST_CASE("a replay of a journal that is not there is bad input", "[run][session]") {
    TempDir dir;
    auto options = options_in(dir);
    options.replay = true;
    auto session = run::RunSession::open(options);
    REQUIRE_FALSE(session);
    CHECK(session.error().kind == ErrorKind::invalid_input);
    CHECK_THAT(session.error().message, Catch::StartsWith("--replay: no journal at"));
}

TEST_CASE("the session's budget refuses a call that would pass it", "[run][session][net]") {
    TempDir dir;
    FakeProvider fake(echoing());
    auto options = options_in(dir);
    options.budget = llm::BudgetLimits{std::nullopt, 1};
    auto session = run::RunSession::open(options);
    REQUIRE(session);
    std::vector<std::string> answers;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(**session, spec_of(fake), "job-a", 1, false, answers));
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE_FALSE(outcomes[0].result);
    CHECK_THAT(outcomes[0].result.error().message, Catch::Contains("token"));
    CHECK(fake.requests().empty());
}

TEST_CASE("a provider that needs a missing key is refused before any call", "[run][session]") {
    TempDir dir;
    auto session = run::RunSession::open(options_in(dir));
    REQUIRE(session);
    llm::ProviderSpec spec;
    spec.kind = "openai";
    spec.api_key_env = "PARLEY_TEST_NO_SUCH_KEY";
    const auto provider = (*session)->provider(spec);
    REQUIRE_FALSE(provider);
    CHECK(exit_code_for(provider.error().kind) == exit_code::bad_input);
    CHECK_THAT(provider.error().message, Catch::Contains("PARLEY_TEST_NO_SUCH_KEY"));
}

TEST_CASE("Ctrl-C during a batch stops its jobs and marks them interrupted", "[run][session][interrupt]") {
    TempDir dir;
    auto session = run::RunSession::open(options_in(dir));
    REQUIRE(session);
    std::vector<run::Job> jobs;
    jobs.push_back({"job-a",
                    std::nullopt,
                    {},
                    [](debate::CallExecutor&, std::stop_token stop) -> Result<void> {
                        std::raise(SIGINT);
                        for (int i = 0; i < 200 && !stop.stop_requested(); ++i) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(10));
                        }
                        if (stop.stop_requested()) {
                            return fail(ErrorKind::cancelled, "stopped");
                        }
                        return {};
                    },
                    nullptr,
                    {}});
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE_FALSE(outcomes[0].result);
    CHECK(outcomes[0].interrupted);
    CHECK((*session)->interrupted());
}

TEST_CASE("a closed session runs no more calls", "[run][session][net]") {
    TempDir dir;
    FakeProvider fake(echoing());
    auto session = run::RunSession::open(options_in(dir));
    REQUIRE(session);
    (*session)->close();
    std::vector<std::string> answers;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(**session, spec_of(fake), "job-a", 1, false, answers));
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    REQUIRE_FALSE(outcomes[0].result);
    CHECK(fake.requests().empty());
}

namespace {

// Finished calls kept in memory, as a store shared by several sessions (workers) keeps them.
class MemoryStore final : public store::CallStore {
public:
    Result<std::optional<store::CallRecord>> find_call(std::string_view key) const override {
        std::lock_guard lock(mutex_);
        const auto it = saved_.find(std::string(key));
        return it == saved_.end() ? std::nullopt : std::optional<store::CallRecord>(it->second);
    }
    Result<bool> record_call(const store::CallRecord& record) override {
        std::lock_guard lock(mutex_);
        return saved_.emplace(record.key, record).second;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, store::CallRecord> saved_;
};

// Admits everything, counting what it was asked.
class CountingAdmission final : public queue::Admission {
public:
    std::optional<queue::TimePoint> try_acquire(double, queue::TimePoint) override {
        asked.fetch_add(1);
        return std::nullopt;
    }
    void release(double, std::optional<double>) override {}
    void report(const queue::RateSignals&, queue::TimePoint) override {}
    std::atomic<int> asked{0};
};

} // namespace

TEST_CASE("sessions given one call store pay a finished call once between them", "[run][session][net]") {
    TempDir first_dir;
    TempDir second_dir;
    FakeProvider fake(echoing());
    auto store = std::make_shared<MemoryStore>();
    std::vector<std::string> first_answers;
    std::vector<std::string> second_answers;
    for (auto* dir : {&first_dir, &second_dir}) {
        auto options = options_in(*dir);
        options.call_store = store;
        auto session = run::RunSession::open(options);
        REQUIRE(session);
        std::vector<run::Job> jobs;
        jobs.push_back(asking_job(**session, spec_of(fake), "job-a", 2, false,
                                  dir == &first_dir ? first_answers : second_answers));
        REQUIRE((*session)->run_batch(std::move(jobs))[0].result);
    }
    CHECK(second_answers == first_answers);
    CHECK(fake.requests().size() == 2);
}

TEST_CASE("a session asks the admission it is given before each call of a lane", "[run][session][net]") {
    TempDir dir;
    FakeProvider fake(echoing());
    auto admission = std::make_shared<CountingAdmission>();
    std::vector<std::string> lanes;
    auto options = options_in(dir);
    options.admission = [&](const std::string& lane, const queue::LaneOptions&) {
        lanes.push_back(lane);
        return admission;
    };
    auto session = run::RunSession::open(options);
    REQUIRE(session);
    std::vector<std::string> answers;
    std::vector<run::Job> jobs;
    jobs.push_back(asking_job(**session, spec_of(fake), "job-a", 3, false, answers));
    REQUIRE((*session)->run_batch(std::move(jobs))[0].result);
    CHECK(lanes.size() == 1);
    CHECK(admission->asked.load() == 3);
}
