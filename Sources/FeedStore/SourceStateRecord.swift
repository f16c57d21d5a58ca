import FeedModel
import GRDB

/// A `source_state` row: `SourceState` through its own `Codable` keys, in snake case as the table spells them.
struct SourceStateRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "source_state"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var state: SourceState

    init(_ state: SourceState) {
        self.state = state
    }

    init(from decoder: any Decoder) throws {
        state = try SourceState(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try state.encode(to: encoder)
    }
}
