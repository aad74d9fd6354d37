#include "progress/board.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "progress/format.hpp"
#include "util/money.hpp"

namespace parley::progress {

namespace {

using Kind = debate::CallEvent::Kind;

// Enough for the widest terminal line; trimmed at twice that so a stream is not copied at every delta.
constexpr std::size_t kTailBytes = 512;
// Line-per-event output has no terminal width to follow; an answer's first line is cut here instead.
constexpr std::size_t kAnswerLineColumns = 160;
// The widest state word, "streaming", so the details of every agent start in one column.
constexpr std::size_t kStateColumns = 9;
// Below this many free columns a streamed tail says nothing readable.
constexpr std::size_t kMinTailColumns = 12;

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

// "12/22 calls", with the summaries apart ("22/22 calls + 4 summaries"): the plan counts every call but the
// summaries, which only happen when a history passes its threshold.
std::string calls_text(std::size_t succeeded, std::size_t summaries, std::size_t planned) {
    if (planned == 0) {
        return plural(succeeded, "call", "calls");
    }
    std::string text = fmt::format("{}/{} calls", succeeded - summaries, planned);
    if (summaries > 0) {
        text += " + " + plural(summaries, "summary", "summaries");
    }
    return text;
}

/// One field of a status line. When the line is wider than the terminal, fields go in order of `drop` (lowest
/// first); a field with drop 0 always stays, so the calls count and the elapsed time survive a narrow terminal.
struct Field {
    std::string text;
    std::string separator; ///< written before the field, unless it is the first
    int drop = 0;
};

std::string joined(const std::vector<Field>& fields) {
    std::string line;
    for (const auto& f : fields) {
        line += (line.empty() ? "" : f.separator) + f.text;
    }
    return line;
}

std::string fit_fields(std::vector<Field> fields, std::size_t columns) {
    while (display_width(joined(fields)) > columns) {
        auto least = fields.end();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (it->drop > 0 && (least == fields.end() || it->drop < least->drop)) {
                least = it;
            }
        }
        if (least == fields.end()) {
            break;
        }
        fields.erase(least);
    }
    return joined(fields);
}

std::string pad(std::string_view text, std::size_t columns) {
    const auto width = display_width(text);
    return std::string(text) + std::string(width < columns ? columns - width : 0, ' ');
}

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Which of an agent's calls in flight its line tells about: the one a person would most want to see.
int rank(Kind kind) {
    switch (kind) {
    case Kind::retrying:
        return 4;
    case Kind::streaming:
        return 3;
    case Kind::started:
        return 2;
    default:
        return 1;
    }
}

std::string tokens_text(const debate::CallEvent& event) {
    return fmt::format("{} in + {} out tokens", event.prompt_tokens, event.completion_tokens);
}

// What went wrong, for a live line short of room: without the provider's label the agent line does not need,
// and without the advice that follows the first "; ".
std::string short_reason(const debate::CallEvent& event) {
    if (!event.error) {
        return {};
    }
    std::string_view text = event.error->message;
    const std::string& label = event.error->provider.empty() ? event.provider : event.error->provider;
    if (!label.empty() && text.substr(0, label.size() + 2) == label + ": ") {
        text.remove_prefix(label.size() + 2);
    }
    return one_line(text.substr(0, text.find("; ")));
}

// How long the wait before a retry is and what decides it, as a line-per-event line ends.
std::string wait_text(queue::RetryWait wait, double ms) {
    switch (wait) {
    case queue::RetryWait::breaker_open:
        return "the circuit breaker holds calls to this endpoint; next attempt in " + format_duration(ms);
    case queue::RetryWait::server_asked:
        return "retrying in " + format_duration(ms) + ", as the server asked";
    case queue::RetryWait::backoff:
        break;
    }
    return "retrying in " + format_duration(ms);
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        out += out.empty() ? "" : ", ";
        out += part;
    }
    return out;
}

// The moment `ms` milliseconds after `now`.
Clock::time_point after_ms(Clock::time_point now, double ms) {
    return now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(ms));
}

// Appends streamed text to a call's tail, keeping its last kTailBytes (cut on a UTF-8 boundary) once it doubles.
void keep_tail(std::string& tail, std::string_view content) {
    tail.append(content);
    if (tail.size() > 2 * kTailBytes) {
        auto cut = tail.size() - kTailBytes;
        while (cut < tail.size() && (static_cast<unsigned char>(tail[cut]) & 0xC0) == 0x80) {
            ++cut;
        }
        tail.erase(0, cut);
    }
}

} // namespace

