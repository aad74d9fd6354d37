// SSE parser throughput: a realistic chat-completion stream fed at typical socket read sizes.

#include <benchmark/benchmark.h>

#include <string>

#include "llm/chat_stream.hpp"
#include "llm/sse_parser.hpp"

namespace {

// About 1 MiB of OpenAI-shaped chunks with four-byte deltas, a usage chunk and [DONE].
std::string make_stream() {
    std::string body;
    const std::string head =
        R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",)"
        R"("choices":[{"index":0,"delta":{"content":")";
    const std::string tail = R"("},"finish_reason":null}]})"
                             "\n\n";
    while (body.size() < (1u << 20)) {
        body += head + "word" + tail;
        body += ": ping\n\n";
    }
    body += "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}\n\n"
            "data: [DONE]\n\n";
    return body;
}

const std::string& stream_body() {
    static const std::string body = make_stream();
    return body;
}

void BM_SseParser(benchmark::State& state) {
    const std::string& body = stream_body();
    const auto chunk = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        parley::llm::SseParser parser;
        std::size_t events = 0;
        for (std::size_t at = 0; at < body.size(); at += chunk) {
            parser.feed(std::string_view(body).substr(at, chunk), [&](const parley::llm::SseEvent&) {
                ++events;
                return true;
            });
        }
        benchmark::DoNotOptimize(events);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_SseParser)->Arg(16)->Arg(4096)->Arg(16384);

// The whole decode path a streamed call pays: SSE, JSON of every chunk, content accumulation.
void BM_ChatStream(benchmark::State& state) {
    const std::string& body = stream_body();
    const auto chunk = static_cast<std::size_t>(state.range(0));
    const parley::llm::DeltaCallback on_delta = [](std::string_view delta) {
        benchmark::DoNotOptimize(delta);
    };
    for (auto _ : state) {
        parley::llm::ChatStream stream(on_delta);
        for (std::size_t at = 0; at < body.size(); at += chunk) {
            stream.feed(std::string_view(body).substr(at, chunk));
        }
        benchmark::DoNotOptimize(stream.content().size());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_ChatStream)->Arg(4096);

} // namespace
