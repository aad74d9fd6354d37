#include "progress/progress_view.hpp"

#include <cstdio>
#include <unistd.h>

namespace parley::progress {

void write_to_stderr(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

util::TerminalSize stderr_size() {
    return util::terminal_size(STDERR_FILENO);
}

Mode mode_for_stderr(util::Verbosity verbosity) {
    if (verbosity == util::Verbosity::quiet) {
        return Mode::quiet;
    }
    if (verbosity == util::Verbosity::verbose) {
        return Mode::lines;
    }
    return util::is_terminal(STDERR_FILENO) ? Mode::live : Mode::lines;
}

ProgressView::ProgressView(ProgressOptions options)
    : options_(std::move(options)), board_(options_.clock(), options_.stream) {
    if (options_.mode != Mode::live) {
        return;
    }
    if (options_.capture_console) {
        // A line written straight to the terminal would sit where the next redraw moves up to, and be overwritten.
        util::set_console_writer(
            [this](std::string_view line) { note(line.substr(0, line.find_last_not_of('\n') + 1)); });
        captures_console_ = true;
    }
    if (!options_.refresh_thread) {
        return;
    }
    // Countdowns and clocks move between events, and a phase may go quiet for a minute.
    refresher_ = std::jthread([this](std::stop_token stop) {
        std::unique_lock lock(mutex_);
        while (!stop.stop_requested()) {
            wake_.wait_for(lock, stop, kRedrawInterval, [] { return false; });
            if (!stop.stop_requested()) {
                draw_if_due(options_.clock());
            }
        }
    });
}

ProgressView::~ProgressView() {
    finish();
}

debate::CallObserver ProgressView::observer() {
    return [this](const debate::CallEvent& event) {
        on_event(event);
    };
}

void ProgressView::set_plan(DebatePlan plan) {
    if (options_.mode == Mode::quiet) {
        return;
    }
    std::lock_guard lock(mutex_);
    board_.set_plan(std::move(plan));
    has_content_ = true;
    if (options_.mode == Mode::live) {
        draw_if_due(options_.clock());
    }
}

void ProgressView::on_event(const debate::CallEvent& event) {
    if (options_.mode == Mode::quiet) {
        return;
    }
    std::lock_guard lock(mutex_);
    if (finished_) {
        return;
    }
    const auto now = options_.clock();
    const auto text = board_.apply(event, now);
    has_content_ = true;
    if (options_.mode == Mode::lines) {
        if (!text.empty()) {
            options_.sink(text);
        }
        return;
    }
    draw_if_due(now);
}

void ProgressView::end_debate(std::string_view debate_id, std::string_view outcome) {
    if (options_.mode == Mode::quiet) {
        return;
    }
    std::lock_guard lock(mutex_);
    const auto text = board_.end_debate(debate_id, outcome);
    has_content_ = true;
    if (options_.mode == Mode::lines) {
        options_.sink(text);
    } else if (!finished_) {
        draw_if_due(options_.clock());
    }
}

void ProgressView::note(std::string_view line) {
    if (options_.mode == Mode::quiet) {
        return;
    }
    std::lock_guard lock(mutex_);
    const bool redraw = options_.mode == Mode::live && !paused_ && !finished_ && drawn_lines_ > 0;
    std::string out = redraw ? erase_block() : std::string();
    out += line;
    out += '\n';
    options_.sink(out);
    if (redraw) {
        draw(options_.clock());
    }
}

void ProgressView::pause() {
    std::lock_guard lock(mutex_);
    if (options_.mode != Mode::live || paused_ || finished_) {
        return;
    }
    paused_ = true;
    auto out = erase_block();
    if (cursor_hidden_) {
        out += util::kShowCursor;
        cursor_hidden_ = false;
    }
    if (!out.empty()) {
        options_.sink(out);
    }
}

void ProgressView::resume() {
    std::lock_guard lock(mutex_);
    if (!paused_ || finished_) {
        return;
    }
    paused_ = false;
    if (has_content_) {
        draw(options_.clock());
    }
}

void ProgressView::finish() {
    // The refresher takes the mutex to draw, so it is stopped before the mutex is taken here.
    refresher_.request_stop();
    if (refresher_.joinable()) {
        refresher_.join();
    }
    // Before the mutex: the console writer's lock is taken before this view's, never after.
    if (captures_console_) {
        util::set_console_writer({});
        captures_console_ = false;
    }
    std::lock_guard lock(mutex_);
    if (finished_) {
        return;
    }
    finished_ = true;
    if (options_.mode == Mode::quiet || !has_content_) {
        return;
    }
    const auto now = options_.clock();
    if (options_.mode == Mode::lines) {
        options_.sink(board_.totals_line(now) + "\n");
        return;
    }
    draw(now);
    if (cursor_hidden_) {
        options_.sink(util::kShowCursor);
        cursor_hidden_ = false;
    }
}

void ProgressView::tick() {
    std::lock_guard lock(mutex_);
    draw_if_due(options_.clock());
}

void ProgressView::draw_if_due(Clock::time_point now) {
    if (paused_ || finished_ || !has_content_) {
        return;
    }
    if (last_draw_ && now - *last_draw_ < kRedrawInterval) {
        return;
    }
    draw(now);
}

void ProgressView::draw(Clock::time_point now) {
    auto frame = board_.render(now, options_.terminal_size());
    last_draw_ = now;
    if (frame == last_frame_ && drawn_lines_ == frame.size()) {
        return;
    }
    std::string out;
    if (!cursor_hidden_) {
        out += util::kHideCursor;
        cursor_hidden_ = true;
    }
    if (drawn_lines_ > 0) {
        out += util::cursor_up(drawn_lines_);
    }
    for (const auto& line : frame) {
        out += util::kEraseLine;
        out += line;
        out += '\n';
    }
    out += util::kEraseDown;
    options_.sink(out);
    drawn_lines_ = frame.size();
    last_frame_ = std::move(frame);
}

std::string ProgressView::erase_block() {
    if (drawn_lines_ == 0) {
        return {};
    }
    auto out = util::cursor_up(drawn_lines_);
    out += util::kEraseDown;
    drawn_lines_ = 0;
    last_frame_.clear();
    return out;
}

} // namespace parley::progress
