#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "progress/progress_view.hpp"
#include "support/virtual_terminal.hpp"
#include "util/logging.hpp"
#include "util/terminal.hpp"

using namespace parley::progress;
using parley::debate::CallEvent;
namespace llm = parley::llm;
using Kind = parley::debate::CallEvent::Kind;
using namespace std::chrono_literals;

namespace {

// Everything the view wrote, one entry per write.
struct Capture {
    std::mutex mutex;
    std::vector<std::string> writes;

    std::function<void(std::string_view)> sink() {
        return [this](std::string_view text) {
            std::lock_guard lock(mutex);
            writes.emplace_back(text);
        };
    }
    std::string all() {
        std::lock_guard lock(mutex);
        std::string out;
        for (const auto& w : writes) {
            out += w;
        }
        return out;
    }
};

// A clock that moves only when the test says so.
struct ManualClock {
    std::shared_ptr<Clock::time_point> now = std::make_shared<Clock::time_point>(Clock::time_point{} + 1h);

    std::function<Clock::time_point()> function() const {
        return [now = now] {
            return *now;
        };
    }
    void advance(Clock::duration by) const { *now += by; }
};

std::string strip_ansi(const std::string& text) {
    static const std::regex kEscape("\x1b\\[[0-9;?]*[A-Za-z]|\r");
    return std::regex_replace(text, kEscape, "");
}

ProgressOptions options_for(Mode mode, Capture& capture, const ManualClock& clock, bool stream = false) {
    ProgressOptions options;
    options.mode = mode;
    options.stream = stream;
    options.sink = capture.sink();
    options.clock = clock.function();
    options.terminal_size = [] {
        return parley::util::TerminalSize{100, 24};
    };
    options.refresh_thread = false;
    return options;
}

DebatePlan plan_for(const std::string& id, const std::string& label, std::size_t total_calls = 0) {
    return DebatePlan{id, label, {{"arch", "Architect"}, {"skep", "Skeptic"}, {"prag", "Pragmatist"}}, 2, total_calls};
}

CallEvent event(Kind kind, const std::string& debate_id, const std::string& agent_id, int attempt = 1) {
    CallEvent e;
    e.kind = kind;
    e.call.debate_id = debate_id;
    e.call.agent.id = agent_id;
    e.call.purpose = llm::Purpose::proposal;
    e.call.round = 1;
    e.attempt = attempt;
    return e;
}

CallEvent retrying(const std::string& debate_id, const std::string& agent_id, std::string reason, double wait_ms) {
    auto e = event(Kind::retrying, debate_id, agent_id);
    e.error = parley::Error{parley::ErrorKind::transient, std::move(reason), 0, std::nullopt};
    e.retry_in_ms = wait_ms;
    return e;
}

CallEvent succeeded(const std::string& debate_id, const std::string& agent_id, long in, long out,
                    std::optional<double> cost) {
    auto e = event(Kind::succeeded, debate_id, agent_id);
    e.prompt_tokens = in;
    e.completion_tokens = out;
    e.cost_usd = cost.value_or(0);
    e.cost_known = cost.has_value();
    return e;
}

CallEvent streaming(const std::string& debate_id, const std::string& agent_id, std::size_t chars,
                    std::string_view content = {}) {
    auto e = event(Kind::streaming, debate_id, agent_id);
    e.streamed_chars = chars;
    e.content = content;
    return e;
}

// The last frame drawn, as plain text: every frame ends by erasing what an older, longer one left below.
std::string last_frame(Capture& capture) {
    std::lock_guard lock(capture.mutex);
    for (auto it = capture.writes.rbegin(); it != capture.writes.rend(); ++it) {
        if (it->ends_with(parley::util::kEraseDown) && it->find('\n') != std::string::npos) {
            return strip_ansi(*it);
        }
    }
    return {};
}

std::size_t count_of(const std::string& text, std::string_view what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) {
        ++count;
    }
    return count;
}

} // namespace

