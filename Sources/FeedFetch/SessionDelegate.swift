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
    }

    private let tasks = Mutex<[Int: TaskState]>([:])

    /// Registers a task before it starts; `resume` is called once the continuation is in place.
    func run(_ task: URLSessionDataTask, limit: Int, maxRedirects: Int) async -> Transfer {
        await withCheckedContinuation { continuation in
            let start = task.originalRequest?.url?.absoluteString ?? ""
            tasks.withLock {
                $0[task.taskIdentifier] = TaskState(
                    limit: limit, maxRedirects: maxRedirects, visited: [start], continuation: continuation)
            }
            task.resume()
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
        let isOverLimit = tasks.withLock { tasks -> Bool in
            guard var state = tasks[dataTask.taskIdentifier], !state.transfer.isOverLimit else { return false }
            let room = state.limit - state.transfer.body.count
            if data.count > room {
                state.transfer.body.append(data.prefix(max(0, room)))
                state.transfer.isOverLimit = true
            } else {
                state.transfer.body.append(data)
            }
            tasks[dataTask.taskIdentifier] = state
            return state.transfer.isOverLimit
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
        let state = tasks.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        guard var state else { return }
        if let error {
            state.transfer.errorCode = (error as? URLError)?.errorCode ?? (error as NSError).code
            state.transfer.errorText = error.localizedDescription
        }
        state.continuation?.resume(returning: state.transfer)
    }
}
