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
        migrator.registerMigration("2 entry history") { db in
            // Every entry seen, by source and the source's id for it; the full entry is kept as JSON.
            try db.create(table: "entry") { table in
                table.column("source", .text).notNull()
                table.column("entry_id", .text).notNull()
                table.column("canonical_url", .text)
                table.column("first_seen", .datetime).notNull()
                table.column("last_seen", .datetime).notNull()
                table.column("published", .datetime)
                table.column("content_hash", .text).notNull()
                table.column("story", .text)
                table.column("entry", .jsonText).notNull()
                table.primaryKey(["source", "entry_id"])
            }
            try db.create(index: "entry_by_url", on: "entry", columns: ["source", "canonical_url"])
            try db.create(index: "entry_by_first_seen", on: "entry", columns: ["first_seen"])
            // Entries that expired: they must not come back while their source still lists them.
            try db.create(table: "tombstone") { table in
                table.column("source", .text).notNull()
                table.column("entry_id", .text).notNull()
                table.column("canonical_url", .text)
                table.column("buried", .datetime).notNull()
                table.primaryKey(["source", "entry_id"])
            }
            try db.create(index: "tombstone_by_url", on: "tombstone", columns: ["source", "canonical_url"])
        }
        migrator.registerMigration("3 stories") { db in
            // Merged stories; `entry.story` (there since migration 2, empty until now) points here.
            try db.create(table: "story") { table in
                table.primaryKey("id", .text)
                table.column("published", .datetime)
                table.column("updated", .datetime).notNull()
                table.column("canonical_source", .text).notNull()
                table.column("canonical_entry_id", .text).notNull()
                table.column("canonical_hash", .text).notNull()
            }
            try db.create(index: "story_by_updated", on: "story", columns: ["updated", "id"])
            try db.create(index: "entry_by_story", on: "entry", columns: ["story"])
            // The detector's window is over this date (StoredEntry.date); an index on the expression itself, so
            // that the window's query can use it.
            try db.execute(sql: "CREATE INDEX entry_by_date ON entry (coalesce(published, first_seen))")
        }
        migrator.registerMigration("4 entry texts") { db in
            // An entry's summary and content in columns of their own, out of its JSON: decoding the JSON of every
            // entry a run compares or publishes cost more than anything else in reading them.
            try db.alter(table: "entry") { table in
                table.add(column: "summary", .text)
                table.add(column: "content", .text)
            }
            try db.execute(
                sql: """
                    UPDATE entry SET summary = json_extract(entry, '$.summary'), content = json_extract(entry, '$.content'),
                                     entry = json_remove(entry, '$.summary', '$.content')
                    """)
        }
        migrator.registerMigration("5 source feeds") { db in
            // What each source's feed said about itself when it was last parsed (for `atom:source`).
            try db.create(table: "source_feed") { table in
                table.primaryKey("url", .text)
                table.column("feed_id", .text)
                table.column("title", .text)
                table.column("link", .text)
            }
        }
        migrator.registerMigration("6 newest by source") { db in
            // Each source's newest entry date (`atom:source`'s `updated`) from the index alone, not a scan of
            // every entry.
            try db.execute(sql: "CREATE INDEX entry_by_source_date ON entry (source, coalesce(published, first_seen))")
        }
        migrator.registerMigration("7 stories by recency") { db in
            // The feed's order (newest update first, then id) straight from an index: the one of migration 3 runs
            // the other way for its second column, and SQLite sorted every story row to publish the newest.
            try db.execute(sql: "CREATE INDEX story_by_recency ON story (updated DESC, id)")
        }
        migrator.registerMigration("8 stories whole by recency") { db in
            // The same order with every column a publish reads: the feed's stories come from the index alone,
            // rather than from a look-up in the table for each (in an order far from the table's).
            try db.execute(sql: "DROP INDEX story_by_recency")
            try db.execute(
                sql: """
                    CREATE INDEX story_by_recency ON story (updated DESC, id, published, canonical_source,
                                                            canonical_entry_id, canonical_hash)
                    """)
        }
        return migrator
    }()
}
