#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "progress/board.hpp"
#include "progress/format.hpp"

using namespace parley::progress;
using parley::debate::CallEvent;
namespace llm = parley::llm;
using Kind = parley::debate::CallEvent::Kind;
using parley::util::TerminalSize;

namespace {

const Clock::time_point kStart{};

CallEvent started(const std::string& debate_id, const std::string& agent_id) {
    CallEvent e;
    e.kind = Kind::started;
    e.call.debate_id = debate_id;
    e.call.agent.id = agent_id;
    e.call.purpose = llm::Purpose::proposal;
    e.call.round = 1;
    e.attempt = 1;
    return e;
}

Board three_debates() {
    Board board(kStart, false);
    for (const std::string id : {"deb-a", "deb-b", "deb-c"}) {
        board.set_plan(DebatePlan{id, "", {{"arch", "Architect"}, {"skep", "Skeptic"}, {"prag", "Pragmatist"}}, 2, 6});
        board.apply(started(id, "arch"), kStart);
        board.apply(started(id, "skep"), kStart);
    }
    return board;
}

} // namespace

TEST_CASE("a frame taller than the terminal shrinks each debate to its header", "[progress]") {
    const auto board = three_debates();
    CHECK(board.render(kStart, TerminalSize{100, 6}) ==
          std::vector<std::string>{"deb-a  round 1/2  proposal  0/6 calls  2 running, 1 waiting",
                                   "deb-b  round 1/2  proposal  0/6 calls  2 running, 1 waiting",
                                   "deb-c  round 1/2  proposal  0/6 calls  2 running, 1 waiting",
                                   "total  0/18 calls, 0 tokens, $0.00, 0.0s"});
    CHECK(board.render(kStart, TerminalSize{100, 4}) ==
          std::vector<std::string>{"deb-a  round 1/2  proposal  0/6 calls  2 running, 1 waiting",
                                   "\xe2\x80\xa6 and 2 more debates", "total  0/18 calls, 0 tokens, $0.00, 0.0s"});
    CHECK(board.render(kStart, TerminalSize{100, 14}).size() == 13);
}

TEST_CASE("no line of a frame is wider than the terminal", "[progress]") {
    const auto board = three_debates();
    for (const auto& line : board.render(kStart, TerminalSize{30, 40})) {
        CHECK(display_width(line) <= 29);
    }
}

TEST_CASE("a plan that comes after the first events orders the agents and keeps their state", "[progress]") {
    Board board(kStart, false);
    board.apply(started("deb-a", "judge"), kStart);
    board.apply(started("deb-a", "skep"), kStart);
    board.set_plan(DebatePlan{"deb-a", "a.md", {{"arch", "Architect"}, {"skep", "Skeptic"}}, 0, 0});
    CHECK(board.render(kStart, TerminalSize{100, 24}) ==
          std::vector<std::string>{"deb-a  a.md  round 1  proposal  0 calls", "  Architect  waiting",
                                   "  Skeptic    running    0.0s", "  judge      running    0.0s",
                                   "total  0 calls, 0 tokens, $0.00, 0.0s"});
}

TEST_CASE("summary calls are counted apart from the planned calls", "[progress]") {
    Board board(kStart, false);
    board.set_plan(DebatePlan{"deb-a", "", {{"arch", "Architect"}}, 2, 3});
    auto done = started("deb-a", "arch");
    board.apply(done, kStart);
    done.kind = Kind::succeeded;
    board.apply(done, kStart);
    auto summary = started("deb-a", "arch");
    summary.call.purpose = llm::Purpose::summary;
    summary.call.round = 2;
    board.apply(summary, kStart);
    summary.kind = Kind::succeeded;
    board.apply(summary, kStart);
    const auto frame = board.render(kStart, TerminalSize{100, 10});
    REQUIRE(frame.size() >= 2);
    CHECK_THAT(frame.front(), Catch::Contains("  1/3 calls + 1 summary"));
    CHECK_THAT(frame.back(), Catch::StartsWith("total  1/3 calls + 1 summary, "));
}

TEST_CASE("on a narrow terminal the header keeps the call count and the totals keep the elapsed time", "[progress]") {
    Board board(kStart, false);
    const std::string id = "deb-20261129-231500-k3x";
    board.set_plan(DebatePlan{id, "problem.md", {{"arch", "Architect"}, {"perf", "Performance"}}, 2, 22});
    board.apply(started(id, "arch"), kStart);
    for (const std::size_t columns : {40, 60, 80, 120, 200}) {
        INFO("columns " << columns);
        const auto lines = board.render(kStart, TerminalSize{columns, 24});
        for (const auto& line : lines) {
            CHECK(display_width(line) < columns);
        }
        CHECK_THAT(lines.front(), Catch::Contains("0/22 calls"));
        CHECK_THAT(lines.back(), Catch::Contains("0/22 calls"));
        CHECK_THAT(lines.back(), Catch::EndsWith("0.0s"));
    }
    SECTION("the least useful fields go first") {
        CHECK(board.render(kStart, TerminalSize{200, 24}).front() ==
              id + "  problem.md  round 1/2  proposal  0/22 calls");
        CHECK(board.render(kStart, TerminalSize{60, 24}).front() == id + "  problem.md  round 1/2  0/22 calls");
        CHECK(board.render(kStart, TerminalSize{40, 24}).front() == id + "  0/22 calls");
        CHECK(board.render(kStart, TerminalSize{40, 24}).back() == "total  0/22 calls, 0 tokens, 0.0s");
    }
}