TEST_CASE("lines mode prints one line per significant event of two debates", "[progress]") {
    Capture capture;
    ManualClock clock;
    {
        ProgressView view(options_for(Mode::lines, capture, clock));
        view.set_plan(plan_for("deb-a", "a.md"));
        view.set_plan(plan_for("deb-b", "b.md"));
        view.on_event(event(Kind::queued, "deb-a", "arch"));
        view.on_event(event(Kind::started, "deb-a", "arch"));
        view.on_event(event(Kind::started, "deb-b", "skep"));
        view.on_event(streaming("deb-a", "arch", 10));
        view.on_event(streaming("deb-a", "arch", 20));
        clock.advance(1500ms);
        view.on_event(succeeded("deb-a", "arch", 100, 50, 0.0012));
        view.on_event(retrying("deb-b", "skep", "503 service unavailable", 2000));
        view.on_event(event(Kind::started, "deb-b", "skep", 2));
        auto hit = succeeded("deb-a", "prag", 10, 5, std::nullopt);
        hit.from_journal = true;
        view.on_event(hit);
        auto critique = event(Kind::started, "deb-a", "skep");
        critique.call.purpose = llm::Purpose::critique;
        critique.call.round = 2;
        critique.call.target = llm::AgentRef{"arch", "", ""};
        view.on_event(critique);
        critique.kind = Kind::failed;
        critique.error = parley::Error{parley::ErrorKind::auth, "401 unauthorized\nbad key", 401, std::nullopt};
        view.on_event(critique);
        view.on_event(event(Kind::started, "deb-b", "prag"));
        view.on_event(event(Kind::cancelled, "deb-b", "prag"));
        clock.advance(1500ms);
        view.on_event(succeeded("deb-b", "skep", 200, 60, std::nullopt));
        view.end_debate("deb-a", "failed");
        view.finish();
    }
    CHECK(capture.all() == "[deb-a] round 1 proposal Architect: started\n"
                           "[deb-b] round 1 proposal Skeptic: started\n"
                           "[deb-a] round 1 proposal Architect: succeeded in 1.5s, 100 in + 50 out tokens, $0.0012\n"
                           "[deb-b] round 1 proposal Skeptic: attempt 1 failed: 503 service unavailable; retrying "
                           "in 2.0s\n"
                           "[deb-b] round 1 proposal Skeptic: started attempt 2\n"
                           "[deb-a] round 1 proposal Pragmatist: succeeded from the journal, 10 in + 5 out tokens\n"
                           "[deb-a] round 2 critique Skeptic on Architect: started\n"
                           "[deb-a] round 2 critique Skeptic on Architect: failed: 401 unauthorized bad key\n"
                           "[deb-b] round 1 proposal Pragmatist: started\n"
                           "[deb-b] round 1 proposal Pragmatist: cancelled\n"
                           "[deb-b] round 1 proposal Skeptic: succeeded in 3.0s, 200 in + 60 out tokens, price "
                           "unknown\n"
                           "deb-a: failed, 2 calls, 150 tokens, $0.0012\n"
                           "total  3 calls, 410 tokens, $0.0012 + unknown for 1 call, 1 retry, 1 failed, 3.0s\n");
}

TEST_CASE("lines mode names no debate when only one runs, and --stream adds each answer's first line", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::lines, capture, clock, true));
    view.set_plan(plan_for("deb-a", "a.md"));
    view.on_event(event(Kind::started, "deb-a", "arch"));
    view.on_event(streaming("deb-a", "arch", 5, "Use a"));
    auto done = succeeded("deb-a", "arch", 1, 2, 0.5);
    done.content = "\n## Use a \x1b[1mqueue\x1b[0m\nwith workers";
    view.on_event(done);
    CHECK(capture.all() == "round 1 proposal Architect: started\n"
                           "round 1 proposal Architect: succeeded in 0.0s, 1 in + 2 out tokens, $0.50\n"
                           "  > ## Use a \\x1b[1mqueue\\x1b[0m\n");
}

