import GRDB

/// The state file's schema, as migrations: append new ones, never edit one that has shipped.
enum StateSchema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1 source state") { db in
            try db.create(table: "source_state") { table in
                table.primaryKey("url", .text)
                table.column("settings_hash", .text)
                table.column("etag", .text)
                table.column("last_modified", .text)
                table.column("body_hash", .text)
                table.column("last_attempt", .datetime)
                table.column("last_success", .datetime)
                table.column("consecutive_failures", .integer).notNull().defaults(to: 0)
                table.column("next_attempt", .datetime)
                table.column("last_error", .text)
                table.column("is_gone", .boolean).notNull().defaults(to: false)
                table.column("permanent_redirect", .text)
                table.column("permanent_redirect_runs", .integer).notNull().defaults(to: 0)
            }
        }
        return migrator
    }()
}
