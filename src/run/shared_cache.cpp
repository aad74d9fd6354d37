#include "run/shared_cache.hpp"

#include <spdlog/spdlog.h>

namespace parley::run {

Result<std::filesystem::path> shared_cache_dir(const std::string& flag, const util::Env& env) {
    if (!flag.empty()) {
        return std::filesystem::path(flag);
    }
    // The XDG base directory rules: a relative $XDG_CACHE_HOME is invalid and ignored.
    if (const auto xdg = env.get("XDG_CACHE_HOME"); xdg && std::filesystem::path(*xdg).is_absolute()) {
        return std::filesystem::path(*xdg) / "parley";
    }
    if (const auto home = env.get("HOME"); home && std::filesystem::path(*home).is_absolute()) {
        return std::filesystem::path(*home) / ".cache" / "parley";
    }
    return fail(ErrorKind::invalid_input,
                "--cache: no cache folder (neither XDG_CACHE_HOME nor HOME is set); give one with --cache-dir DIR");
}

Result<std::shared_ptr<store::Journal>> open_shared_cache(const std::filesystem::path& folder) {
    auto opened = store::Journal::open(folder / kSharedCacheFile);
    if (!opened) {
        auto error = opened.error();
        error.message = "--cache: " + error.message;
        // A damaged or foreign file is the cache's own problem, which clear solves; a folder it cannot write is not.
        if (error.kind == ErrorKind::invalid_input) {
            error.message += " (parley cache clear --cache-dir " + folder.string() + " starts it afresh)";
        }
        return tl::make_unexpected(error);
    }
    return std::make_shared<store::Journal>(std::move(*opened));
}

void CachedCallStore::warn_once(const Error& error) const {
    if (!warned_.exchange(true)) {
        spdlog::warn("the shared cache is not used for the rest of this run: {}", error.message);
    }
}

Result<std::optional<store::CallRecord>> CachedCallStore::find_call(std::string_view key) const {
    auto own = run_store_->find_call(key);
    if (!own || *own || warned_.load()) {
        return own;
    }
    auto cached = cache_->find_call(key);
    if (!cached) {
        warn_once(cached.error());
        return own;
    }
    if (!*cached) {
        return own;
    }
    // Filed in the run's store too, so a resume or a --replay of this run needs no cache.
    if (auto filed = run_store_->record_call(**cached); !filed) {
        return tl::make_unexpected(filed.error());
    }
    (*cached)->from_cache = true;
    return cached;
}

Result<bool> CachedCallStore::record_call(const store::CallRecord& record) {
    auto filed = run_store_->record_call(record);
    if (!filed || warned_.load()) {
        return filed;
    }
    if (auto shared = cache_->record_call(record); !shared) {
        warn_once(shared.error());
    }
    return filed;
}

} // namespace parley::run