TEST_CASE("live mode draws a header, one line per agent and the totals", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::live, capture, clock));
    view.set_plan(plan_for("deb-a", "a.md", 9));
    view.on_event(event(Kind::started, "deb-a", "arch"));
    view.on_event(streaming("deb-a", "arch", 1234));
    view.on_event(event(Kind::started, "deb-a", "skep"));
    view.on_event(retrying("deb-a", "skep", "429 rate limited", 5000));
    view.on_event(succeeded("deb-a", "prag", 800, 400, 0.01));
    clock.advance(2s);
    view.tick();
    CHECK(last_frame(capture) == "deb-a  a.md  round 1/2  proposal  1/9 calls, 1 retry\n"
                                 "  Architect   streaming  1.2k chars, 2.0s\n"
                                 "  Skeptic     retrying   next in 3.0s, attempt 1: 429 rate limited\n"
                                 "  Pragmatist  done       1.2k tokens\n"
                                 "total  1/9 calls, 1.2k tokens, $0.01, 1 retry, 2.0s\n");
}

TEST_CASE("the live view's cost says what is unknown and never shows $0 for an unpriced model", "[progress][money]") {
    const auto totals = [](std::vector<std::optional<double>> costs) {
        Capture capture;
        ManualClock clock;
        ProgressView view(options_for(Mode::live, capture, clock));
        view.set_plan(plan_for("deb-a", "a.md", 9));
        for (const auto& cost : costs) {
            view.on_event(succeeded("deb-a", "prag", 800, 400, cost));
        }
        clock.advance(2s);
        view.tick();
        const auto frame = last_frame(capture);
        return frame.substr(frame.rfind("total"));
    };
    const auto unpriced = totals({std::nullopt, std::nullopt});
    CHECK_THAT(unpriced, Catch::Contains("unknown (2 calls unpriced)"));
    CHECK_THAT(unpriced, !Catch::Contains("$0"));
    CHECK_THAT(totals({0.0123}), Catch::Contains(", $0.0123, "));
    CHECK_THAT(totals({0.0123, std::nullopt}), Catch::Contains("$0.0123 + unknown for 1 call"));
}

TEST_CASE("the retry countdown runs down to zero and the line shows the next attempt", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::live, capture, clock));
    view.on_event(event(Kind::started, "deb-a", "skep"));
    view.on_event(retrying("deb-a", "skep", "connection reset", 5000));
    clock.advance(1s);
    view.tick();
    CHECK_THAT(last_frame(capture), Catch::Contains("retrying   next in 4.0s, attempt 1: connection reset"));
    clock.advance(5s);
    view.tick();
    CHECK_THAT(last_frame(capture), Catch::Contains("next in 0.0s"));
    view.on_event(event(Kind::started, "deb-a", "skep", 2));
    clock.advance(1s);
    view.tick();
    CHECK_THAT(last_frame(capture), Catch::Contains("running    attempt 2, 7.0s"));
}

TEST_CASE("with --stream a streaming agent's line ends in the tail of its text", "[progress]") {
    Capture capture;
    ManualClock clock;
    auto options = options_for(Mode::live, capture, clock, true);
    options.terminal_size = [] {
        return parley::util::TerminalSize{66, 24};
    };
    ProgressView view(std::move(options));
    view.on_event(event(Kind::started, "deb-a", "arch"));
    view.on_event(streaming("deb-a", "arch", 30, "The queue keeps\n\ntasks in a \x1b[31mdurable"));
    view.on_event(streaming("deb-a", "arch", 60, " log and every worker acknowledges each task"));
    clock.advance(1s);
    view.tick();
    const auto frame = last_frame(capture);
    CHECK_THAT(frame,
               Catch::Contains("  arch  streaming  60 chars, 1.0s  \xe2\x80\xa6worker acknowledges each task\n"));
}

