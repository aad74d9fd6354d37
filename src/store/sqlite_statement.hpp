#pragma once
// Thin RAII owners of an SQLite connection and of its prepared statements.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace parley::store {

/// Closes an SQLite connection.
struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

/// An open SQLite connection, closed when it goes out of scope.
using SqliteConnection = std::unique_ptr<sqlite3, SqliteCloser>;

/// A prepared statement, finalized when it goes out of scope. Parameters and columns are 1- and 0-based, as in
/// SQLite itself.
class SqliteStatement {
public:
    /// An empty statement, to be filled by prepare().
    SqliteStatement() = default;
    /// Prepares `sql` on `db`; returns SQLite's result code, with the statement left empty on failure.
    [[nodiscard]] int prepare(sqlite3* db, std::string_view sql);

    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    /// Binds any bytes, embedded NULs and invalid UTF-8 included, as text.
    void bind_text(int index, std::string_view text);
    /// Binds a whole number.
    void bind_int(int index, std::int64_t value);
    /// Binds a floating-point number.
    void bind_real(int index, double value);

    /// Runs one step: SQLITE_ROW, SQLITE_DONE, or the error of this step or of a failed bind before it.
    [[nodiscard]] int step();

    /// The bytes of a text column of the current row.
    std::string column_text(int column) const;
    /// A whole-number column of the current row.
    std::int64_t column_int(int column) const;
    /// A floating-point column of the current row.
    double column_real(int column) const;

    /// Makes the statement ready for another use and drops its bindings; a reset SELECT no longer holds a read
    /// snapshot open, which would keep WAL checkpoints from finishing.
    void reset();

private:
    sqlite3_stmt* statement_ = nullptr;
    int bind_error_ = SQLITE_OK;
};

/// Resets a statement when the scope that uses it ends, on every path out of it.
class StatementUse {
public:
    /// Starts a use of `statement`, which must outlive it.
    explicit StatementUse(SqliteStatement& statement) : statement_(statement) {}
    ~StatementUse() { statement_.reset(); }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;

    /// The statement in use.
    SqliteStatement& operator*() const { return statement_; }
    /// The statement in use.
    SqliteStatement* operator->() const { return &statement_; }

private:
    SqliteStatement& statement_;
};

} // namespace parley::store
