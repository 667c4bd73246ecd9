/// The text of `help` and `help TOPIC`: one screen of statements by group,
/// then, per topic, the syntax, what it does and an example that runs as
/// it is in a fresh session (the tests run every one).
enum Help {
    /// One `help TOPIC` page.
    struct Topic {
        /// The words that open it (`help step`, `help next`, …).
        var names: [String]
        /// The syntax, one form per line.
        var syntax: String
        /// What it does, in a few lines.
        var details: String
        /// Lines to type at the prompt; they run without errors in a fresh
        /// session. Empty for topics that are not statements.
        var example: String

        /// The page as `help TOPIC` shows it.
        var text: String {
            var text = syntax + "\n\n" + details
            if !example.isEmpty {
                text += "\n\nExample:\n" + example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            }
            return text
        }
    }

    static let overview = """
    busctl: define messages and handlers, send messages, watch the cascade.
    `help TOPIC` shows a statement's syntax and an example; new here? `help tour`.

    Messages and handlers
      command NAME(field: Type, ...)         define a command: exactly one handler
      event NAME(field: Type, ...)           define an event: any number of handlers
      handle COMMAND [as NAME] { ... }       set a command's handler
      on EVENT [as NAME] { ... }             add an event handler
      types · handlers · vars                list types · handlers · variables
      show NAME · remove NAME                print · delete a handler or function
      graph [TYPE] [--mermaid|--dot]         the chain of types and handlers
    Sending and stepping
      send TYPE(field: value, ...)           send it and run its whole cascade
      batch [TYPE(...), ...]                 send several, one cascade after another
      step TYPE(...) · next · run            queue a message · dispatch one · finish
      queue                                  what a stepped cascade has waiting
      last                                   show the last cascade again
    In handler bodies
      msg.FIELD · ctx.KEY                    the message · the shared context
      emit TYPE(...)                         queue a message
      return X · fail X · print X            the result · an error · a trace line
    Code
      let x = 1 · x += 1                     variables
      if COND { } else { } · while COND { }  conditions and loops
      for x in xs { } · break · continue     a loop over a list or a map's keys
      fn NAME(a, b) { return X }             a function
      assert COND[, MESSAGE]                 fail when COND is false
      expect error ["TEXT"] STATEMENT        succeed only if STATEMENT fails
    Outbox, transactions, faults
      begin · commit · rollback              one transaction for ctx and the outbox
      outbox add TYPE(...) [meta MAP]        store a message to deliver later
      outbox [show ID|step|run|retry]        look at and process stored messages
      outbox handler NAME { dispatch }       how stored messages are delivered
      crash                                  simulate the process dying
    Session
      ctx · set [NAME VALUE] · reset         the context · settings · start over
      load "f.bus" · save "f.bus"            run a file · save the definitions
      help [TOPIC] · quit · exit N           this help · end the session

    Tab completes statements, types, fields and names; Up and Down walk the history.
    """

    static let topics: [Topic] = definitionTopics + dispatchTopics + codeTopics + outboxTopics + sessionTopics

    /// The page for a topic, or nil when there is none.
    static func text(for topic: String) -> String? {
        topics.first { $0.names.contains(topic) }.map(\.text)
    }

    /// Every word `help` knows.
    static var topicNames: [String] { topics.flatMap(\.names) }
}

extension Interpreter {
    func help(_ topic: String?, at location: SourceLocation) throws {
        guard let topic else {
            emit(.text(Help.overview))
            return
        }
        if let text = Help.text(for: topic) {
            emit(.text(text))
            return
        }
        throw ScriptFailure("no help on `\(topic)`\(DidYouMean.hint(for: topic, among: Help.topicNames)); `help` lists the statements", at: location)
    }
}
