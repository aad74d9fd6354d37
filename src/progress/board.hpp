#pragma once
// The state of every debate a progress display follows: each agent's calls, tokens, cost and retries, fed
// with call events and rendered as a live frame or as one line per event.

#include <chrono>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "debate/call_events.hpp"
#include "util/money.hpp"
#include "util/terminal.hpp"

namespace parley::progress {

/// The clock every time in the display is read from.
using Clock = std::chrono::steady_clock;

/// An agent a debate will call, in the order its line is shown.
struct PlannedAgent {
    std::string id;
    std::string name;
};

/// What is known of a debate before its first call, so its lines show from the start.
struct DebatePlan {
    std::string debate_id;
    std::string label;                ///< what the user knows it by, such as the problem file's name
    std::vector<PlannedAgent> agents; ///< the judge too, when it is to appear before its first call
    int rounds = 0;                   ///< 0 when unknown
    std::size_t total_calls = 0;      ///< 0 when unknown
    /// False when the label alone names the debate (a sweep's debates, whose ids are hashes a person cannot read).
    bool show_id = true;
};

/// Everything the display knows, changed by events and read by renders. Not thread-safe: ProgressView
/// guards it with its mutex.
class Board {
public:
    /// `started` is when elapsed time counts from; `stream` keeps the text of streaming calls for the
    /// live tail and adds each answer's first line to the event lines.
    Board(Clock::time_point started, bool stream);

    /// Adds a debate, or fills in one whose events came first.
    void set_plan(DebatePlan plan);

    /// Records `event`, received at `now`; returns the line-per-event output for it (lines ending in
    /// '\n'), or "" for an event too small to print.
    std::string apply(const debate::CallEvent& event, Clock::time_point now);

    /// Marks a debate as ended with `outcome` ("done", "failed", ...); returns its line-per-event line.
    std::string end_debate(std::string_view debate_id, std::string_view outcome);

    /// The live frame: per debate a header and one line per agent, then a totals line. When that is more
    /// than `size.rows - 1` lines, debates shrink to their header; no line is wider than `size.columns - 1`.
    std::vector<std::string> render(Clock::time_point now, util::TerminalSize size) const;

    /// The totals across debates: "total  18/18 calls, 12.3k tokens, $0.0123, 41.2s"; narrower than that, the
    /// least useful fields go first and the calls and the elapsed time stay.
    std::string totals_line(Clock::time_point now, std::size_t columns = std::numeric_limits<std::size_t>::max()) const;

private:
    /// One call that has not ended yet.
    struct Call {
        debate::CallEvent::Kind kind = debate::CallEvent::Kind::queued;
        int attempt = 0;
        bool has_started = false;
        Clock::time_point started_at{};
        Clock::time_point retry_at{};
        queue::RetryWait wait = queue::RetryWait::backoff;
        std::string reason;       ///< the whole error message, for line output
        std::string short_reason; ///< what went wrong, without the provider's label or advice, for the live view
        std::size_t streamed_chars = 0;
        std::string tail;
    };

    /// One agent's line: its calls in flight, else how its last call ended.
    /// Counts summed over calls, per agent, per debate and across debates.
    struct Tally {
        std::size_t succeeded = 0;
        std::size_t summaries = 0; ///< of the succeeded: summary calls, which the plan cannot count ahead
        std::size_t failed = 0;
        std::size_t from_journal = 0; ///< answers from this run's journal (a resume)
        std::size_t from_cache = 0;   ///< answers from the shared cache (--cache)
        std::size_t retries = 0;
        long tokens = 0;     ///< paid for in this run: answers from the journal cost nothing again
        util::Money cost;    ///< likewise; calls of a model without a price are counted as unknown
        long tool_calls = 0; ///< tool calls made on the way to answers, in this run
        double tool_ms = 0;
    };

    /// One agent's line: its calls in flight, else how its last call ended.
    struct Agent {
        std::string id;
        std::string name;
        std::map<std::string, Call> calls; ///< by phase, round and target
        bool has_ended_call = false;
        debate::CallEvent::Kind last_end = debate::CallEvent::Kind::succeeded;
        std::string last_reason;
        Tally tally;
    };

    /// What an agent's line says after its name.
    struct Status {
        std::string state;
        std::string details;
        const Call* call = nullptr; ///< the call the line is about, when one is in flight
    };

    /// One debate's header and agents.
    struct Debate {
        DebatePlan plan;
        int round = 0;
        std::string phase;
        std::string outcome;
        std::vector<Agent> agents;
        Tally tally;
    };

    Debate& debate_for(std::string_view id);
    static Agent& agent_for(Debate& debate, std::string_view id);
    std::string display_name(const Debate& debate, std::string_view agent_id) const;
    /// What names the debate in its header and lines: its id, or its label when the plan says the id is not shown.
    static std::string debate_name(const Debate& debate);
    std::string event_prefix(const Debate& debate, const debate::CallEvent& event) const;
    /// An attempt started: the call's state, and the line that says so.
    std::string record_start(const Debate& debate, Call& call, const debate::CallEvent& event,
                             Clock::time_point now) const;
    /// An attempt failed and waits (or waits longer): the call's state, the tallies, and the line.
    std::string record_retry(Debate& debate, Agent& agent, Call& call, const debate::CallEvent& event,
                             Clock::time_point now) const;
    /// The call ended (succeeded, failed, cancelled): the agent's last end, the tallies, and the line.
    std::string record_end(Debate& debate, Agent& agent, const Call& call, const debate::CallEvent& event,
                           Clock::time_point now);
    std::string record_success(Debate& debate, Agent& agent, const Call& call, const debate::CallEvent& event,
                               Clock::time_point now);
    /// The debate's header, its least useful fields dropped until it fits `columns`.
    std::string header_line(const Debate& debate, std::size_t columns) const;
    Status status_of(const Agent& agent, Clock::time_point now) const;
    std::string agent_line(const Agent& agent, std::size_t name_width, Clock::time_point now,
                           std::size_t columns) const;
    std::string agents_summary(const Debate& debate, Clock::time_point now) const;
    Tally total() const;

    Clock::time_point started_;
    bool stream_;
    std::vector<Debate> debates_;
};

} // namespace parley::progress
