import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The one delegate of the fetcher's `URLSession`, keeping each task's body, redirects and waiting caller.
///
/// On Linux only a session-level delegate is called (a per-task delegate given to `data(for:delegate:)` is not),
/// and there is no `bytes(for:)`: the body cap has to be applied here, chunk by chunk, cancelling the task once it
/// is exceeded (later chunks that were already under way are ignored).
final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    /// What one task gathered by the time it completed.
    struct Transfer: Sendable {
        var response: HTTPURLResponse?
        var body = Data()
        /// The `URLError` code of a failed transfer, and its description.
        var errorCode: Int?
        var errorText: String?
        var isOverLimit = false
        var redirects: [Redirect] = []
        var redirectFailure: String?
    }

    private struct TaskState {
        var transfer = Transfer()
        var limit: Int
        var maxRedirects: Int
        var visited: Set<String>
        var continuation: CheckedContinuation<Transfer, Never>?
        /// The task completed before anyone waited for it (it was cancelled before it started).
        var isComplete = false
    }

    private let tasks = Mutex<[Int: TaskState]>([:])

    /// Registers a task, before anything can cancel it: a completion that arrives early is then kept.
    func register(_ task: URLSessionDataTask, limit: Int, maxRedirects: Int) {
        let start = task.originalRequest?.url?.absoluteString ?? ""
        tasks.withLock {
            $0[task.taskIdentifier] = TaskState(limit: limit, maxRedirects: maxRedirects, visited: [start])
        }
    }

    /// Starts a registered task and waits for it to complete (at once, if it already has).
    func run(_ task: URLSessionDataTask) async -> Transfer {
        await withCheckedContinuation { continuation in
            let done = tasks.withLock { tasks -> Transfer? in
                guard let state = tasks[task.taskIdentifier] else {
                    return Transfer(errorCode: URLError.unknown.rawValue)
                }
                if state.isComplete {
                    tasks.removeValue(forKey: task.taskIdentifier)
                    return state.transfer
                }
                tasks[task.taskIdentifier]?.continuation = continuation
                return nil
            }
            if let done {
                continuation.resume(returning: done)
            } else {
                task.resume()
            }
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        tasks.withLock { $0[dataTask.taskIdentifier]?.transfer.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        // The body grows in place (a copy of the state per chunk would copy the whole body each time).
        let isOverLimit = tasks.withLock { tasks -> Bool in
            guard let state = tasks[dataTask.taskIdentifier], !state.transfer.isOverLimit else { return false }
            let room = state.limit - state.transfer.body.count
            if data.count > room {
                tasks[dataTask.taskIdentifier]?.transfer.body.append(data.prefix(max(0, room)))
                tasks[dataTask.taskIdentifier]?.transfer.isOverLimit = true
                return true
            }
            tasks[dataTask.taskIdentifier]?.transfer.body.append(data)
            return false
        }
        if isOverLimit { dataTask.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        let target = request.url?.absoluteString ?? ""
        let from = response.url?.absoluteString ?? ""
        let follow = tasks.withLock { tasks -> Bool in
            guard var state = tasks[task.taskIdentifier] else { return false }
            state.transfer.redirects.append(Redirect(status: response.statusCode, from: from, to: target))
            if state.visited.contains(target) {
                state.transfer.redirectFailure = "redirect loop: \(from) leads back to \(target)"
            } else if state.transfer.redirects.count > state.maxRedirects {
                state.transfer.redirectFailure = "more than \(state.maxRedirects) redirects (the last to \(target))"
            }
            state.visited.insert(target)
            tasks[task.taskIdentifier] = state
            return state.transfer.redirectFailure == nil
        }
        completionHandler(follow ? request : nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let code = error.map { ($0 as? URLError)?.errorCode ?? ($0 as NSError).code }
        let text = error?.localizedDescription
        let waiting = tasks.withLock { tasks -> (CheckedContinuation<Transfer, Never>, Transfer)? in
            guard var state = tasks[task.taskIdentifier] else { return nil }
            state.transfer.errorCode = code
            state.transfer.errorText = text
            guard let continuation = state.continuation else {
                state.isComplete = true
                tasks[task.taskIdentifier] = state
                return nil
            }
            tasks.removeValue(forKey: task.taskIdentifier)
            return (continuation, state.transfer)
        }
        if let (continuation, transfer) = waiting { continuation.resume(returning: transfer) }
    }
}