Board::Board(Clock::time_point started, bool stream) : started_(started), stream_(stream) {}

Board::Debate& Board::debate_for(std::string_view id) {
    // The last of the debate's attempts is the one its events belong to.
    auto it = std::find_if(debates_.rbegin(), debates_.rend(), [&](const Debate& d) { return d.plan.debate_id == id; });
    if (it != debates_.rend()) {
        return *it;
    }
    auto& added = debates_.emplace_back();
    added.plan.debate_id = std::string(id);
    return added;
}

Board::Agent& Board::agent_for(Debate& debate, std::string_view id) {
    auto it = std::find_if(debate.agents.begin(), debate.agents.end(), [&](const Agent& a) { return a.id == id; });
    if (it != debate.agents.end()) {
        return *it;
    }
    auto& added = debate.agents.emplace_back();
    added.id = std::string(id);
    return added;
}

void Board::set_plan(DebatePlan plan) {
    // A debate planned again after it ended (a sweep worker running a job it got back) is a new attempt, counted
    // against its own plan: added to the ended attempt's tally it would read "14/7 calls".
    if (auto& last = debate_for(plan.debate_id); !last.outcome.empty()) {
        debates_.emplace_back().plan.debate_id = plan.debate_id;
    }
    auto& debate = debate_for(plan.debate_id);
    std::vector<Agent> ordered;
    for (const auto& planned : plan.agents) {
        auto it = std::find_if(debate.agents.begin(), debate.agents.end(),
                               [&](const Agent& a) { return a.id == planned.id; });
        if (it == debate.agents.end()) {
            ordered.emplace_back().id = planned.id;
        } else {
            ordered.push_back(std::move(*it));
            debate.agents.erase(it);
        }
        if (!planned.name.empty()) {
            ordered.back().name = planned.name;
        }
    }
    std::move(debate.agents.begin(), debate.agents.end(), std::back_inserter(ordered));
    debate.agents = std::move(ordered);
    debate.plan = std::move(plan);
}

std::string Board::display_name(const Debate& debate, std::string_view agent_id) const {
    for (const auto& agent : debate.agents) {
        if (agent.id == agent_id && !agent.name.empty()) {
            return agent.name;
        }
    }
    return std::string(agent_id);
}

std::string Board::debate_name(const Debate& debate) {
    return debate.plan.show_id || debate.plan.label.empty() ? debate.plan.debate_id : one_line(debate.plan.label);
}

std::string Board::event_prefix(const Debate& debate, const debate::CallEvent& event) const {
    std::string prefix = debates_.size() > 1 ? "[" + debate_name(debate) + "] " : "";
    const auto& call = event.call;
    if (call.round > 0) {
        prefix += fmt::format("round {} ", call.round);
    }
    prefix += std::string(llm::to_string(call.purpose)) + " " + display_name(debate, call.agent.id);
    if (call.target) {
        prefix += " on " + display_name(debate, call.target->id);
    }
    return prefix + ": ";
}

std::string Board::record_success(Debate& debate, Agent& agent, const Call& call, const debate::CallEvent& event,
                                  Clock::time_point now) {
    std::string line;
    const auto purpose = event.call.purpose;
    const bool summary = purpose == llm::Purpose::summary || purpose == llm::Purpose::judge_summary;
    for (auto* tally : {&debate.tally, &agent.tally}) {
        ++tally->succeeded;
        tally->summaries += summary ? 1 : 0;
        if (event.from_journal) {
            ++(event.from_cache ? tally->from_cache : tally->from_journal);
        } else {
            tally->tokens += event.prompt_tokens + event.completion_tokens;
            tally->cost +=
                util::Money::of_call(event.cost_known ? std::optional<double>(event.cost_usd) : std::nullopt);
            tally->tool_calls += event.tool_calls;
            tally->tool_ms += event.tool_ms;
        }
    }
    if (event.from_journal) {
        line += std::string("succeeded from the ") + (event.from_cache ? "cache" : "journal") + ", " +
                tokens_text(event) + "\n";
    } else {
        line += "succeeded";
        if (call.has_started) {
            line += " in " + format_duration(ms_between(call.started_at, now));
        }
        line += ", " + tokens_text(event);
        if (event.tool_calls > 0) {
            line += ", " + plural(static_cast<std::size_t>(event.tool_calls), "tool call", "tool calls") + " (" +
                    format_duration(event.tool_ms) + ")";
        }
        line += event.cost_known ? ", " + util::format_usd(event.cost_usd) + "\n" : ", price unknown\n";
    }
    if (stream_ && !event.content.empty()) {
        line += "  > " + fit_width(first_line(event.content), kAnswerLineColumns) + "\n";
    }
    return line;
}

