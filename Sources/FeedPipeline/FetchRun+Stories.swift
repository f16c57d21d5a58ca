import FeedModel
import FeedStore
import Foundation

extension FetchRun {
    /// The run's dedupe stage, after its entries are recorded and the expired ones gone: every entry without a
    /// story gets one, and the stories that gained entries or whose canonical entry was edited or expired get
    /// their rows again, all saved in one transaction.
    ///
    /// A run killed before that transaction loses nothing: its entries are still without a story, and the
    /// edits still differ from the stories' hashes, so the next run does the work.
    static func updateStories(in store: StateStore, origins: Set<String>, now: Date) throws(StoreError)
        -> StoryChange
    {
        let assignment = StoryAssignment(origins: origins, now: now)
        var joined: [EntryKey: String] = [:]
        var newcomers: [StoredEntry] = []
        // No entry without a story (a run of 304s): the detector does not run at all.
        if let batch = try store.dedupeBatch(window: assignment.detector.settings.window) {
            joined = assignment.assign(unassigned: batch.unassigned, assigned: batch.assigned)
            newcomers = batch.unassigned
        }
        let looked = Set(joined.values).union(try store.storiesToReview())
        guard !looked.isEmpty else { return StoryChange() }
        let members = try store.entries(inStories: looked) + newcomers
        let result = assignment.stories(members: members, joined: joined, previous: try store.stories(ids: looked))
        try store.saveStories(result.stories, assignments: joined)
        return result.change
    }
}