TEST_CASE("a burst of streaming events redraws at most ten times a second", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::live, capture, clock));
    view.on_event(event(Kind::started, "deb-a", "arch"));
    for (std::size_t i = 1; i <= 1000; ++i) {
        view.on_event(streaming("deb-a", "arch", i * 4));
    }
    CHECK(capture.writes.size() == 1);
    for (std::size_t i = 1; i <= 1000; ++i) {
        clock.advance(1ms);
        view.on_event(streaming("deb-a", "arch", 4000 + i * 4));
    }
    // One frame when the call started, then one per 100 ms of the second that passed.
    CHECK(capture.writes.size() == 11);
}

TEST_CASE("finish leaves the summary, shows the cursor again and ignores later events", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::live, capture, clock));
    view.on_event(event(Kind::started, "deb-a", "arch"));
    clock.advance(1s);
    view.on_event(succeeded("deb-a", "arch", 1, 1, 0.001));
    REQUIRE(capture.writes.front().rfind(std::string(parley::util::kHideCursor), 0) == 0);
    view.finish();
    const auto after_finish = capture.writes.size();
    CHECK(capture.writes.back() == parley::util::kShowCursor);
    CHECK_THAT(last_frame(capture), Catch::Contains("done"));
    view.on_event(event(Kind::started, "deb-a", "skep"));
    view.finish();
    CHECK(capture.writes.size() == after_finish);
    const auto all = capture.all();
    CHECK(count_of(all, parley::util::kHideCursor) == count_of(all, parley::util::kShowCursor));
}

TEST_CASE("pause erases the block and shows the cursor; resume draws it again", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::live, capture, clock));
    view.on_event(event(Kind::started, "deb-a", "arch"));
    view.pause();
    CHECK(capture.writes.back() == "\r\x1b[3A\x1b[J\x1b[?25h");
    const auto paused_at = capture.writes.size();
    clock.advance(1s);
    view.on_event(streaming("deb-a", "arch", 10));
    view.tick();
    CHECK(capture.writes.size() == paused_at);
    view.resume();
    CHECK(capture.writes.back().rfind(std::string(parley::util::kHideCursor), 0) == 0);
    CHECK_THAT(last_frame(capture), Catch::Contains("streaming  10 chars"));
    view.note("parley: a message");
    CHECK(strip_ansi(capture.writes[capture.writes.size() - 2]) == "parley: a message\n");
    view.finish();
    CHECK(capture.writes.back() == parley::util::kShowCursor);
}

TEST_CASE("quiet mode writes nothing", "[progress]") {
    Capture capture;
    ManualClock clock;
    {
        ProgressView view(options_for(Mode::quiet, capture, clock, true));
        view.set_plan(plan_for("deb-a", "a.md", 9));
        view.on_event(event(Kind::started, "deb-a", "arch"));
        view.on_event(retrying("deb-a", "arch", "503", 100));
        view.on_event(succeeded("deb-a", "arch", 1, 1, 0.1));
        view.note("a message");
        view.end_debate("deb-a", "done");
        view.pause();
        view.resume();
        view.tick();
        view.finish();
    }
    CHECK(capture.writes.empty());
}

TEST_CASE("events from eight threads at once are all counted", "[progress]") {
    constexpr int kThreads = 8;
    constexpr int kCallsPerThread = 250; // four events each: 1,000 events per thread
    Capture capture;
    // Designated initializers, as the product sets the options; the refresh thread runs on the real clock.
    ProgressView view({.mode = Mode::live, .sink = capture.sink(), .terminal_size = [] {
                           return parley::util::TerminalSize{120, 40};
                       }});
    // Debates are shown in plan order; without plans the first event would decide, which threads make random.
    view.set_plan({"deb-even", "", {}, 0, 0});
    view.set_plan({"deb-odd", "", {}, 0, 0});
    auto observer = view.observer();
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&observer, t] {
                const auto debate_id = t % 2 == 0 ? "deb-even" : "deb-odd";
                const auto agent_id = "agent-" + std::to_string(t);
                for (int i = 0; i < kCallsPerThread; ++i) {
                    observer(event(Kind::started, debate_id, agent_id));
                    observer(streaming(debate_id, agent_id, 10, "some text"));
                    observer(streaming(debate_id, agent_id, 20, " more text"));
                    observer(succeeded(debate_id, agent_id, 3, 1, 0.001));
                }
            });
        }
    }
    view.finish();
    const auto frame = last_frame(capture);
    CHECK_THAT(frame, Catch::StartsWith("deb-even  round 1  proposal  1000 calls\n"));
    CHECK_THAT(frame, Catch::Contains("\ndeb-odd  round 1  proposal  1000 calls\n"));
    CHECK(count_of(frame, "done       1.0k tokens\n") == kThreads);
    CHECK_THAT(frame, Catch::Contains("total  2000 calls, 8.0k tokens, $2.00, "));
}

