/// An error that ends the whole cascade, even when an *event* handler throws it.
///
/// Use it for conditions that are not handler failures but must unwind
/// everything: a simulated crash, a user's interrupt. The bus never catches,
/// logs, wraps or records such an error: it drops the cascade's queue, marks
/// the cascade finished (``Cascade/failure`` holds the error) and rethrows it
/// unchanged from ``Cascade/dispatchNext()``, ``Cascade/run()``,
/// ``MessageBus/handle(_:)`` and ``MessageBus/batchHandle(_:)``. Observers still
/// see the handler finish with the failure. An event handler's `after` hook
/// still runs.
///
/// ```swift
/// struct Interrupted: CascadeAbortingError {}
/// ```
public protocol CascadeAbortingError: Error {}