std::string Board::apply(const debate::CallEvent& event, Clock::time_point now) {
    const auto& context = event.call;
    auto& debate = debate_for(context.debate_id);
    auto& agent = agent_for(debate, context.agent.id);
    if (agent.name.empty()) {
        agent.name = context.agent.name;
    }
    const std::string phase = llm::to_string(context.purpose);
    const auto key =
        phase + '\x1f' + std::to_string(context.round) + '\x1f' + (context.target ? context.target->id : std::string());
    auto& call = agent.calls[key];
    if (event.kind == Kind::queued || event.kind == Kind::started) {
        debate.round = context.round;
        debate.phase = phase;
    }
    switch (event.kind) {
    case Kind::queued:
        call.kind = Kind::queued;
        return {};
    case Kind::started:
        return record_start(debate, call, event, now);
    case Kind::streaming:
        call.kind = Kind::streaming;
        call.streamed_chars = event.streamed_chars;
        if (stream_) {
            keep_tail(call.tail, event.content);
        }
        return {};
    case Kind::retrying:
        return record_retry(debate, agent, call, event, now);
    case Kind::succeeded:
    case Kind::failed:
    case Kind::cancelled:
        break;
    }
    std::string line = record_end(debate, agent, call, event, now);
    agent.calls.erase(key);
    return line;
}

std::string Board::record_start(const Debate& debate, Call& call, const debate::CallEvent& event,
                                Clock::time_point now) const {
    call.kind = Kind::started;
    call.attempt = event.attempt;
    call.streamed_chars = 0;
    call.tail.clear();
    if (!call.has_started) {
        call.has_started = true;
        call.started_at = now;
    }
    return event_prefix(debate, event) +
           (event.attempt > 1 ? fmt::format("started attempt {}\n", event.attempt) : "started\n");
}

std::string Board::record_retry(Debate& debate, Agent& agent, Call& call, const debate::CallEvent& event,
                                Clock::time_point now) const {
    if (event.rescheduled) {
        // The same failure, told again because the breaker opened since: only the wait changes.
        call.wait = event.wait;
        call.retry_at = after_ms(now, event.retry_in_ms);
        return event_prefix(debate, event) + fmt::format("attempt {} waits longer: {}\n", event.attempt + 1,
                                                         wait_text(event.wait, event.retry_in_ms));
    }
    call.kind = Kind::retrying;
    call.attempt = event.attempt;
    call.reason = one_line(event.error ? event.error->message : std::string());
    call.short_reason = short_reason(event);
    call.wait = event.wait;
    call.retry_at = after_ms(now, event.retry_in_ms);
    ++debate.tally.retries;
    ++agent.tally.retries;
    return event_prefix(debate, event) + fmt::format("attempt {} failed: {}; {}\n", event.attempt, call.reason,
                                                     wait_text(event.wait, event.retry_in_ms));
}

std::string Board::record_end(Debate& debate, Agent& agent, const Call& call, const debate::CallEvent& event,
                              Clock::time_point now) {
    std::string line = event_prefix(debate, event);
    agent.has_ended_call = true;
    agent.last_end = event.kind;
    agent.last_reason = one_line(event.error ? event.error->message : std::string());
    if (event.kind == Kind::succeeded) {
        line += record_success(debate, agent, call, event, now);
    } else if (event.kind == Kind::failed) {
        ++debate.tally.failed;
        ++agent.tally.failed;
        line += "failed: " + agent.last_reason + "\n";
    } else {
        line += "cancelled\n";
    }
    return line;
}

std::string Board::end_debate(std::string_view debate_id, std::string_view outcome) {
    auto& debate = debate_for(debate_id);
    debate.outcome = std::string(outcome);
    const auto& t = debate.tally;
    return fmt::format("{}: {}, {}, {} tokens, {}\n", debate_name(debate), outcome,
                       plural(t.succeeded, "call", "calls"), format_count(static_cast<double>(t.tokens)),
                       util::format_money(t.cost));
}