TEST_CASE("a warning logged under the live view stays on screen above it and redraws leave no stale line",
          "[progress]") {
    REQUIRE(parley::util::setup_logging(parley::util::Verbosity::normal, ""));
    Capture capture;
    ManualClock clock;
    {
        ProgressView view(options_for(Mode::live, capture, clock));
        view.set_plan(plan_for("deb-a", "a.md", 9));
        view.set_plan(plan_for("deb-b", "b.md", 9));
        view.on_event(event(Kind::started, "deb-a", "arch"));
        view.on_event(event(Kind::started, "deb-b", "skep"));
        clock.advance(1s);
        view.tick();
        spdlog::warn("the judge's answer was cut short");
        view.on_event(succeeded("deb-a", "arch", 800, 400, 0.01));
        clock.advance(1s);
        view.tick();
        // parley's own lines (print_error) take the same path as spdlog's.
        parley::util::write_console_line("parley: sweep.md: cannot write the index\n");
        view.end_debate("deb-b", "failed");
        clock.advance(1s);
        view.tick();
        view.finish();
    }
    // After finish the writer is gone: a line logged now is not written into the view's sink.
    const auto written = capture.all();
    spdlog::warn("after the view");
    CHECK(capture.all() == written);

    parley::testing::VirtualTerminal terminal(100);
    terminal.feed(written);
    CHECK(terminal.unknown_sequences().empty());
    CHECK_FALSE(terminal.cursor_hidden());
    const auto screen = terminal.screen();
    REQUIRE(screen.size() >= 3);
    CHECK(screen[0] == "warning: the judge's answer was cut short");
    CHECK(screen[1] == "parley: sweep.md: cannot write the index");
    // Below the two lines: the final frame once, and nothing else.
    std::vector<std::string> frame(screen.begin() + 2, screen.end());
    std::string drawn;
    for (const auto& line : frame) {
        drawn += line + "\n";
    }
    CHECK(drawn == last_frame(capture));
    CHECK(count_of(drawn, "deb-a") == 1);
    CHECK(count_of(drawn, "deb-b") == 1);
    CHECK(count_of(drawn, "total") == 1);
}

TEST_CASE("a sweep's debates are named by their label, never by their id", "[progress]") {
    Capture capture;
    ManualClock clock;
    ProgressView view(options_for(Mode::lines, capture, clock));
    auto a = plan_for("d-7f3a9c", "webhooks.md × pair.json", 9);
    a.show_id = false;
    auto b = plan_for("d-0b41ee", "webhooks.md × trio.json seed 2", 9);
    b.show_id = false;
    view.set_plan(a);
    view.set_plan(b);
    view.on_event(succeeded("d-7f3a9c", "arch", 800, 400, 0.01));
    view.end_debate("d-0b41ee", "done");
    view.finish();
    const auto out = capture.all();
    CHECK(out.find("[webhooks.md × pair.json] round 1 proposal Architect: ") != std::string::npos);
    CHECK(out.find("webhooks.md × trio.json seed 2: done") != std::string::npos);
    CHECK(out.find("d-7f3a9c") == std::string::npos);
    CHECK(out.find("d-0b41ee") == std::string::npos);

    Board board(clock.function()(), false);
    board.set_plan(a);
    const auto frame = board.render(clock.function()(), {100, 24});
    REQUIRE_FALSE(frame.empty());
    CHECK(frame.front().rfind("webhooks.md × pair.json  starting", 0) == 0);
}
