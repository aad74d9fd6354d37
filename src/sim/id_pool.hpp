#pragma once
// The simulation's job ids: the lowest free id first, so the jobs alive at once stay together at the front of the
// job table. After an outage's backlog has drained, a last-in first-out free list would hand out ids scattered over
// the whole table the backlog grew to, and every job touched would be a cache and TLB miss.

#include <bit>
#include <cstdint>
#include <vector>

namespace parley::sim {

/// A set of free ids as a bitmap with a summary level per 64 words: take() finds the lowest free id in a few
/// word operations, whatever the number of ids.
class IdPool {
public:
    /// The lowest free id; a new one (the number of ids handed out so far) when none is free.
    std::uint32_t take() {
        if (levels_.empty() || levels_.back()[0] == 0) {
            return grow();
        }
        std::size_t word = 0;
        for (std::size_t level = levels_.size(); level-- > 0;) {
            word = word * 64 + static_cast<std::size_t>(std::countr_zero(levels_[level][word]));
        }
        const auto id = static_cast<std::uint32_t>(word);
        mark(id, false);
        return id;
    }

    /// Frees `id` (one handed out by take() and not freed since).
    void give_back(std::uint32_t id) { mark(id, true); }

    /// How many ids were ever handed out: every id is below it.
    std::uint32_t size() const { return size_; }

private:
    static constexpr std::uint64_t kOne = 1;

    std::uint32_t grow() {
        const std::uint32_t id = size_++;
        // Level 0 holds a bit per id; each level above, a bit per word of the level below; the top is one word.
        std::size_t bits = size_;
        for (std::size_t level = 0;; ++level) {
            const std::size_t words = (bits + 63) / 64;
            if (level == levels_.size()) {
                // A new top level: one bit for each word below that holds a free id.
                std::vector<std::uint64_t> top(words, 0);
                for (std::size_t i = 0; level > 0 && i < levels_[level - 1].size(); ++i) {
                    top[i / 64] |= levels_[level - 1][i] != 0 ? kOne << (i % 64) : 0;
                }
                levels_.push_back(std::move(top));
            }
            if (levels_[level].size() < words) {
                levels_[level].resize(words, 0);
            }
            if (words == 1) {
                break;
            }
            bits = words;
        }
        return id;
    }

    void mark(std::uint32_t id, bool free) {
        std::size_t index = id;
        for (auto& level : levels_) {
            auto& word = level[index / 64];
            const bool was_empty = word == 0;
            if (free) {
                word |= kOne << (index % 64);
            } else {
                word &= ~(kOne << (index % 64));
            }
            // A level above changes only when this word went from empty to not, or back.
            if ((free && !was_empty) || (!free && word != 0)) {
                return;
            }
            index /= 64;
        }
    }

    std::vector<std::vector<std::uint64_t>> levels_;
    std::uint32_t size_ = 0;
};

} // namespace parley::sim
