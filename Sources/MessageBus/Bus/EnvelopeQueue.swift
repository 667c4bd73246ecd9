/// A FIFO queue of envelopes with amortised O(1) insertion and removal.
struct EnvelopeQueue {
    private var storage: [Envelope] = []
    private var head = 0

    var isEmpty: Bool { head == storage.count }

    var count: Int { storage.count - head }

    /// The waiting envelopes, oldest first.
    var elements: [Envelope] { Array(storage[head...]) }

    /// The `count` most recently appended envelopes, oldest first.
    func last(_ count: Int) -> [Envelope] {
        guard count > 0 else { return [] }
        return Array(storage.suffix(count))
    }

    mutating func reserveCapacity(_ capacity: Int) {
        storage.reserveCapacity(capacity)
    }

    mutating func append(_ envelope: Envelope) {
        storage.append(envelope)
    }

    /// Removes and returns the oldest envelope, or `nil` when the queue is empty.
    mutating func popFirst() -> Envelope? {
        guard head < storage.count else { return nil }
        let envelope = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return envelope
    }

    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }
}
