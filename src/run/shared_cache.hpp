#pragma once
// The shared cache (--cache): a journal in the user's cache folder that every run with --cache reads and files
// into, so the same call in another run, in another output folder, is answered without paying again. It is the
// journal's own store (store::Journal), opened a second time; keys are hashes of the requests without credentials.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "store/call_store.hpp"
#include "store/journal.hpp"
#include "util/env.hpp"
#include "util/error.hpp"

namespace parley::run {

/// The answers the shared cache keeps at most; past it the oldest calls are removed when a run ends.
inline constexpr std::int64_t kSharedCacheMaxBytes = 256LL * 1024 * 1024;

/// The cache's file name inside its folder.
inline constexpr const char* kSharedCacheFile = "calls.sqlite";

/// The cache folder: `flag` (--cache-dir) when given, else $XDG_CACHE_HOME/parley, else ~/.cache/parley; bad input
/// when none can be found (no HOME), saying to give --cache-dir.
[[nodiscard]] Result<std::filesystem::path> shared_cache_dir(const std::string& flag, const util::Env& env);

/// Opens (creating) the cache journal in `folder`; a damaged one says to run `parley cache clear`.
[[nodiscard]] Result<std::shared_ptr<store::Journal>> open_shared_cache(const std::filesystem::path& folder);

/// A run's call store backed by the shared cache: a call is looked for in the run's store first (a resume), then in
/// the cache (marked from_cache and copied into the run's store, so a resume finds it there); a finished call is filed
/// in both. A cache that fails a read or a write is warned about once and then ignored: it saves money, it never
/// stops a run.
class CachedCallStore final : public store::CallStore {
public:
    CachedCallStore(std::shared_ptr<store::CallStore> run_store, std::shared_ptr<store::Journal> cache)
        : run_store_(std::move(run_store)), cache_(std::move(cache)) {}

    Result<std::optional<store::CallRecord>> find_call(std::string_view key) const override;
    Result<bool> record_call(const store::CallRecord& record) override;

private:
    void warn_once(const Error& error) const;

    std::shared_ptr<store::CallStore> run_store_;
    std::shared_ptr<store::Journal> cache_;
    mutable std::atomic<bool> warned_{false};
};

} // namespace parley::run
