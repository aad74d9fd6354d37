#pragma once
// The simulation's future events in time order: a timing wheel (Varghese and Lauck), a calendar of time slots of
// one width for the events of the near future, and a binary heap for those beyond the wheel's horizon. No event is
// ever scheduled before the last one taken, so the wheel only turns forward. Pushing links an event into its slot's
// list; taking looks at the next occupied slot's few events. The radix heap this replaced moved each event six
// times on average on the default run; cachegrind counts 11% fewer instructions for a whole run with the wheel.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace parley::sim {

/// A future event: its time (seconds, not negative) and 64 bits saying what it is.
struct Event {
    double time = 0;
    std::uint64_t what = 0;
};

/// A monotone priority queue of events: push() never gets a time before that of the last pop(). Any slot width and
/// count take events of different times in the same order (only the order among equal times may differ); they
/// decide the cost, which is least at about two events per slot near the current time.
class EventQueue {
public:
    /// A wheel of `slots` (rounded up to a power of two, at least 64) slots of `slot_width` seconds (positive).
    EventQueue(double slot_width, std::size_t slots)
        : inverse_width_(1 / slot_width), mask_(std::bit_ceil(std::max<std::size_t>(slots, 64)) - 1),
          heads_(mask_ + 1, kEnd), occupied_((mask_ + 1) / 64, 0) {}

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    /// Adds an event at or after the time of the last one taken.
    void push(Event event) {
        const std::uint64_t slot = slot_of(event.time);
        ++size_;
        if (slot - current_ > mask_) {
            far_.push_back(event);
            std::push_heap(far_.begin(), far_.end(), later);
            if (least_known_ && event.time < least_time_) {
                least_known_ = false; // the wheel is empty and the far heap's earliest changed
            }
            return;
        }
        const Least linked = link(slot, event);
        if (!least_known_) {
            return;
        }
        // The earliest event known is kept up to date: most events land in later slots and leave it alone.
        if (slot < least_slot_ || (slot == least_slot_ && event.time < least_time_)) {
            least_slot_ = slot;
            least_ = {linked.node, kEnd};
            least_time_ = event.time;
        } else if (slot == least_slot_ && least_.previous == kEnd && linked.previous == kEnd) {
            least_.previous = linked.node; // linked in front of it
        }
    }

    /// The time of the earliest event (the queue is not empty), without taking it: the simulation compares it with
    /// its next arrival, which is kept out of the queue. The wheel does not turn, so an arrival before it may still
    /// push events earlier than it.
    double next_time() {
        find_least();
        return least_time_;
    }

    /// Takes the earliest event (of those at the same time, any; the order is the same on every run).
    Event pop() {
        find_least();
        if (least_slot_ == kNoSlot) {
            // The wheel is empty: it turns to the far heap's earliest event, which joins its slot.
            turn_to(slot_of(far_.front().time));
            least_known_ = false;
            find_least();
        } else if (least_slot_ != current_) {
            turn_to(least_slot_);
        }
        const auto index = static_cast<std::size_t>(least_slot_ & mask_);
        Node& node = nodes_[least_.node];
        const Event event{node.time, node.what};
        (least_.previous == kEnd ? heads_[index] : nodes_[least_.previous].next) = node.next;
        if (heads_[index] == kEnd) {
            occupied_[index / 64] &= ~(kOne << (index % 64));
        }
        node.next = free_;
        free_ = least_.node;
        --size_;
        least_known_ = false;
        return event;
    }

private:
    struct Node {
        double time;
        std::uint64_t what;
        std::uint32_t next;
    };

    struct Least {
        std::uint32_t node;
        std::uint32_t previous; ///< the node before it in its slot's list, or kEnd
    };

    static constexpr std::uint32_t kEnd = 0xffffffffU;
    static constexpr std::uint64_t kNoSlot = ~std::uint64_t{0};
    static constexpr std::uint64_t kOne = 1;
    /// A slot's list longer than this is sorted when the wheel reaches it.
    static constexpr std::size_t kSortAbove = 16;
    /// Slot numbers stop here: far beyond any run, and exact in a double.
    static constexpr double kLastSlot = 0x1.0p62;

    static bool later(const Event& a, const Event& b) { return a.time > b.time; }

    std::uint64_t slot_of(double time) const {
        const double slot = time * inverse_width_;
        return slot < kLastSlot ? static_cast<std::uint64_t>(slot) : static_cast<std::uint64_t>(kLastSlot);
    }

    // Moves the wheel on to `slot` (not before the current one): the far events now within its horizon join their
    // slots.
    void turn_to(std::uint64_t slot) {
        current_ = slot;
        while (!far_.empty() && slot_of(far_.front().time) - current_ <= mask_) {
            link(slot_of(far_.front().time), far_.front());
            std::pop_heap(far_.begin(), far_.end(), later);
            far_.pop_back();
        }
    }

