// What Redis costs a sweep: the overhead of handing one job to a worker (enqueue, claim, complete), and how much of
// a shared 120 requests/min limit three workers use together against the loopback fake, which answers 429 to any
// request over that limit.

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "fake/fake_provider.hpp"
#include "redis/admission.hpp"
#include "redis/jobs.hpp"
#include "run/provider_factory.hpp"
#include "support/redis_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace parley;

std::shared_ptr<sweep::RedisConnection> connect_to(const testing::RedisServer& server) {
    auto url = sweep::parse_redis_url(server.url());
    auto connection = url ? sweep::RedisConnection::connect(*url, {}) : tl::make_unexpected(url.error());
    if (!connection) {
        std::abort();
    }
    return std::shared_ptr<sweep::RedisConnection>(std::move(*connection));
}

// One job's trip through Redis: enqueued, claimed by a worker, its lease renewed once, its result stored.
void BM_redis_job_handout(benchmark::State& state) {
    testing::RedisServer server(testing::RedisServerOptions{state.range(0) != 0, ""});
    sweep::JobQueueOptions options;
    options.signing_key = testing::kTestSigningKey;
    auto queue = sweep::RedisJobQueue::open(connect_to(server), options);
    if (!queue) {
        state.SkipWithError(queue.error().message.c_str());
        return;
    }
    const std::string payload(800, 'x'); // about the size of a sweep job's JSON
    std::int64_t n = 0;
    for (auto _ : state) {
        const std::string id = "job-" + std::to_string(n++);
        auto added = queue->enqueue("bench", {{id, payload}});
        auto lease = queue->claim("worker", std::chrono::milliseconds(100));
        if (!added || !lease || !*lease || !queue->renew(**lease) || !queue->complete(**lease, "{\"ok\":true}")) {
            state.SkipWithError("a job did not make it through Redis");
            return;
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_redis_job_handout)->Arg(0)->Arg(1)->ArgName("aof_always")->UseRealTime();

// A provider-side limit of `per_minute` with a bucket of `burst`, as a rate-limiting API enforces it.
class ProviderLimit {
public:
    ProviderLimit(double per_minute, double burst)
        : per_second_(per_minute / 60), burst_(burst), level_(burst), at_(Clock::now()) {}

    bool take() {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        level_ = std::min(burst_, level_ + std::chrono::duration<double>(now - at_).count() * per_second_);
        at_ = now;
        if (level_ < 1) {
            return false;
        }
        level_ -= 1;
        return true;
    }

private:
    std::mutex mutex_;
    double per_second_;
    double burst_;
    double level_;
    Clock::time_point at_;
};

// Three workers, each with its own Redis connection and admission, calling the fake as fast as the shared limit
// lets them for 30 seconds.
void BM_redis_shared_limit_3_workers(benchmark::State& state) {
    constexpr double kPerMinute = 120;
    // The provider allows one second's worth at once; the workers' shared bucket holds one request, so a request
    // that reaches the provider late (a new connection) is not followed by a burst the provider would refuse.
    constexpr double kProviderBurst = 2;
    constexpr double kSharedBurst = 1;
    constexpr auto kWindow = std::chrono::seconds(30);
    testing::RedisServer server;
    ProviderLimit provider_limit(kPerMinute, kProviderBurst);
    std::atomic<int> refused{0};
    testing::FakeOptions options;
    options.responder = [&](const testing::RecordedRequest&, std::size_t) {
        if (!provider_limit.take()) {
            ++refused;
            return testing::FakeReply::http_error(429, "rate limit exceeded");
        }
        return testing::FakeReply::answer("ok");
    };
    testing::FakeProvider fake(options);
    llm::ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    auto provider = llm::make_provider(spec, util::Env::from_values({}));
    if (!provider) {
        state.SkipWithError(provider.error().message.c_str());
        return;
    }
    llm::ChatRequest request;
    request.model = "fake-model-1";
    request.messages = {{"user", "one more"}};
    std::atomic<int> sent{0};
    double seconds = 0;
    for (auto _ : state) {
        sweep::SharedLaneLimits limits;
        limits.requests = queue::RateLimit{kPerMinute, kSharedBurst};
        const auto start = Clock::now();
        const auto end = start + kWindow;
        {
            std::vector<std::jthread> workers;
            for (int i = 0; i < 3; ++i) {
                workers.emplace_back(
                    [&, admission = std::make_shared<sweep::RedisAdmission>(connect_to(server), "fake", limits)] {
                        for (;;) {
                            const auto now = Clock::now();
                            if (now >= end) {
                                return;
                            }
                            if (auto retry = admission->try_acquire(1, now)) {
                                std::this_thread::sleep_until(std::min(*retry, end));
                                continue;
                            }
                            auto answer = (*provider)->complete(request, {}, [](std::string_view) {});
                            admission->release(1, answer ? std::optional<double>(1) : std::nullopt);
                            ++sent;
                        }
                    });
            }
        }
        seconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const double allowed = kProviderBurst + kPerMinute / 60 * seconds;
    state.counters["requests"] = sent.load();
    state.counters["allowed"] = allowed;
    state.counters["use_pct"] = 100.0 * sent.load() / allowed;
    state.counters["refused_429"] = refused.load();
}
BENCHMARK(BM_redis_shared_limit_3_workers)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace
