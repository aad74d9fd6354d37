#pragma once
// What calls cost: model prices (a shipped table the user's config can override) and a budget that stops a run
// before a call would take it past its cost or token limit.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"
#include "util/error.hpp"
#include "util/json_document.hpp"

namespace parley::llm {

/// The price of one model, in USD per million tokens.
struct ModelPrice {
    double input_per_million = 0;
    double output_per_million = 0;
};

/// Model prices by name. Lookups forgive the spellings of one model: case, an OpenRouter "vendor/" prefix or
/// ":variant" tag, an Ollama ":size" tag and a dated snapshot suffix ("gpt-4o-2024-08-06" costs what gpt-4o does).
class PriceTable {
public:
    /// An empty table: every model's cost is unknown.
    PriceTable() = default;
    /// A table of exactly these prices.
    explicit PriceTable(const std::map<std::string, ModelPrice>& prices);

    /// The table shipped in configs/pricing.json: a dated snapshot of vendors' prices.
    static Result<PriceTable> builtin();

    /// Adds every price of `overrides`, replacing this table's own for the same models.
    void merge(const PriceTable& overrides);

    /// The price of `model`, or nullopt when neither its name nor a spelling of it is in the table.
    std::optional<ModelPrice> find(std::string_view model) const;

    /// What `usage` cost on `model` in USD; nullopt (unknown, not free) when the model has no price.
    std::optional<double> cost_usd(std::string_view model, const Usage& usage) const;

    /// True when merge() gave `model` its price (the config's "pricing"), not the shipped table.
    bool priced_by_config(std::string_view model) const;

private:
    static std::optional<ModelPrice> lookup(const std::map<std::string, ModelPrice, std::less<>>& prices,
                                            std::string_view model);

    std::map<std::string, ModelPrice, std::less<>> prices_;
    std::map<std::string, ModelPrice, std::less<>> merged_; ///< what merge() added
};

/// Reads a JSON object of prices, {"MODEL": {"input": USD, "output": USD}, ...} per million tokens, as written
/// under "pricing" in a config. Errors (ErrorKind::config) start with doc->where(path) when `doc` is given, else
/// with "PATH: ", and name the faulty field: "pricing.gpt-4o.input: expected a number, got a string".
Result<PriceTable> parse_price_table(const nlohmann::json& value, const std::string& path,
                                     const util::JsonDocument* doc = nullptr);

/// Spending limits of a run; an absent limit does not apply.
struct BudgetLimits {
    std::optional<double> max_cost_usd;
    std::optional<long> max_tokens;
};

/// What a run has spent and what its running calls hold.
struct BudgetTotals {
    long tokens = 0;                ///< tokens of settled calls
    double cost_usd = 0;            ///< cost of settled calls whose price is known
    long calls_of_unknown_cost = 0; ///< settled calls whose model has no price
    long reserved_tokens = 0;       ///< estimates of calls still running
    double reserved_cost_usd = 0;   ///< estimated cost of calls still running
};

class Budget;

/// Room a running call holds in a budget. Settle it with what the call used; dropped unsettled (the call failed
/// before using anything), it gives the room back.
class BudgetReservation {
public:
    BudgetReservation(BudgetReservation&& other) noexcept;
    BudgetReservation& operator=(BudgetReservation&& other) noexcept;
    BudgetReservation(const BudgetReservation&) = delete;
    BudgetReservation& operator=(const BudgetReservation&) = delete;
    ~BudgetReservation();

    /// Replaces the estimate with what the call really used; `cost_usd` is nullopt when its price is unknown.
    void settle(long tokens, std::optional<double> cost_usd);

private:
    friend class Budget;
    BudgetReservation(Budget* budget, long tokens, double cost_usd)
        : budget_(budget), tokens_(tokens), cost_usd_(cost_usd) {}

    Budget* budget_; ///< null once settled or released
    long tokens_;
    double cost_usd_;
};

/// A run's cost and token limits, shared by all its concurrent calls. A call reserves its estimate before it
/// starts, so calls in flight together cannot overshoot a limit that each alone would respect.
class Budget {
public:
    /// A budget with nothing spent yet.
    explicit Budget(BudgetLimits limits) : limits_(limits) {}
    Budget(const Budget&) = delete;
    Budget& operator=(const Budget&) = delete;

    /// Reserves room for a call estimated at `tokens` and `cost_usd` (nullopt: its price is unknown). Refused
    /// (ErrorKind::permanent) when what is spent and held plus this estimate would pass a limit, or when a cost
    /// limit is set and the call's price is unknown. The budget must outlive the reservation.
    [[nodiscard]] Result<BudgetReservation> reserve(long tokens, std::optional<double> cost_usd);

    /// What is spent and held now.
    BudgetTotals totals() const;

private:
    friend class BudgetReservation;
    void release(long tokens, double cost_usd);
    void settle(long reserved_tokens, double reserved_cost_usd, long tokens, std::optional<double> cost_usd);

    const BudgetLimits limits_;
    mutable std::mutex mutex_;
    BudgetTotals totals_;
};

/// What one call cost: nothing for the offline provider; nothing for a local server (Provider::is_local) unless the
/// config's "pricing" prices the model; the table's price otherwise (nullopt when the model has no price or there
/// is no table).
std::optional<double> call_cost_usd(const Provider& provider, const PriceTable* prices, const std::string& model,
                                    const Usage& usage);

/// call_cost_usd for a call not made yet (a dry run's estimate), from its provider's config.
std::optional<double> call_cost_usd(const ProviderSpec& spec, const PriceTable* prices, const std::string& model,
                                    const Usage& usage);

} // namespace parley::llm
