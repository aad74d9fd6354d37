#include "store/sqlite_statement.hpp"

#include <utility>

namespace parley::store {

int SqliteStatement::prepare(sqlite3* db, std::string_view sql) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
    bind_error_ = SQLITE_OK;
    return sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement_,
                              nullptr);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)), bind_error_(other.bind_error_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        statement_ = std::exchange(other.statement_, nullptr);
        bind_error_ = other.bind_error_;
    }
    return *this;
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

void SqliteStatement::bind_text(int index, std::string_view text) {
    // SQLITE_TRANSIENT copies the bytes, so the caller's buffer may go away before step().
    const int rc = sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) {
        bind_error_ = rc;
    }
}

void SqliteStatement::bind_int(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_, index, value);
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) {
        bind_error_ = rc;
    }
}

void SqliteStatement::bind_real(int index, double value) {
    const int rc = sqlite3_bind_double(statement_, index, value);
    if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) {
        bind_error_ = rc;
    }
}

int SqliteStatement::step() {
    return bind_error_ != SQLITE_OK ? bind_error_ : sqlite3_step(statement_);
}

std::string SqliteStatement::column_text(int column) const {
    // sqlite3_column_text must come before sqlite3_column_bytes, or the byte count may describe another encoding.
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    return text == nullptr ? std::string() : std::string(text, size);
}

std::int64_t SqliteStatement::column_int(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double SqliteStatement::column_real(int column) const {
    return sqlite3_column_double(statement_, column);
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    bind_error_ = SQLITE_OK;
}

} // namespace parley::store