Board::Status Board::status_of(const Agent& agent, Clock::time_point now) const {
    if (agent.calls.empty()) {
        if (!agent.has_ended_call) {
            return {"waiting", "", nullptr};
        }
        if (agent.last_end == Kind::failed) {
            return {"failed", agent.last_reason, nullptr};
        }
        if (agent.last_end == Kind::cancelled) {
            return {"cancelled", "", nullptr};
        }
        std::vector<std::string> parts;
        if (agent.tally.tokens > 0) {
            parts.push_back(format_count(static_cast<double>(agent.tally.tokens)) + " tokens");
        }
        if (agent.tally.from_journal > 0) {
            parts.push_back(fmt::format("{} from journal", agent.tally.from_journal));
        }
        if (agent.tally.from_cache > 0) {
            parts.push_back(fmt::format("{} cached", agent.tally.from_cache));
        }
        return {"done", join(parts), nullptr};
    }
    const Call* call = &agent.calls.begin()->second;
    for (const auto& [key, candidate] : agent.calls) {
        if (rank(candidate.kind) > rank(call->kind)) {
            call = &candidate;
        }
    }
    std::vector<std::string> parts;
    if (agent.calls.size() > 1) {
        parts.push_back(plural(agent.calls.size(), "call", "calls"));
    }
    if (call->kind == Kind::retrying) {
        // The wait and its cause first, then what failed without the label and advice: on a narrow terminal the
        // end of the line is what is cut.
        std::string next = "next in " + format_duration(std::max(ms_between(now, call->retry_at), 0.0));
        if (call->wait == queue::RetryWait::breaker_open) {
            next += " (breaker open)";
        } else if (call->wait == queue::RetryWait::server_asked) {
            next += " (server asked)";
        }
        parts.push_back(next);
        parts.push_back(fmt::format("attempt {}: {}", call->attempt, call->short_reason));
        return {"retrying", join(parts), call};
    }
    if (call->kind == Kind::queued) {
        return {"waiting", join(parts), call};
    }
    if (call->attempt > 1) {
        parts.push_back(fmt::format("attempt {}", call->attempt));
    }
    if (call->kind == Kind::streaming) {
        parts.push_back(format_count(static_cast<double>(call->streamed_chars)) + " chars");
    }
    parts.push_back(format_duration(ms_between(call->started_at, now)));
    return {call->kind == Kind::streaming ? "streaming" : "running", join(parts), call};
}

std::string Board::agent_line(const Agent& agent, std::size_t name_width, Clock::time_point now,
                              std::size_t columns) const {
    const auto status = status_of(agent, now);
    auto line = "  " + pad(agent.name.empty() ? agent.id : agent.name, name_width) + "  ";
    line += status.details.empty() ? status.state : pad(status.state, kStateColumns) + "  " + status.details;
    if (stream_ && status.call != nullptr && status.call->kind == Kind::streaming) {
        const auto used = display_width(line) + 2;
        if (used + kMinTailColumns <= columns) {
            line += "  " + tail_width(one_line(status.call->tail), columns - used);
        }
    }
    return fit_width(line, columns);
}

std::string Board::agents_summary(const Debate& debate, Clock::time_point now) const {
    std::vector<std::pair<std::string, std::size_t>> counts;
    for (const auto& agent : debate.agents) {
        const auto state = status_of(agent, now).state;
        auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == state; });
        if (it == counts.end()) {
            counts.emplace_back(state, 1);
        } else {
            ++it->second;
        }
    }
    std::vector<std::string> parts;
    for (const auto& [state, count] : counts) {
        parts.push_back(fmt::format("{} {}", count, state));
    }
    return join(parts);
}

