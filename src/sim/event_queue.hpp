#pragma once
// The simulation's future events in time order. A radix heap (Ahuja, Mehlhorn, Orlin, Tarjan): no event is ever
// scheduled before the last one taken, so events are kept in 64 buckets by the highest bit in which their time
// differs from the last time taken; pushing is O(1) and each event moves down at most a few buckets. On the
// default run it takes a fraction of a binary heap's time (most of the run's events are in flight at once).

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace parley::sim {

/// A future event: its time (seconds, not negative) and 64 bits saying what it is.
struct Event {
    double time = 0;
    std::uint64_t what = 0;
};

/// A monotone priority queue of events: push() never gets a time before that of the last pop().
class EventQueue {
public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    /// Adds an event at or after the time of the last one taken.
    void push(Event event) {
        const auto k = key(event.time);
        const int b = bucket_of(k);
        buckets_[b].push_back(event);
        occupied_ |= kOne << b;
        ++size_;
        if (least_ != kUnknown && k < least_) {
            least_ = k;
        }
    }

    /// The time of the earliest event (the queue is not empty), without taking it: the simulation compares it with
    /// its next arrival, which is kept out of the queue. Unlike a refill, it leaves the last time taken alone, so an
    /// arrival before it may still push events earlier than it.
    double next_time() {
        if (!buckets_[0].empty()) {
            return time_of(last_);
        }
        if (least_ == kUnknown) {
            least_ = smallest_in(buckets_[std::countr_zero(occupied_ & ~kOne)]);
        }
        return time_of(least_);
    }

    /// Takes the earliest event (of those at the same time, any; the order is the same on every run).
    Event pop() {
        if (buckets_[0].empty()) {
            refill();
        }
        const Event event = buckets_[0].back();
        buckets_[0].pop_back();
        if (buckets_[0].empty()) {
            occupied_ &= ~kOne;
        }
        --size_;
        least_ = kUnknown;
        return event;
    }

private:
    static std::uint64_t key(double time) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &time, sizeof bits); // non-negative doubles order as their bits do
        return bits;
    }

    int bucket_of(std::uint64_t k) const { return k == last_ ? 0 : 64 - std::countl_zero(k ^ last_); }

    static double time_of(std::uint64_t k) {
        double time = 0;
        std::memcpy(&time, &k, sizeof time);
        return time;
    }

    static std::uint64_t smallest_in(const std::vector<Event>& events) {
        std::uint64_t smallest = key(events[0].time);
        for (const auto& e : events) {
            const auto k = key(e.time);
            smallest = k < smallest ? k : smallest;
        }
        return smallest;
    }

    // Moves the first non-empty bucket's events down, around its smallest time, which becomes the last taken.
    void refill() {
        // Bucket 64 (the sign bit) never holds anything: times are not negative. The smallest time is known when
        // next_time() found it since the last pop (every push since has kept it).
        const int i = std::countr_zero(occupied_ & ~kOne);
        auto& from = buckets_[i];
        last_ = least_ != kUnknown ? least_ : smallest_in(from);
        occupied_ &= ~(kOne << i);
        for (const auto& e : from) {
            const int b = bucket_of(key(e.time));
            buckets_[b].push_back(e);
            occupied_ |= kOne << b;
        }
        from.clear();
    }

    static constexpr std::uint64_t kOne = 1;
    /// No event has this key: its bits are a NaN's.
    static constexpr std::uint64_t kUnknown = ~std::uint64_t{0};

    std::vector<Event> buckets_[64];
    std::uint64_t occupied_ = 0; ///< bit i: buckets_[i] holds events
    std::uint64_t last_ = 0;
    std::size_t size_ = 0;
    /// The smallest key held, when next_time() found it since the last pop (pushes since keep it); else kUnknown.
    std::uint64_t least_ = kUnknown;
};

} // namespace parley::sim
