extension MessageBus {
    /// Registers `observer`; it is told about every later dispatch of this bus.
    ///
    /// The bus keeps a strong reference until ``removeObserver(_:)``. Adding an
    /// observer that is already registered does nothing. Observers are called
    /// in the order they were added.
    ///
    /// - Parameter observer: The observer.
    public func addObserver(_ observer: any MessageBusObserver) {
        guard !observers.contains(where: { $0 === observer }) else { return }
        observers.append(observer)
    }

    /// Unregisters `observer` (compared by identity); does nothing if it is not registered.
    ///
    /// A dispatch already under way still reports to it until that dispatch ends.
    ///
    /// - Parameter observer: The observer.
    public func removeObserver(_ observer: any MessageBusObserver) {
        observers.removeAll { $0 === observer }
    }
}
