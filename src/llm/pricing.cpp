#include "llm/pricing.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "llm/local_endpoint.hpp"
#include "llm/model_names.hpp"
#include "util/builtin_files.hpp"
#include "util/text.hpp"

namespace parley::llm {

namespace {

constexpr std::string_view kBuiltinPath = "configs/pricing.json";
constexpr double kPerMillion = 1'000'000.0;

std::string usd(double amount) {
    return fmt::format("${:.4f}", amount);
}

} // namespace

PriceTable::PriceTable(const std::map<std::string, ModelPrice>& prices) {
    for (const auto& [model, price] : prices) {
        prices_[util::ascii_lower(model)] = price;
    }
}

Result<PriceTable> PriceTable::builtin() {
    const auto text = util::builtin_file(kBuiltinPath);
    if (!text) {
        return fail(ErrorKind::internal, "built-in " + std::string(kBuiltinPath) + " is missing");
    }
    auto doc = util::parse_json_document(*text, std::string(kBuiltinPath) + " (built in)");
    if (!doc) {
        return tl::make_unexpected(doc.error());
    }
    const auto models = doc->value.find("models");
    return parse_price_table(models == doc->value.end() ? nlohmann::json() : *models, "models", &*doc);
}

void PriceTable::merge(const PriceTable& overrides) {
    for (const auto& [model, price] : overrides.prices_) {
        prices_[model] = price;
        merged_[model] = price;
    }
}

std::optional<ModelPrice> PriceTable::find(std::string_view model) const {
    return lookup(prices_, model);
}

bool PriceTable::priced_by_config(std::string_view model) const {
    return lookup(merged_, model).has_value();
}

std::optional<ModelPrice> PriceTable::lookup(const std::map<std::string, ModelPrice, std::less<>>& prices,
                                             std::string_view model) {
    // OpenRouter's ":free" variants cost nothing whatever the base model costs; other tags (":nitro", ":beta",
    // Ollama's ":8b") name a way of serving the same model, so they are priced as the model.
    if (model_tag(model) == "free") {
        return ModelPrice{};
    }
    for (const auto& spelling : model_spellings(model)) {
        if (auto it = prices.find(spelling); it != prices.end()) {
            return it->second;
        }
    }
    return std::nullopt;
}

std::optional<double> PriceTable::cost_usd(std::string_view model, const Usage& usage) const {
    const auto price = find(model);
    if (!price) {
        return std::nullopt;
    }
    return (static_cast<double>(usage.prompt_tokens) * price->input_per_million +
            static_cast<double>(usage.completion_tokens) * price->output_per_million) /
           kPerMillion;
}

Result<PriceTable> parse_price_table(const nlohmann::json& value, const std::string& path,
                                     const util::JsonDocument* doc) {
    const auto error = [&](const std::string& at, const std::string& message) {
        return fail(ErrorKind::config, (doc ? doc->where(at) : at + ": ") + message);
    };
    if (!value.is_object()) {
        return error(path, std::string("expected an object of model prices, got ") + util::json_type_name(value));
    }
    std::map<std::string, ModelPrice> prices;
    for (const auto& [model, entry] : value.items()) {
        const auto at = util::child_path(path, model);
        if (model.empty()) {
            return error(at, "a model name cannot be empty");
        }
        if (!entry.is_object()) {
            return error(at,
                         std::string("expected {\"input\": USD, \"output\": USD}, got ") + util::json_type_name(entry));
        }
        for (const auto& [key, ignored] : entry.items()) {
            if (key != "input" && key != "output") {
                return error(util::child_path(at, key), "unknown key; a price has \"input\" and \"output\"");
            }
        }
        ModelPrice price;
        for (auto [key, field] :
             {std::pair{"input", &price.input_per_million}, std::pair{"output", &price.output_per_million}}) {
            const auto found = entry.find(key);
            if (found == entry.end()) {
                return error(at, std::string("missing \"") + key + "\" (USD per million tokens)");
            }
            const auto field_at = util::child_path(at, key);
            if (!found->is_number()) {
                return error(field_at, std::string("expected a number of USD per million tokens, got ") +
                                           util::json_type_name(*found));
            }
            *field = found->get<double>();
            if (!std::isfinite(*field) || *field < 0) {
                return error(field_at, "must be zero or more, got " + found->dump());
            }
        }
        prices[model] = price;
    }
    return PriceTable(prices);
}

BudgetReservation::BudgetReservation(BudgetReservation&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), tokens_(other.tokens_), cost_usd_(other.cost_usd_) {}

BudgetReservation& BudgetReservation::operator=(BudgetReservation&& other) noexcept {
    if (this != &other) {
        if (budget_ != nullptr) {
            budget_->release(tokens_, cost_usd_);
        }
        budget_ = std::exchange(other.budget_, nullptr);
        tokens_ = other.tokens_;
        cost_usd_ = other.cost_usd_;
    }
    return *this;
}

BudgetReservation::~BudgetReservation() {
    if (budget_ != nullptr) {
        budget_->release(tokens_, cost_usd_);
    }
}

void BudgetReservation::settle(long tokens, std::optional<double> cost_usd) {
    if (budget_ != nullptr) {
        std::exchange(budget_, nullptr)->settle(tokens_, cost_usd_, tokens, cost_usd);
    }
}

Result<BudgetReservation> Budget::reserve(long tokens, std::optional<double> cost_usd) {
    std::lock_guard lock(mutex_);
    if (limits_.max_tokens) {
        const long committed = totals_.tokens + totals_.reserved_tokens;
        if (committed + tokens > *limits_.max_tokens) {
            return fail(ErrorKind::permanent,
                        fmt::format("the next call (about {} tokens) would take the run past its limit of {} tokens "
                                    "({} spent, {} held by running calls)",
                                    tokens, *limits_.max_tokens, totals_.tokens, totals_.reserved_tokens));
        }
    }
    if (limits_.max_cost_usd) {
        if (!cost_usd) {
            return fail(ErrorKind::permanent, "the next call's model has no known price, so the cost limit of " +
                                                  usd(*limits_.max_cost_usd) +
                                                  " cannot be kept; add the model's price under \"pricing\"");
        }
        const double committed = totals_.cost_usd + totals_.reserved_cost_usd;
        if (committed + *cost_usd > *limits_.max_cost_usd) {
            return fail(ErrorKind::permanent,
                        "the next call (about " + usd(*cost_usd) + ") would take the run past its cost limit of " +
                            usd(*limits_.max_cost_usd) + " (" + usd(totals_.cost_usd) + " spent, " +
                            usd(totals_.reserved_cost_usd) + " held by running calls)");
        }
    }
    const double held = cost_usd.value_or(0);
    totals_.reserved_tokens += tokens;
    totals_.reserved_cost_usd += held;
    return BudgetReservation(this, tokens, held);
}

BudgetTotals Budget::totals() const {
    std::lock_guard lock(mutex_);
    return totals_;
}

void Budget::release(long tokens, double cost_usd) {
    std::lock_guard lock(mutex_);
    totals_.reserved_tokens -= tokens;
    totals_.reserved_cost_usd -= cost_usd;
}

void Budget::settle(long reserved_tokens, double reserved_cost_usd, long tokens, std::optional<double> cost_usd) {
    std::lock_guard lock(mutex_);
    totals_.reserved_tokens -= reserved_tokens;
    totals_.reserved_cost_usd -= reserved_cost_usd;
    totals_.tokens += tokens;
    if (cost_usd) {
        totals_.cost_usd += *cost_usd;
    } else {
        ++totals_.calls_of_unknown_cost;
    }
}

namespace {

std::optional<double> endpoint_cost_usd(bool offline, bool local, const PriceTable* prices, const std::string& model,
                                        const Usage& usage) {
    // A model on this machine costs electricity, not a vendor's per-token price for a model of the same name.
    if (offline || (local && !(prices && prices->priced_by_config(model)))) {
        return 0.0;
    }
    return prices ? prices->cost_usd(model, usage) : std::nullopt;
}

} // namespace

std::optional<double> call_cost_usd(const Provider& provider, const PriceTable* prices, const std::string& model,
                                    const Usage& usage) {
    return endpoint_cost_usd(provider.is_offline(), provider.is_local(), prices, model, usage);
}

std::optional<double> call_cost_usd(const ProviderSpec& spec, const PriceTable* prices, const std::string& model,
                                    const Usage& usage) {
    return endpoint_cost_usd(spec.kind == "offline", is_local_endpoint(spec), prices, model, usage);
}

} // namespace parley::llm
