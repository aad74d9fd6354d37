#include "debate/clarifications.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "util/json_document.hpp"
#include "util/text.hpp"
#include "util/text_file.hpp"
#include "util/text_safety.hpp"

namespace parley::debate {

namespace {

// "1. text", "2) text", "- text", "* text" -> "text"; anything else is not a question line.
std::optional<std::string_view> list_item(std::string_view line) {
    line = util::trim_space(line);
    if (line.size() > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
        return util::trim_space(line.substr(2));
    }
    std::size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])))
        ++i;
    if (i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ') {
        return util::trim_space(line.substr(i + 2));
    }
    return std::nullopt;
}

} // namespace

std::vector<std::string> parse_questions(std::string_view answer, int max_questions) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= answer.size() && static_cast<int>(out.size()) < max_questions) {
        auto end = answer.find('\n', pos);
        if (end == std::string_view::npos)
            end = answer.size();
        if (auto item = list_item(answer.substr(pos, end - pos)); item && !item->empty()) {
            out.emplace_back(*item);
        }
        pos = end + 1;
    }
    return out;
}

Result<std::map<std::string, std::string>> load_answers(const std::string& path) {
    auto text = util::read_text_file(path, 4 * 1024 * 1024);
    if (!text) {
        return fail(ErrorKind::invalid_input, "--answers: " + text.error().message);
    }
    auto json = util::parse_json_bounded(*text);
    if (json.is_discarded() || !json.is_object()) {
        return fail(
            ErrorKind::invalid_input,
            path + ": expected a JSON object mapping question ids to answers, e.g. {\"agent-architect-q1\": \"...\"}");
    }
    std::map<std::string, std::string> out;
    for (const auto& [id, answer] : json.items()) {
        if (!answer.is_string()) {
            return fail(ErrorKind::invalid_input, path + ": " + util::quote_value(id) + ": expected a string answer");
        }
        out[id] = answer.get<std::string>();
    }
    return out;
}

std::string question_prompt(const AgentClarifications& agent, const ClarificationItem& item, AskPosition position) {
    std::string out;
    if (position.number == 1) {
        out += std::to_string(position.total) +
               (position.total == 1 ? " clarifying question" : " clarifying questions") +
               "; type an answer, or press Enter to skip one.\n";
    }
    out += "(" + std::to_string(position.number) + "/" + std::to_string(position.total) + ") [" +
           util::terminal_safe(agent.agent_name, util::LineBreaks::join) + "] " +
           util::terminal_safe(item.question, util::LineBreaks::join) + "\n> ";
    return out;
}

std::string normalized_question(std::string_view question) {
    std::string out;
    bool gap = false;
    for (const char c : question) {
        const auto byte = static_cast<unsigned char>(c);
        // Bytes of non-ASCII characters are kept as they are, so questions in other scripts still compare.
        if (std::isalnum(byte) || byte >= 0x80) {
            if (gap && !out.empty()) {
                out += ' ';
            }
            out += static_cast<char>(std::tolower(byte));
            gap = false;
        } else {
            gap = true;
        }
    }
    return out;
}

void answer_questions(std::vector<AgentClarifications>& questions, const std::map<std::string, std::string>& answers,
                      const AskFunction& ask) {
    AskPosition position{0, 0};
    for (const auto& agent : questions) {
        for (const auto& item : agent.items) {
            position.total += answers.count(item.id) == 0 ? 1 : 0;
        }
    }
    for (auto& agent : questions) {
        for (auto& item : agent.items) {
            std::string answer;
            if (auto it = answers.find(item.id); it != answers.end()) {
                answer = it->second;
            } else if (ask) {
                ++position.number;
                answer = ask(agent, item, position);
            }
            const auto trimmed = util::trim_space(answer);
            item.answer = trimmed.empty() ? kUnanswered : std::string(trimmed);
        }
    }
}

std::string format_clarifications(const std::vector<AgentClarifications>& clarifications) {
    std::string out;
    for (const auto& agent : clarifications) {
        for (const auto& item : agent.items) {
            out += "- Q (" + agent.agent_name + "): " + item.question +
                   "\n  A: " + (item.answer == kUnanswered ? std::string("(unanswered)") : item.answer) + "\n";
        }
    }
    return out.empty() ? "(none)" : out;
}

} // namespace parley::debate
