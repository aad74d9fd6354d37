#include "util/csv.hpp"

namespace parley::util {

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_text(std::string_view text) {
    // OWASP's list of characters a spreadsheet reads as the start of a formula.
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        return csv_field("'" + std::string(text));
    }
    return csv_field(text);
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += cells[i];
    }
    return out + "\r\n";
}

} // namespace parley::util