    void find_least() {
        if (least_known_) {
            return;
        }
        least_slot_ = first_occupied();
        if (least_slot_ == kNoSlot) {
            least_time_ = far_.front().time;
        } else {
            least_ = least_in(least_slot_);
            least_time_ = nodes_[least_.node].time;
        }
        least_known_ = true;
    }

    // Links `event` into its slot's list: at its head, or in time order (after those at the same time) in the slot
    // whose list is sorted. Returns its node and the node before it.
    Least link(std::uint64_t slot, const Event& event) {
        std::uint32_t node = free_;
        if (node == kEnd) {
            node = static_cast<std::uint32_t>(nodes_.size());
            nodes_.push_back(Node{});
        } else {
            free_ = nodes_[node].next;
        }
        const auto index = static_cast<std::size_t>(slot & mask_);
        std::uint32_t previous = kEnd;
        std::uint32_t next = heads_[index];
        if (slot == sorted_slot_) {
            while (next != kEnd && nodes_[next].time <= event.time) {
                previous = next;
                next = nodes_[next].next;
            }
        }
        nodes_[node] = Node{event.time, event.what, next};
        (previous == kEnd ? heads_[index] : nodes_[previous].next) = node;
        occupied_[index / 64] |= kOne << (index % 64);
        return {node, previous};
    }

    // The first occupied slot of the wheel from the current one on, or kNoSlot when the wheel is empty.
    std::uint64_t first_occupied() const {
        const auto start = static_cast<std::size_t>(current_ & mask_);
        const std::size_t words = occupied_.size();
        std::size_t word = start / 64;
        std::uint64_t bits = occupied_[word] & (~std::uint64_t{0} << (start % 64));
        // One lap and the bits below the start in its first word.
        for (std::size_t seen = 0; seen <= words; ++seen) {
            if (bits != 0) {
                const std::size_t index = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
                return current_ + ((index - start) & mask_);
            }
            word = word + 1 == words ? 0 : word + 1;
            bits = occupied_[word];
        }
        return kNoSlot;
    }

    // The earliest event of an occupied slot (the first in its list of those at the same time). A long list (many
    // events at one instant: a whole outage's jobs redelivered when their leases lapse) is sorted once, so that
    // taking its events one by one does not scan it each time.
    Least least_in(std::uint64_t slot) {
        const auto index = static_cast<std::size_t>(slot & mask_);
        if (slot == sorted_slot_) {
            return {heads_[index], kEnd};
        }
        std::uint32_t previous = kEnd;
        std::size_t length = 0;
        Least least{heads_[index], kEnd};
        for (std::uint32_t n = least.node; n != kEnd; previous = n, n = nodes_[n].next, ++length) {
            if (nodes_[n].time < nodes_[least.node].time) {
                least = {n, previous};
            }
        }
        if (length > kSortAbove) {
            sort_slot(slot);
            return {heads_[index], kEnd};
        }
        return least;
    }

    void sort_slot(std::uint64_t slot) {
        const auto index = static_cast<std::size_t>(slot & mask_);
        scratch_.clear();
        for (std::uint32_t n = heads_[index]; n != kEnd; n = nodes_[n].next) {
            scratch_.push_back(n);
        }
        std::stable_sort(scratch_.begin(), scratch_.end(),
                         [this](std::uint32_t a, std::uint32_t b) { return nodes_[a].time < nodes_[b].time; });
        for (std::size_t i = 0; i < scratch_.size(); ++i) {
            nodes_[scratch_[i]].next = i + 1 < scratch_.size() ? scratch_[i + 1] : kEnd;
        }
        heads_[index] = scratch_.front();
        sorted_slot_ = slot;
    }

    double inverse_width_;
    std::uint64_t mask_;
    std::vector<std::uint32_t> heads_;    ///< per slot: its first node, or kEnd
    std::vector<std::uint64_t> occupied_; ///< bit per slot: its list is not empty
    std::vector<Node> nodes_;
    std::uint32_t free_ = kEnd; ///< the first unused node
    std::vector<Event> far_;    ///< a heap of the events beyond the wheel's horizon
    /// The one slot whose list is kept in time order (kNoSlot: none), and room to sort it.
    std::uint64_t sorted_slot_ = kNoSlot;
    std::vector<std::uint32_t> scratch_;
    std::uint64_t current_ = 0; ///< the slot of the last event taken: the wheel holds this one and mask_ more
    std::size_t size_ = 0;
    /// The earliest event, when known since the last pop: its slot (kNoSlot: in the far heap), node and time.
    bool least_known_ = false;
    std::uint64_t least_slot_ = 0;
    Least least_{kEnd, kEnd};
    double least_time_ = 0;
};

} // namespace parley::sim
