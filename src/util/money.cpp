#include "util/money.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace parley::util {

namespace {

std::string calls(long n) {
    return std::to_string(n) + (n == 1 ? " call" : " calls");
}

} // namespace

Money Money::of_call(std::optional<double> usd) {
    return usd ? Money{*usd, 0} : Money{0, 1};
}

Money& Money::operator+=(const Money& other) {
    usd += other.usd;
    unknown_calls += other.unknown_calls;
    return *this;
}

Money operator+(Money a, const Money& b) {
    return a += b;
}

std::optional<double> stated_usd(const Money& money) {
    if (money.known() || money.usd > 0) {
        return money.usd;
    }
    return std::nullopt;
}

std::string format_usd(double usd) {
    if (usd >= 1 || usd <= 0) {
        return fmt::format("${:.2f}", std::max(usd, 0.0));
    }
    if (usd < 0.000001) {
        return "< $0.000001";
    }
    // Three significant digits, so a cheap call does not print as $0.00; trailing zeros past the cents go.
    const int decimals = std::min(6, 2 - static_cast<int>(std::floor(std::log10(usd))));
    auto text = fmt::format("${:.{}f}", usd, decimals);
    while (text.size() > text.find('.') + 3 && text.back() == '0') {
        text.pop_back();
    }
    return text;
}

std::string format_money(const Money& money) {
    if (money.known()) {
        return format_usd(money.usd);
    }
    if (money.usd > 0) {
        return format_usd(money.usd) + " + unknown for " + calls(money.unknown_calls);
    }
    return "unknown (" + calls(money.unknown_calls) + " unpriced)";
}

void put_money_fields(nlohmann::json& record, const Money& money) {
    const auto usd = stated_usd(money);
    record["costUsd"] = usd ? nlohmann::json(*usd) : nlohmann::json(nullptr);
    record["costUnknownCalls"] = money.unknown_calls;
}

std::string format_money_fields(const nlohmann::json& record) {
    const auto usd = record.find("costUsd");
    const auto unknown = record.find("costUnknownCalls");
    Money money;
    if (usd != record.end() && usd->is_number()) {
        money.usd = usd->get<double>();
    }
    if (unknown != record.end() && unknown->is_number_integer()) {
        money.unknown_calls = unknown->get<long>();
    } else if (usd == record.end() || !usd->is_number()) {
        return "unknown";
    }
    return format_money(money);
}

} // namespace parley::util