std::string Board::header_line(const Debate& debate, std::size_t columns) const {
    // Dropped first on a narrow terminal: journal hits, the phase name, the problem, retries, the round, the id.
    std::vector<Field> fields{{debate_name(debate), "", 6}};
    if (!debate.plan.label.empty() && debate.plan.show_id) {
        fields.push_back({one_line(debate.plan.label), "  ", 3});
    }
    if (!debate.outcome.empty()) {
        fields.push_back({debate.outcome, "  ", 0});
    } else if (debate.phase.empty()) {
        fields.push_back({"starting", "  ", 2});
    } else {
        if (debate.round > 0) {
            fields.push_back({fmt::format("round {}", debate.round) +
                                  (debate.plan.rounds > 0 ? fmt::format("/{}", debate.plan.rounds) : ""),
                              "  ", 5});
        }
        fields.push_back({debate.phase, "  ", 2});
    }
    const auto& t = debate.tally;
    fields.push_back({calls_text(t.succeeded, t.summaries, debate.plan.total_calls), "  ", 0});
    if (t.from_journal > 0) {
        fields.push_back({fmt::format("{} from journal", t.from_journal), ", ", 1});
    }
    if (t.from_cache > 0) {
        fields.push_back({fmt::format("{} cached", t.from_cache), ", ", 1});
    }
    if (t.retries > 0) {
        fields.push_back({plural(t.retries, "retry", "retries"), ", ", 4});
    }
    if (t.failed > 0) {
        fields.push_back({fmt::format("{} failed", t.failed), ", ", 0});
    }
    return fit_fields(std::move(fields), columns);
}

Board::Tally Board::total() const {
    Tally sum;
    for (const auto& debate : debates_) {
        const auto& t = debate.tally;
        sum.succeeded += t.succeeded;
        sum.summaries += t.summaries;
        sum.failed += t.failed;
        sum.from_journal += t.from_journal;
        sum.from_cache += t.from_cache;
        sum.retries += t.retries;
        sum.tokens += t.tokens;
        sum.cost += t.cost;
        sum.tool_calls += t.tool_calls;
        sum.tool_ms += t.tool_ms;
    }
    return sum;
}

std::string Board::totals_line(Clock::time_point now, std::size_t columns) const {
    const auto t = total();
    std::size_t planned = 0;
    bool all_planned = !debates_.empty();
    for (const auto& debate : debates_) {
        planned += debate.plan.total_calls;
        all_planned = all_planned && debate.plan.total_calls > 0;
    }
    // Dropped first on a narrow terminal: retries, cost, tokens, the "total" label.
    std::vector<Field> fields{{"total", "", 5},
                              {calls_text(t.succeeded, t.summaries, all_planned ? planned : 0), "  ", 0},
                              {format_count(static_cast<double>(t.tokens)) + " tokens", ", ", 4},
                              {util::format_money(t.cost), ", ", 3}};
    if (t.retries > 0) {
        fields.push_back({plural(t.retries, "retry", "retries"), ", ", 2});
    }
    if (t.tool_calls > 0) {
        fields.push_back({plural(static_cast<std::size_t>(t.tool_calls), "tool call", "tool calls") + " (" +
                              format_duration(t.tool_ms) + ")",
                          ", ", 2});
    }
    if (t.failed > 0) {
        fields.push_back({fmt::format("{} failed", t.failed), ", ", 0});
    }
    fields.push_back({format_duration(ms_between(started_, now)), ", ", 0});
    return fit_fields(std::move(fields), columns);
}

std::vector<std::string> Board::render(Clock::time_point now, util::TerminalSize size) const {
    // One column and one row are kept free: writing the last column or scrolling past the last row would
    // move the cursor in ways the next redraw cannot undo.
    const std::size_t columns = std::max<std::size_t>(size.columns, 2) - 1;
    const std::size_t max_lines = std::max<std::size_t>(size.rows, 2) - 1;
    std::size_t full = 1;
    for (const auto& debate : debates_) {
        full += 1 + debate.agents.size();
    }
    std::vector<std::string> lines;
    if (full <= max_lines) {
        for (const auto& debate : debates_) {
            lines.push_back(fit_width(header_line(debate, columns), columns));
            std::size_t name_width = 0;
            for (const auto& agent : debate.agents) {
                name_width = std::max(name_width, display_width(agent.name.empty() ? agent.id : agent.name));
            }
            for (const auto& agent : debate.agents) {
                lines.push_back(agent_line(agent, name_width, now, columns));
            }
        }
    } else {
        const std::size_t room = max_lines - 1;
        const std::size_t shown = debates_.size() <= room ? debates_.size() : (room > 0 ? room - 1 : 0);
        for (std::size_t i = 0; i < shown; ++i) {
            lines.push_back(
                fit_width(header_line(debates_[i], columns) + "  " + agents_summary(debates_[i], now), columns));
        }
        if (shown < debates_.size() && room > 0) {
            lines.push_back(fmt::format("… and {} more debates", debates_.size() - shown));
        }
    }
    lines.push_back(fit_width(totals_line(now, columns), columns));
    return lines;
}

} // namespace parley::progress
