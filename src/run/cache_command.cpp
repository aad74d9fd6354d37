#include "run/cache_command.hpp"

#include <cstdio>
#include <filesystem>

#include "run/console.hpp"
#include "run/shared_cache.hpp"
#include "util/text_safety.hpp"

namespace parley::run {

namespace {

void print_line(const std::string& line) {
    const auto shown = util::terminal_safe(line) + "\n";
    std::fwrite(shown.data(), 1, shown.size(), stdout);
}

} // namespace

int run_cache_stats(const CacheCommandOptions& options) {
    auto folder = shared_cache_dir(options.cache_dir, util::Env{});
    if (!folder) {
        return fail_with(folder.error());
    }
    const auto file = *folder / kSharedCacheFile;
    print_line("cache: " + file.string());
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
        print_line("calls: 0 (no run has used --cache with this folder yet)");
        return exit_code::ok;
    }
    auto cache = open_shared_cache(*folder);
    if (!cache) {
        return fail_with(cache.error());
    }
    auto stats = (*cache)->call_stats();
    if (!stats) {
        return fail_with(stats.error());
    }
    print_line("calls: " + std::to_string(stats->calls) + " (" +
               util::human_size(static_cast<std::size_t>(stats->content_bytes)) + " of answers, " +
               std::to_string(stats->total_tokens) + " tokens)");
    if (stats->calls > 0) {
        print_line("oldest: " + stats->oldest + ", newest: " + stats->newest);
    }
    print_line("limit: " + util::human_size(static_cast<std::size_t>(kSharedCacheMaxBytes)) +
               " of answers; past it a run's end removes the oldest calls");
    return exit_code::ok;
}

int run_cache_clear(const CacheCommandOptions& options) {
    auto folder = shared_cache_dir(options.cache_dir, util::Env{});
    if (!folder) {
        return fail_with(folder.error());
    }
    const auto file = *folder / kSharedCacheFile;
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
        if (!options.quiet) {
            print_line("cache: " + file.string() + " is already empty");
        }
        return exit_code::ok;
    }
    auto cache = open_shared_cache(*folder);
    if (!cache) {
        // A damaged cache holds nothing worth keeping; it is moved aside (another process may still have it open).
        const auto aside = std::filesystem::path(file).concat(".damaged");
        std::filesystem::rename(file, aside, error);
        if (error) {
            return fail_with(cache.error());
        }
        for (const char* suffix : {"-wal", "-shm"}) {
            std::filesystem::remove(std::filesystem::path(file).concat(suffix), error);
        }
        if (!options.quiet) {
            print_line("cache: " + file.string() + " was damaged; moved aside to " + aside.string());
        }
        return exit_code::ok;
    }
    auto removed = (*cache)->remove_all_calls();
    if (!removed) {
        return fail_with(removed.error());
    }
    if (!options.quiet) {
        print_line("cache: removed " + std::to_string(*removed) + (*removed == 1 ? " call" : " calls") + " from " +
                   file.string());
    }
    return exit_code::ok;
}

} // namespace parley::run
