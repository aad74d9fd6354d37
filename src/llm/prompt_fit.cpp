#include "llm/prompt_fit.hpp"

#include <algorithm>
#include <numeric>

namespace parley::llm {

namespace {

constexpr std::size_t kBytesPerToken = 4; // the estimate of estimated_tokens
constexpr long kMostAnswerRoom = 4'096;

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !continuation(c); }));
}

std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (auto at = digits.size(); at > 3; at -= 3) {
        digits.insert(at - 3, ",");
    }
    return digits;
}

std::string framed(const std::string& marker) {
    return "\n\n" + marker + "\n\n";
}

} // namespace

long answer_room_tokens(long budget_tokens, std::optional<int> max_tokens) {
    return max_tokens ? *max_tokens : std::min(budget_tokens / 4, kMostAnswerRoom);
}

std::size_t prompt_bytes_allowed(long budget_tokens, std::optional<int> max_tokens) {
    const long prompt_tokens = budget_tokens - answer_room_tokens(budget_tokens, max_tokens);
    return prompt_tokens <= 0 ? 0 : static_cast<std::size_t>(prompt_tokens) * kBytesPerToken;
}

std::string cut_marker(std::size_t cut_characters, std::string_view owner) {
    return "[… " + grouped(cut_characters) + " characters cut to fit " + std::string(owner) + "'s context budget …]";
}

std::size_t marker_allowance(std::string_view owner) {
    // The largest count a std::size_t can print makes the longest marker.
    return framed(cut_marker(static_cast<std::size_t>(-1), owner)).size();
}

std::string cut_to_fit(std::string_view text, std::size_t max_bytes, std::string_view owner) {
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    const auto longest = framed(cut_marker(characters(text), owner)).size();
    if (longest > max_bytes) {
        return {};
    }
    // Half the room for the beginning (what the text sets out), half for the end (where a history is newest).
    const std::size_t keep = max_bytes - longest;
    std::size_t head = keep / 2;
    while (head > 0 && continuation(text[head])) {
        --head;
    }
    std::size_t tail = text.size() - (keep - keep / 2);
    while (tail < text.size() && continuation(text[tail])) {
        ++tail;
    }
    std::string out(text.substr(0, head));
    out += framed(cut_marker(characters(text.substr(head, tail - head)), owner));
    out += text.substr(tail);
    return out;
}

std::size_t fit_parts(const std::vector<PromptPart>& parts, std::size_t room, std::string_view owner) {
    std::vector<std::size_t> order(parts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto cost = [&](std::size_t i) {
        return parts[i].text->size() * parts[i].uses;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost(a) < cost(b); });
    std::size_t left = static_cast<std::size_t>(
        std::count_if(parts.begin(), parts.end(), [](const PromptPart& p) { return p.uses > 0; }));
    std::size_t cut = 0;
    for (const auto i : order) {
        const auto& part = parts[i];
        if (part.uses == 0) {
            continue;
        }
        const std::size_t share = room / left--;
        if (cost(i) > share) {
            const auto before = part.text->size();
            *part.text = cut_to_fit(*part.text, share / part.uses, owner);
            cut += before - part.text->size();
        }
        room -= cost(i);
    }
    return cut;
}

std::size_t prompt_bytes(const std::vector<Message>& messages) {
    std::size_t n = 0;
    for (const auto& m : messages) {
        n += m.content.size();
    }
    return n;
}

bool fit_messages(std::vector<Message>& messages, std::size_t allowed, std::string_view owner) {
    if (prompt_bytes(messages) <= allowed) {
        return true;
    }
    std::vector<PromptPart> parts;
    for (auto& m : messages) {
        parts.push_back({&m.content, 1});
    }
    fit_parts(parts, allowed, owner);
    return prompt_bytes(messages) <= allowed;
}

} // namespace parley::llm
