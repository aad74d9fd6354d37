#pragma once
// The offline provider's only source of variety: a splitmix64 stream seeded from a hash of the request.

#include <cstdint>
#include <string_view>
#include <vector>

namespace parley::offline {

/// FNV-1a over `text`, continuing from `hash`, so several inputs can be folded into one value.
inline std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

/// A small deterministic generator: the same state always yields the same sequence, on every platform.
class OfflineRng {
public:
    /// Starts the stream from `state` (a hash of the request mixed with the provider's seed).
    explicit OfflineRng(std::uint64_t state) : state_(state) {}

    /// The next 64 random bits (splitmix64).
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// A number in [0, n); 0 when n is 0.
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

    /// One of `options`, which must not be empty.
    template <class T> const T& pick(const std::vector<T>& options) { return options[below(options.size())]; }

    /// `items` in an order chosen by the stream (Fisher-Yates).
    template <class T> std::vector<T> shuffled(std::vector<T> items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[below(i)]);
        }
        return items;
    }

private:
    std::uint64_t state_;
};

} // namespace parley::offline
