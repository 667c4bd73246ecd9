extension PostgresOutboxRelay {
    /// How a relay claims, waits and retries.
    ///
    /// ```swift
    /// var configuration = PostgresOutboxRelay.Configuration()
    /// configuration.batchSize = 50
    /// configuration.leaseDuration = .seconds(30)
    /// configuration.maxAttempts = 8
    /// ```
    public struct Configuration: Sendable, Equatable {
        /// How many due messages one claim takes. Default: 100; values below 1 count as 1.
        ///
        /// Every message of a batch has an attempt counted when it is
        /// claimed: a relay killed mid-batch costs each of its unprocessed
        /// messages one attempt. A relay that stops cleanly gives back the
        /// messages it did not start, with their attempts.
        public var batchSize: Int

        /// How long a claim holds a message before other relays may claim it
        /// again. Default: 60 seconds; at least 1 second.
        ///
        /// The relay renews a message's lease just before its handler starts
        /// (and skips it if another relay took it meanwhile), and extends
        /// the leases of the rest of its batch when half of this has
        /// passed, between messages; one message's handler should take less
        /// than this, or another relay may run the message too
        /// (the first relay's outcome is then not written: see
        /// ``PostgresOutboxRelay``). When a relay dies, its messages wait
        /// this long before the others take them.
        public var leaseDuration: Duration

        /// How long an idle relay waits before it looks for due messages
        /// again when no notification wakes it. Default: 5 seconds; at least 10 milliseconds.
        ///
        /// An idle relay also wakes when the next message becomes due (a
        /// backoff or a lease ends), if that is sooner.
        public var pollInterval: Duration

        /// How many attempts a message gets before it is dead, as
        /// `MessageBus.maxAttempts`. Default: 5; values below 1 count as 1.
        public var maxAttempts: Int

        /// The wait before the next attempt after a failure. Default: ``OutboxBackoff/init(initialDelay:multiplier:maximumDelay:)``
        /// (1 s doubling up to 5 minutes).
        public var backoff: OutboxBackoff

        /// Whether the relay listens for the notifications that registering
        /// a message sends (`LISTEN`), to wake as soon as a message is
        /// committed. Default: `true`. Without, it polls every ``pollInterval``.
        /// Listening holds one connection of the client.
        public var listensForNotifications: Bool

        /// Whether ``PostgresOutboxRelay/run()`` runs
        /// ``PostgresOutboxSchema/migrate(_:logger:)-(PostgresClient,_)`` before it starts. Default: `true`.
        public var migratesSchemaOnStart: Bool

        /// How long the relay waits after a database error before it tries
        /// again (and before it listens again after losing its listening
        /// connection). Default: 1 second.
        public var retryDelay: Duration

        /// How long a claim may wait for the database before the relay
        /// counts the database as unreachable, gives the claim up and
        /// retries. Default: 10 seconds (postgres-nio's pool would wait for
        /// a connection about a minute before it reports anything).
        public var unreachableAfter: Duration

        /// The longest wait between tries while the database is
        /// unreachable: the wait starts at ``retryDelay`` and doubles up to
        /// this. Default: 30 seconds.
        public var maximumRetryDelay: Duration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - batchSize: Messages per claim. Default: 100.
        ///   - leaseDuration: How long a claim holds a message. Default: 60 seconds.
        ///   - pollInterval: The idle wait without notifications. Default: 5 seconds.
        ///   - maxAttempts: Attempts before a message is dead. Default: 5.
        ///   - backoff: The wait after a failure. Default: 1 s doubling up to 5 minutes.
        ///   - listensForNotifications: Whether to `LISTEN`. Default: `true`.
        ///   - migratesSchemaOnStart: Whether ``PostgresOutboxRelay/run()`` migrates first. Default: `true`.
        ///   - retryDelay: The wait after a database error. Default: 1 second.
        ///   - unreachableAfter: How long a claim may wait for the database
        ///     before it counts as unreachable. Default: 10 seconds.
        ///   - maximumRetryDelay: The longest wait between tries while the
        ///     database is unreachable. Default: 30 seconds.
        public init(
            batchSize: Int = 100,
            leaseDuration: Duration = .seconds(60),
            pollInterval: Duration = .seconds(5),
            maxAttempts: Int = 5,
            backoff: OutboxBackoff = OutboxBackoff(),
            listensForNotifications: Bool = true,
            migratesSchemaOnStart: Bool = true,
            retryDelay: Duration = .seconds(1),
            unreachableAfter: Duration = .seconds(10),
            maximumRetryDelay: Duration = .seconds(30)
        ) {
            self.batchSize = batchSize
            self.leaseDuration = leaseDuration
            self.pollInterval = pollInterval
            self.maxAttempts = maxAttempts
            self.backoff = backoff
            self.listensForNotifications = listensForNotifications
            self.migratesSchemaOnStart = migratesSchemaOnStart
            self.retryDelay = retryDelay
            self.unreachableAfter = unreachableAfter
            self.maximumRetryDelay = maximumRetryDelay
        }

        /// ``batchSize``, at least 1.
        var effectiveBatchSize: Int { max(batchSize, 1) }

        /// ``leaseDuration``, at least 1 second.
        var effectiveLease: Duration { max(leaseDuration, .seconds(1)) }

        /// ``pollInterval``, at least 10 milliseconds.
        var effectivePollInterval: Duration { max(pollInterval, .milliseconds(10)) }

        /// ``retryDelay``, at least 10 milliseconds.
        var effectiveRetryDelay: Duration { max(retryDelay, .milliseconds(10)) }

        /// ``unreachableAfter``, at least 100 milliseconds.
        var effectiveUnreachableAfter: Duration { max(unreachableAfter, .milliseconds(100)) }
    }
}
