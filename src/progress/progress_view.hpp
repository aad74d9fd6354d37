#pragma once
// The progress display of `parley debate`: a live block redrawn in place on a terminal, one line per event
// elsewhere, nothing when quiet. Several debates may share one view.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "debate/call_events.hpp"
#include "progress/board.hpp"
#include "util/logging.hpp"
#include "util/terminal.hpp"

namespace parley::progress {

/// How progress is shown.
enum class Mode {
    live,  ///< a block redrawn in place with ANSI codes, for a terminal
    lines, ///< one line per started, retried and ended call, for logs and pipes
    quiet, ///< nothing
};

/// Writes `text` to stderr at once.
void write_to_stderr(std::string_view text);

/// The size of the terminal on stderr, read again at each redraw so a resized window is followed.
util::TerminalSize stderr_size();

/// Live on a terminal, nothing with -q, and lines otherwise; lines too with -v, whose logs share stderr.
Mode mode_for_stderr(util::Verbosity verbosity);

/// How a ProgressView shows progress and where to; the defaults are the product's, tests replace them.
struct ProgressOptions {
    Mode mode = Mode::lines;
    /// --stream: the tail of each streaming answer in its live line; each answer's first line in lines mode.
    bool stream = false;
    /// Gets whole frames and whole lines, one write each.
    std::function<void(std::string_view)> sink = write_to_stderr;
    /// Live frames are cut to fit it.
    std::function<util::TerminalSize()> terminal_size = stderr_size;
    /// Read for elapsed times, countdowns and throttling.
    std::function<Clock::time_point()> clock = [] {
        return Clock::now();
    };
    /// Live: a thread redraws countdowns and clocks between events.
    bool refresh_thread = true;
    /// Live: warnings and errors logged while the view is up are printed above it (util::set_console_writer), so
    /// no redraw overwrites them.
    bool capture_console = true;
};

/// Shows the calls of one or more debates as they happen. Thread-safe: events may come from any thread.
class ProgressView {
public:
    /// The fewest time between two live redraws: at most ten a second.
    static constexpr std::chrono::milliseconds kRedrawInterval{100};

    /// Starts the view; in live mode nothing is drawn before the first plan or event.
    explicit ProgressView(ProgressOptions options);
    /// Finishes the view, so the cursor is shown again whatever path ended the run.
    ~ProgressView();
    ProgressView(const ProgressView&) = delete;
    ProgressView& operator=(const ProgressView&) = delete;

    /// An observer that feeds this view; it must not be called after the view is destroyed.
    debate::CallObserver observer();

    /// Adds a debate (its label, agents, rounds and number of calls), shown before its first event.
    void set_plan(DebatePlan plan);

    /// Takes one call event.
    void on_event(const debate::CallEvent& event);

    /// Marks a debate as ended, with a word like "done" or "failed" for its header.
    void end_debate(std::string_view debate_id, std::string_view outcome);

    /// Prints `line` above the live block (or as a line of its own), for messages during a run.
    void note(std::string_view line);

    /// Erases the live block and shows the cursor, so the caller can print or prompt; events still count.
    void pause();

    /// Draws the live block again after pause().
    void resume();

    /// Draws the final frame as a summary (live) or prints the totals (lines), and shows the cursor.
    /// Called by the thread that owns the view; later events are ignored.
    void finish();

    /// Redraws the live block if kRedrawInterval has passed since the last redraw; the refresh thread
    /// calls it, and tests that drive the clock themselves.
    void tick();

private:
    void draw_if_due(Clock::time_point now);
    void draw(Clock::time_point now);
    std::string erase_block();

    ProgressOptions options_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    Board board_;
    std::optional<Clock::time_point> last_draw_;
    std::vector<std::string> last_frame_;
    std::size_t drawn_lines_ = 0;
    bool has_content_ = false; ///< a plan or an event came, so there is something to draw or sum up
    bool cursor_hidden_ = false;
    bool paused_ = false;
    bool finished_ = false;
    bool captures_console_ = false; ///< this view is util's console writer until finish()
    std::jthread refresher_;        ///< last, so it stops before the members it uses are destroyed
};

} // namespace parley::progress
