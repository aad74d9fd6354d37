#pragma once
// Money spent on model calls, where a call of a model without a price is unknown, never free: one type that carries
// the unknown part through sums, and one way to print it, for every surface that shows a cost.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace parley::util {

/// USD of the calls whose price is known, and how many calls had no price (their cost is unknown, not 0).
struct Money {
    double usd = 0;
    long unknown_calls = 0;

    /// One call's cost: its USD, or unknown when `usd` is nullopt.
    static Money of_call(std::optional<double> usd);

    /// True when every call had a price, so `usd` is the whole cost.
    bool known() const { return unknown_calls == 0; }

    /// Adds another amount: the USD add up, and so do the calls of unknown cost.
    Money& operator+=(const Money& other);
};

/// The USD a file may state for an amount: nullopt when no call had a price (and some had none), so that a cell or
/// field reads empty or null, never 0, for a cost nobody knows.
std::optional<double> stated_usd(const Money& money);

/// The sum of two amounts.
Money operator+(Money a, const Money& b);

/// USD as parley prints it: cents above a dollar, three significant digits below ("$0.0123", "$0.004").
std::string format_usd(double usd);

/// An amount that says what is unknown: "$0.0123"; "$0.0123 + unknown for 2 calls" when some calls had no price;
/// "unknown (2 calls unpriced)" when no call had a known price above $0.
std::string format_money(const Money& money);

/// Writes an amount as the flat fields of a JSON record: "costUsd", the known part (null when no call had a price,
/// so an unknown cost never reads as 0), and "costUnknownCalls", the calls without a price.
void put_money_fields(nlohmann::json& record, const Money& money);

/// format_money of a record's "costUsd" and "costUnknownCalls"; "unknown" for a record from before the count was
/// written whose costUsd is null.
std::string format_money_fields(const nlohmann::json& record);

} // namespace parley::util
