// The cost of one streamed call to the loopback fake at zero latency, and how fast a cancellation lands.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "fake/fake_provider.hpp"
#include "run/provider_factory.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::shared_ptr<parley::llm::Provider> provider_for(const parley::testing::FakeProvider& fake) {
    parley::llm::ProviderSpec spec;
    spec.kind = "openai-compatible";
    spec.base_url = fake.base_url();
    auto provider = parley::llm::make_provider(spec, parley::util::Env::from_values({}));
    if (!provider) {
        std::abort();
    }
    return *provider;
}

parley::llm::ChatRequest sample_request() {
    parley::llm::ChatRequest request;
    request.model = "fake-model-1";
    request.messages = {{"system", "You are a terse architect."}, {"user", "Name one property of a good queue."}};
    return request;
}

// Median and 99th percentile, in microseconds, as benchmark counters.
void report_percentiles(benchmark::State& state, std::vector<double>& samples_us) {
    if (samples_us.empty()) {
        return;
    }
    std::sort(samples_us.begin(), samples_us.end());
    const auto at = [&](double q) {
        return samples_us[static_cast<std::size_t>(q * double(samples_us.size() - 1))];
    };
    state.counters["median_us"] = at(0.5);
    state.counters["p99_us"] = at(0.99);
}

void BM_StreamedCall(benchmark::State& state) {
    parley::testing::FakeProvider fake;
    auto provider = provider_for(fake);
    const auto request = sample_request();
    std::vector<double> samples_us;
    for (auto _ : state) {
        const auto start = Clock::now();
        auto response = provider->complete(request, {}, [](std::string_view) {});
        samples_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (!response) {
            state.SkipWithError(response.error().message.c_str());
            break;
        }
    }
    report_percentiles(state, samples_us);
}
BENCHMARK(BM_StreamedCall)->Unit(benchmark::kMicrosecond);

// Time from request_stop() on another thread to complete() returning, on a stream that has stalled.
void BM_CancellationLatency(benchmark::State& state) {
    parley::testing::FakeOptions options;
    options.default_reply.kind = parley::testing::FakeReply::Kind::stall;
    // Long enough to outlast the 2 ms before each cancel, short enough not to tie up the fake's worker threads.
    options.default_reply.stall_for = std::chrono::milliseconds(50);
    parley::testing::FakeProvider fake(options);
    auto provider = provider_for(fake);
    const auto request = sample_request();
    std::vector<double> samples_us;
    for (auto _ : state) {
        std::stop_source stop;
        std::atomic<bool> streaming{false};
        std::atomic<Clock::rep> requested{0};
        std::jthread canceller([&] {
            while (!streaming) {
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            requested = Clock::now().time_since_epoch().count();
            stop.request_stop();
        });
        auto response = provider->complete(request, stop.get_token(), [&](std::string_view) { streaming = true; });
        const auto returned = Clock::now();
        streaming = true; // frees the canceller even when the call failed before streaming
        canceller.join();
        const double latency =
            std::chrono::duration<double>(returned - Clock::time_point(Clock::duration(requested))).count();
        if (response || response.error().kind != parley::ErrorKind::cancelled) {
            state.SkipWithError("the call was not cancelled");
            break;
        }
        state.SetIterationTime(latency);
        samples_us.push_back(latency * 1e6);
    }
    report_percentiles(state, samples_us);
}
BENCHMARK(BM_CancellationLatency)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(200);

} // namespace
