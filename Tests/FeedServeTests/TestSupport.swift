import Logging

/// A test's own failure, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

let quietLogger = Logger(label: "feedmerge-serve-tests") { _ in SwiftLogNoOpLogHandler() }

/// Holds whoever waits until it is opened (then lets everyone through).
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }
}
