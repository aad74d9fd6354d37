// The journal's lookups and inserts per second (WAL, synchronous=FULL) and the cost of keying a typical
// 8 KB request. Run: build/release/journal_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "llm/request_key.hpp"
#include "store/journal.hpp"

using namespace parley;

namespace {

constexpr int kPreloaded = 10'000;

store::CallRecord bench_call(const std::string& key) {
    store::CallRecord call;
    call.key = key;
    call.run_id = "deb-bench";
    call.provider = "openai (https://api.openai.com/v1)";
    call.model = "gpt-4o";
    call.response_model = "gpt-4o-2024-08-06";
    call.content = std::string(2000, 'x'); // a typical critique's length
    call.usage = {2000, 500, 2500, false};
    call.finished_at = "2026-11-24T10:00:00.000Z";
    return call;
}

std::string key_of(long n) {
    llm::ChatRequest request;
    request.model = std::to_string(n);
    return llm::request_key({}, request);
}

// Removes the benchmark's folder at exit, after the journals in it are closed.
struct BenchDir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("parley-bench-" + std::to_string(::getpid()));
    ~BenchDir() { std::filesystem::remove_all(path); }
};

std::filesystem::path bench_path(const char* name) {
    static const BenchDir dir;
    return dir.path / name;
}

// The keys of the preloaded calls, hashed once so lookups time the journal alone.
const std::vector<std::string>& preloaded_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> all;
        for (long n = 0; n < 2 * kPreloaded; ++n) {
            all.push_back(key_of(n));
        }
        return all;
    }();
    return keys;
}

// One journal of kPreloaded calls shared by every lookup benchmark and thread.
store::Journal& preloaded_journal() {
    static store::Journal journal = [] {
        auto opened = store::Journal::open(bench_path("lookups.sqlite"));
        if (!opened) {
            std::abort();
        }
        for (long n = 0; n < kPreloaded; ++n) {
            (void)opened->record_call(bench_call(preloaded_keys()[static_cast<std::size_t>(n)]));
        }
        return std::move(*opened);
    }();
    return journal;
}

void journal_lookup_hit(benchmark::State& state) {
    auto& journal = preloaded_journal();
    const auto& keys = preloaded_keys();
    std::size_t n = static_cast<std::size_t>(state.thread_index()) * 7919;
    for (auto _ : state) {
        auto found = journal.find_call(keys[n++ % kPreloaded]);
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(journal_lookup_hit)->Threads(1)->Threads(4)->UseRealTime();

void journal_lookup_miss(benchmark::State& state) {
    auto& journal = preloaded_journal();
    const auto& keys = preloaded_keys();
    std::size_t n = 0;
    for (auto _ : state) {
        auto found = journal.find_call(keys[kPreloaded + n++ % kPreloaded]);
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(journal_lookup_miss);

void journal_insert(benchmark::State& state) {
    static std::atomic<long> next{0};
    static std::unique_ptr<store::Journal> journal;
    // Thread 0 sets up before and tears down after the loop; the loop's start and end are barriers for all threads.
    if (state.thread_index() == 0) {
        auto opened = store::Journal::open(bench_path("inserts.sqlite"));
        if (!opened) {
            std::abort();
        }
        journal = std::make_unique<store::Journal>(std::move(*opened));
    }
    for (auto _ : state) {
        auto recorded = journal->record_call(bench_call("insert-" + std::to_string(next++)));
        benchmark::DoNotOptimize(recorded);
    }
    state.SetItemsProcessed(state.iterations());
    if (state.thread_index() == 0) {
        journal.reset();
    }
}
BENCHMARK(journal_insert)->Threads(1)->Threads(4)->UseRealTime();

void request_key_8kb(benchmark::State& state) {
    llm::ProviderSpec spec;
    spec.kind = "openai";
    spec.base_url = "https://api.openai.com/v1";
    llm::ChatRequest request;
    request.model = "gpt-4o";
    request.max_tokens = 2048;
    request.messages = {{"system", std::string(1500, 's')},
                        {"user", std::string(4500, 'u')},
                        {"assistant", std::string(1500, 'a')},
                        {"user", std::string(692, 'q')}};
    for (auto _ : state) {
        benchmark::DoNotOptimize(llm::request_key(spec, request));
    }
    state.SetBytesProcessed(state.iterations() * 8192);
}
BENCHMARK(request_key_8kb);

} // namespace
