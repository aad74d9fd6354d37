#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "llm/request_key.hpp"
#include "offline/offline_provider.hpp"
#include "run/call_journal.hpp"
#include "run/queued_executor.hpp"
#include "support/temp_dir.hpp"
#include "util/sha256.hpp"

using namespace parley;
using namespace parley::debate;
using parley::testing::TempDir;

namespace {

// Answers "echo: <last message>", after failing the first `transient_failures` calls and sleeping longer for
// earlier agents, so completion order differs from request order.
class ScriptedProvider final : public llm::Provider {
public:
    explicit ScriptedProvider(int transient_failures = 0, ErrorKind failure_kind = ErrorKind::transient)
        : failures_left_(transient_failures), failure_kind_(failure_kind) {}

    Result<llm::ChatResponse> complete(const llm::ChatRequest& request, std::stop_token,
                                       const llm::DeltaCallback& on_delta) override {
        ++calls_;
        if (failures_left_.fetch_sub(1) > 0) {
            Error e{failure_kind_, "HTTP 503: the fake is busy", 503, std::nullopt};
            return tl::make_unexpected(e);
        }
        const auto& agent = request.context.agent.id;
        std::this_thread::sleep_for(std::chrono::milliseconds(agent == "a0" ? 30 : 1));
        llm::ChatResponse r;
        r.content = "echo: " + request.messages.back().content;
        r.usage = {10, 5, 15, false};
        r.model = "m-server";
        if (on_delta)
            on_delta(r.content);
        return r;
    }
    std::string label() const override { return "scripted (http://127.0.0.1:1/v1)"; }

    int calls() const { return calls_; }

private:
    std::atomic<int> failures_left_;
    ErrorKind failure_kind_;
    std::atomic<int> calls_{0};
};

struct Harness {
    explicit Harness(std::shared_ptr<queue::ResultStore> store = nullptr,
                     std::shared_ptr<ScriptedProvider> scripted = std::make_shared<ScriptedProvider>(),
                     int max_attempts = 3, std::shared_ptr<queue::DeadLetterStore> dead_letters = nullptr)
        : provider(std::move(scripted)) {
        queue::EngineOptions options;
        options.workers = 4;
        options.store = std::move(store);
        options.dead_letters = std::move(dead_letters);
        engine = std::make_unique<queue::Engine>(options);
        queue::LaneOptions lane;
        lane.retry.max_attempts = max_attempts;
        lane.retry.base_delay = std::chrono::milliseconds(1);
        lane.retry.max_delay = std::chrono::milliseconds(2);
        REQUIRE(engine->add_lane(QueuedExecutor::lane_for(*provider), lane));
    }

    std::vector<CallSpec> calls(int n) const {
        std::vector<CallSpec> out;
        for (int i = 0; i < n; ++i) {
            llm::ProviderSpec spec;
            spec.kind = "openai-compatible";
            spec.base_url = "http://127.0.0.1:1/v1";
            llm::ChatRequest request;
            request.model = "m";
            request.messages = {{"system", "sys"}, {"user", "question " + std::to_string(i)}};
            request.context.debate_id = "run-1";
            request.context.agent.id = "a" + std::to_string(i);
            request.context.purpose = llm::Purpose::proposal;
            request.context.round = 1;
            out.push_back({provider, spec, request});
        }
        return out;
    }

    QueuedExecutorOptions options(std::string run_id = "run-1") {
        QueuedExecutorOptions o;
        o.run_id = std::move(run_id);
        o.observer = [this](const CallEvent& e) {
            std::lock_guard lock(mutex);
            events.push_back(e);
        };
        return o;
    }

    std::vector<CallEvent::Kind> kinds_for(const std::string& agent) {
        std::lock_guard lock(mutex);
        std::vector<CallEvent::Kind> out;
        for (const auto& e : events) {
            if (e.call.agent.id == agent)
                out.push_back(e.kind);
        }
        return out;
    }

    std::shared_ptr<ScriptedProvider> provider;
    std::unique_ptr<queue::Engine> engine;
    std::mutex mutex;
    std::vector<CallEvent> events;
};

} // namespace

TEST_CASE("queued calls come back in request order, not completion order", "[debate][queued]") {
    Harness h;
    QueuedExecutor executor(*h.engine, h.options());
    auto results = executor.run_batch(h.calls(4), {});
    REQUIRE(results.size() == 4);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(results[static_cast<std::size_t>(i)]);
        CHECK(results[static_cast<std::size_t>(i)]->content == "echo: question " + std::to_string(i));
    }
    using K = CallEvent::Kind;
    CHECK(h.kinds_for("a0") == std::vector<K>{K::queued, K::started, K::streaming, K::succeeded});
}

TEST_CASE("a transient failure is retried and told as a retry", "[debate][queued]") {
    Harness h(nullptr, std::make_shared<ScriptedProvider>(1));
    QueuedExecutor executor(*h.engine, h.options());
    auto results = executor.run_batch(h.calls(1), {});
    REQUIRE(results[0]);
    CHECK(h.provider->calls() == 2);
    using K = CallEvent::Kind;
    CHECK(h.kinds_for("a0") ==
          std::vector<K>{K::queued, K::started, K::retrying, K::started, K::streaming, K::succeeded});
}

