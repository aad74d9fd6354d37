#pragma once
// The engine's waiting rooms: ready tasks by priority with aging, and retries waiting for their time.

#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <vector>

#include "queue/clock.hpp"
#include "queue/task.hpp"

namespace parley::queue {

/// Where an item stands: lower effective level first, then the one ready longer.
struct Rank {
    int level = 0;
    TimePoint since{};

    auto operator<=>(const Rank&) const = default;
};

/// Priority classes with aging: an item gains one class per `aging_step` waited. Bound: an item of class L is
/// never overtaken by an item pushed more than L * aging_step after it, however many higher items arrive.
template <class T> class AgingQueue {
public:
    /// `aging_step` must be positive.
    explicit AgingQueue(Duration aging_step) : aging_step_(aging_step) {}

    /// Appends `item` to its class; `now` must not go backwards between pushes.
    void push(T item, Priority priority, TimePoint now) {
        levels_[static_cast<std::size_t>(priority)].push_back(Entry{std::move(item), now});
        ++size_;
    }

    /// Puts back an item popped earlier (its start was refused), in its class at the place its `since` gives it,
    /// so it keeps its turn.
    void restore(T item, Priority priority, TimePoint since) {
        auto& level = levels_[static_cast<std::size_t>(priority)];
        const auto at = std::lower_bound(level.begin(), level.end(), since,
                                         [](const Entry& entry, TimePoint t) { return entry.since < t; });
        level.insert(at, Entry{std::move(item), since});
        ++size_;
    }

    /// True when nothing waits.
    bool empty() const { return size_ == 0; }
    /// How many items wait.
    std::size_t size() const { return size_; }

    /// The rank of the item pop() would return at `now`; nullopt when empty.
    std::optional<Rank> best(TimePoint now) const {
        const int level = best_level(now);
        if (level < 0) {
            return std::nullopt;
        }
        const Entry& head = levels_[static_cast<std::size_t>(level)].front();
        return Rank{effective_level(level, head.since, now), head.since};
    }

    /// The item pop() would return at `now`; the queue must not be empty.
    T& front(TimePoint now) { return levels_[static_cast<std::size_t>(best_level(now))].front().item; }

    /// Removes and returns the next item at `now`; the queue must not be empty.
    T pop(TimePoint now) {
        auto& level = levels_[static_cast<std::size_t>(best_level(now))];
        T item = std::move(level.front().item);
        level.pop_front();
        --size_;
        return item;
    }

    /// Removes every item `matches` accepts, keeping the others in order.
    template <class Pred> std::vector<T> extract_if(Pred matches) {
        std::vector<T> out;
        for (auto& level : levels_) {
            std::deque<Entry> kept;
            for (auto& entry : level) {
                if (matches(entry.item)) {
                    out.push_back(std::move(entry.item));
                } else {
                    kept.push_back(std::move(entry));
                }
            }
            level.swap(kept);
        }
        size_ -= out.size();
        return out;
    }

private:
    struct Entry {
        T item;
        TimePoint since;
    };

    int effective_level(int level, TimePoint since, TimePoint now) const {
        const auto steps = (now - since) / aging_step_;
        return steps >= level ? 0 : level - static_cast<int>(steps);
    }

    // Each class's head is its oldest item, so comparing the heads finds the best item.
    int best_level(TimePoint now) const {
        int best = -1;
        Rank best_rank;
        for (int level = 0; level < kPriorityLevels; ++level) {
            const auto& items = levels_[static_cast<std::size_t>(level)];
            if (items.empty()) {
                continue;
            }
            const Rank rank{effective_level(level, items.front().since, now), items.front().since};
            if (best < 0 || rank < best_rank) {
                best = level;
                best_rank = rank;
            }
        }
        return best;
    }

    std::array<std::deque<Entry>, kPriorityLevels> levels_;
    std::size_t size_ = 0;
    Duration aging_step_;
};

/// Items waiting for an instant (retries in backoff), earliest first; ties keep push order.
template <class T> class TimerQueue {
public:
    /// Adds `item`, due at `due`.
    void push(TimePoint due, T item) {
        entries_.push_back(Entry{due, next_sequence_++, std::move(item)});
        std::push_heap(entries_.begin(), entries_.end(), later);
    }

    /// True when nothing waits.
    bool empty() const { return entries_.empty(); }
    /// When the earliest item is due; TimePoint::max() when empty.
    TimePoint next_due() const { return entries_.empty() ? TimePoint::max() : entries_.front().due; }

    /// Removes and returns the earliest item; the queue must not be empty.
    T pop() {
        std::pop_heap(entries_.begin(), entries_.end(), later);
        T item = std::move(entries_.back().item);
        entries_.pop_back();
        return item;
    }

    /// Removes every item `matches` accepts.
    template <class Pred> std::vector<T> extract_if(Pred matches) {
        std::vector<T> out;
        std::vector<Entry> kept;
        for (auto& entry : entries_) {
            if (matches(entry.item)) {
                out.push_back(std::move(entry.item));
            } else {
                kept.push_back(std::move(entry));
            }
        }
        entries_.swap(kept);
        std::make_heap(entries_.begin(), entries_.end(), later);
        return out;
    }

private:
    struct Entry {
        TimePoint due;
        std::uint64_t sequence;
        T item;
    };

    static bool later(const Entry& a, const Entry& b) {
        return a.due != b.due ? a.due > b.due : a.sequence > b.sequence;
    }

    std::vector<Entry> entries_;
    std::uint64_t next_sequence_ = 0;
};

} // namespace parley::queue
