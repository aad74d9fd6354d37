#pragma once
// A growable FIFO ring of small values: the simulation's queues, without std::deque's block allocations.

#include <cstddef>
#include <vector>

namespace parley::sim {

/// A first-in first-out ring that doubles when full.
template <class T> class Ring {
public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    const T& front() const { return items_[head_]; }

    void push(T value) {
        if (size_ == items_.size()) {
            grow();
        }
        items_[(head_ + size_) & (items_.size() - 1)] = value;
        ++size_;
    }

    T pop() {
        T value = items_[head_];
        head_ = (head_ + 1) & (items_.size() - 1);
        --size_;
        return value;
    }

private:
    void grow() {
        std::vector<T> bigger(items_.empty() ? 16 : items_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) {
            bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
        }
        items_ = std::move(bigger);
        head_ = 0;
    }

    std::vector<T> items_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

} // namespace parley::sim