TEST_CASE("a journaled call is served without calling the provider again", "[debate][queued][journal]") {
    TempDir dir;
    auto journal = std::make_shared<store::Journal>(*store::Journal::open(dir.path() / "j.sqlite"));
    {
        Harness h(std::make_shared<CallJournal>(journal, false));
        QueuedExecutor executor(*h.engine, h.options());
        REQUIRE(executor.run_batch(h.calls(3), {})[2]);
        CHECK(h.provider->calls() == 3);
    }
    Harness again(std::make_shared<CallJournal>(journal, false));
    QueuedExecutor executor(*again.engine, again.options());
    auto results = executor.run_batch(again.calls(3), {});
    CHECK(again.provider->calls() == 0);
    REQUIRE(results[1]);
    CHECK(results[1]->content == "echo: question 1");
    CHECK(results[1]->usage.total_tokens == 15);
    CHECK(results[1]->model == "m-server");
    bool told_from_journal = false;
    for (const auto& e : again.events) {
        told_from_journal = told_from_journal || (e.kind == CallEvent::Kind::succeeded && e.from_journal);
    }
    CHECK(told_from_journal);

    SECTION("another run does not see this run's calls unless both share the cache") {
        Harness other(std::make_shared<CallJournal>(journal, false));
        QueuedExecutor other_run(*other.engine, other.options("run-2"));
        REQUIRE(other_run.run_batch(other.calls(1), {})[0]);
        CHECK(other.provider->calls() == 1);
    }
}

TEST_CASE("a permanent failure ends the call at once and is filed as a dead letter", "[debate][queued][journal]") {
    TempDir dir;
    auto journal = std::make_shared<store::Journal>(*store::Journal::open(dir.path() / "j.sqlite"));
    Harness fresh(nullptr, std::make_shared<ScriptedProvider>(100, ErrorKind::permanent), 3,
                  std::make_shared<DeadLetterJournal>(journal));
    QueuedExecutor executor(*fresh.engine, fresh.options());
    auto results = executor.run_batch(fresh.calls(1), {});
    REQUIRE_FALSE(results[0]);
    CHECK(results[0].error().kind == ErrorKind::permanent);
    CHECK(fresh.provider->calls() == 1);
    auto letters = journal->list_dead_letters("run-1");
    REQUIRE(letters);
    REQUIRE(letters->size() == 1);
    CHECK(letters->front().http_status == 503);
    CHECK(fresh.kinds_for("a0").back() == CallEvent::Kind::failed);
}

TEST_CASE("a call the budget cannot hold is refused before it reaches the provider", "[debate][queued][budget]") {
    Harness h;
    llm::Budget budget(llm::BudgetLimits{std::nullopt, 1500});
    auto options = h.options();
    options.budget = &budget;
    QueuedExecutor executor(*h.engine, options);
    auto results = executor.run_batch(h.calls(2), {});
    CHECK(results[0]);
    REQUIRE_FALSE(results[1]);
    CHECK(results[1].error().kind == ErrorKind::permanent);
    CHECK(h.provider->calls() == 1);
}

TEST_CASE("after a stop no call is submitted", "[debate][queued]") {
    Harness h;
    QueuedExecutor executor(*h.engine, h.options());
    std::stop_source stop;
    stop.request_stop();
    auto results = executor.run_batch(h.calls(2), stop.get_token());
    REQUIRE_FALSE(results[0]);
    CHECK(results[0].error().kind == ErrorKind::cancelled);
    CHECK(h.provider->calls() == 0);
}

TEST_CASE("offline calls with the same messages but another context or seed have different keys", "[debate][queued]") {
    llm::ProviderSpec offline;
    offline.kind = "offline";
    const offline::OfflineProvider seeded(0);
    const offline::OfflineProvider other_seed(9);
    llm::ChatRequest request;
    request.messages = {{"user", "same"}};
    request.context.agent.role = "architect";
    auto other_role = request;
    other_role.context.agent.role = "security";
    const auto key = QueuedExecutor::call_key(seeded, offline, request);
    CHECK(key != QueuedExecutor::call_key(seeded, offline, other_role));
    CHECK(key != QueuedExecutor::call_key(other_seed, offline, request));
    llm::ProviderSpec network;
    network.kind = "openai";
    ScriptedProvider model;
    CHECK(QueuedExecutor::call_key(model, network, request) == QueuedExecutor::call_key(model, network, other_role));
    CHECK(QueuedExecutor::call_key(model, network, request) == llm::request_key(network, request));
}

TEST_CASE("an offline call's key is the one journals written with string labels hold", "[debate][queued]") {
    llm::ProviderSpec spec;
    spec.kind = "offline";
    spec.seed = 7;
    const offline::OfflineProvider provider(spec.seed);
    llm::ChatRequest request;
    request.model = "parley-offline-1";
    request.messages = {{"system", "sys"}, {"user", "critique it"}};
    auto& c = request.context;
    c.run_id = c.debate_id = "deb-1";
    c.purpose = llm::Purpose::critique;
    c.round = 2;
    c.total_rounds = 3;
    c.agent = {"agent-sec", "Security", "security"};
    c.target = llm::AgentRef{"agent-arch", "Architect", "architect"};
    c.problem = std::make_shared<const std::string>("Build a queue.");
    // The labels the orchestrator sent for this call before the context was typed, and the key it filed under.
    const nlohmann::json labels{{"phase", "critique"},         {"role", "security"},
                                {"agent_id", "agent-sec"},     {"agent_name", "Security"},
                                {"problem", "Build a queue."}, {"round", "2"},
                                {"total_rounds", "3"},         {"target_agent_id", "agent-arch"},
                                {"target_role", "architect"},  {"target_agent", "Architect"}};
    const nlohmann::json extra{{"labels", labels}, {"seed", spec.seed}};
    const auto journaled = util::sha256_hex(llm::canonical_request(spec, request) + extra.dump());
    CHECK(QueuedExecutor::call_key(provider, spec, request) == journaled);
}
