#include "app/unknown_input.hpp"

#include <string_view>

#include "util/suggest.hpp"
#include "util/text.hpp"

namespace parley::app {

namespace {

// The (sub)command the words of the command line choose: the deepest one each word names in turn.
const CLI::App* chosen_command(const CLI::App& app, int argc, char** argv) {
    const CLI::App* at = &app;
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word.empty() || word[0] == '-') {
            continue;
        }
        const CLI::App* next = nullptr;
        for (const auto* sub : at->get_subcommands([](const CLI::App*) { return true; })) {
            if (sub->check_name(std::string(word))) {
                next = sub;
            }
        }
        if (next == nullptr) {
            break;
        }
        at = next;
    }
    return at;
}

} // namespace

std::optional<std::string> nearest_command(const std::string& word, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        // "evaluate" for eval, "debates" for debate: the word spells the command out further.
        if (name.size() >= 3 && word.size() > name.size() && word.rfind(name, 0) == 0) {
            return name;
        }
    }
    return util::closest_match(word, names, 2);
}

std::optional<std::string> unknown_flag_message(const CLI::App& app, int argc, char** argv) {
    const CLI::App* command = chosen_command(app, argc, argv);
    std::vector<std::string> flags;
    for (const auto* option : command->get_options()) {
        for (const auto& name : option->get_lnames()) {
            flags.push_back("--" + name);
        }
    }
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "--") {
            break; // what follows is positional
        }
        if (word.size() < 3 || word.rfind("--", 0) != 0) {
            continue;
        }
        const std::string flag = word.substr(0, word.find('='));
        if (std::find(flags.begin(), flags.end(), flag) != flags.end()) {
            continue;
        }
        std::string message = "unknown flag " + flag;
        if (auto near = util::nearest_name(flag, flags)) {
            message += "; did you mean " + *near + "?";
        } else {
            message += " (see parley " + (command == &app ? std::string() : command->get_name() + " ") + "--help)";
        }
        return message;
    }
    return std::nullopt;
}

} // namespace parley::app