namespace {

// A retry of `agent_id`'s proposal after a refused connection, waiting `wait_ms` for the reason `wait`.
CallEvent refused_retry(const std::string& agent_id, double wait_ms, parley::queue::RetryWait wait) {
    CallEvent e = started("deb-a", agent_id);
    e.kind = Kind::retrying;
    e.attempt = 3;
    e.provider = "ollama (http://127.0.0.1:11434/v1)";
    e.error = parley::Error{parley::ErrorKind::transient,
                            "ollama (http://127.0.0.1:11434/v1): connection refused at 127.0.0.1:11434; is Ollama "
                            "running? Start it with `ollama serve`, or check baseUrl",
                            0, std::nullopt};
    e.error->provider = e.provider;
    e.retry_in_ms = wait_ms;
    e.wait = wait;
    return e;
}

} // namespace

TEST_CASE("a retry the breaker holds says so and how long, in the line output", "[progress]") {
    Board board(kStart, false);
    board.set_plan(DebatePlan{"deb-a", "", {{"arch", "Architect"}}, 2, 6});
    board.apply(started("deb-a", "arch"), kStart);
    const auto line = board.apply(refused_retry("arch", 30'000, parley::queue::RetryWait::breaker_open), kStart);
    CHECK(line == "round 1 proposal Architect: attempt 3 failed: ollama (http://127.0.0.1:11434/v1): connection "
                  "refused at 127.0.0.1:11434; is Ollama running? Start it with `ollama serve`, or check baseUrl; "
                  "the circuit breaker holds calls to this endpoint; next attempt in 30.0s\n");
}

TEST_CASE("on a 120-column terminal a retrying agent's line keeps the wait, its cause and what failed", "[progress]") {
    Board board(kStart, false);
    board.set_plan(DebatePlan{"deb-a", "problem.md", {{"perf", "Performance Engineer"}}, 2, 6});
    board.apply(started("deb-a", "perf"), kStart);
    board.apply(refused_retry("perf", 30'000, parley::queue::RetryWait::breaker_open), kStart);
    const auto lines = board.render(kStart + std::chrono::seconds(2), TerminalSize{120, 40});
    REQUIRE(lines.size() == 3);
    CHECK(lines[1] == "  Performance Engineer  retrying   next in 28.0s (breaker open), attempt 3: connection refused "
                      "at 127.0.0.1:11434");
    CHECK(display_width(lines[1]) < 120);
}

TEST_CASE("a retry whose wait the breaker lengthened is told again without counting a second retry", "[progress]") {
    Board board(kStart, false);
    board.set_plan(DebatePlan{"deb-a", "", {{"arch", "Architect"}}, 2, 6});
    board.apply(started("deb-a", "arch"), kStart);
    board.apply(refused_retry("arch", 500, parley::queue::RetryWait::backoff), kStart);
    auto longer = refused_retry("arch", 30'000, parley::queue::RetryWait::breaker_open);
    longer.rescheduled = true;
    const auto line = board.apply(longer, kStart);
    CHECK(line == "round 1 proposal Architect: attempt 4 waits longer: the circuit breaker holds calls to this "
                  "endpoint; next attempt in 30.0s\n");
    CHECK_THAT(board.totals_line(kStart), Catch::Contains("1 retry"));
    const auto lines = board.render(kStart, TerminalSize{120, 40});
    CHECK_THAT(lines[1], Catch::Contains("next in 30.0s (breaker open)"));
}

TEST_CASE("a debate run again in the same session counts against its new plan, never past it", "[progress]") {
    // A sweep worker that gets a job back runs its debate again under the same id; it once read "14/7 calls".
    Board board(kStart, false);
    for (int attempt = 0; attempt < 2; ++attempt) {
        board.set_plan(DebatePlan{"deb-a", "", {{"arch", "Architect"}}, 1, 2});
        for (const auto purpose : {llm::Purpose::proposal, llm::Purpose::synthesis}) {
            auto call = started("deb-a", "arch");
            call.call.purpose = purpose;
            board.apply(call, kStart);
            call.kind = Kind::succeeded;
            board.apply(call, kStart);
        }
        // Events that carry no price are unknown, not free.
        CHECK(board.end_debate("deb-a", "done") == "deb-a: done, 2 calls, 0 tokens, unknown (2 calls unpriced)\n");
    }
    CHECK(board.totals_line(kStart).starts_with("total  4/4 calls,"));
}
