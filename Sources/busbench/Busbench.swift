import BenchmarkWorkloads
import Foundation

// busbench: runs the benchmark workloads of issue 7 (README "Performance")
// and prints N, the median seconds, the rate, the peak RSS and, for W1 and
// W4a, the ratio to their ceilings (L2, L1).
//
//   swift run -c release busbench [--quick] [--only W1,S3] [--runs N]

struct Options {
    /// Every name `--only` takes; `W1-MEM` is the table's name for `MEM`.
    static let workloads = ["W1", "W2", "W3", "W4A", "W4B", "W4C", "W4C-MEM", "L1", "L2", "S1", "S2", "S3", "MEM", "W1-MEM"]

    var quick = false
    var only: Set<String>?
    var runs = 5

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick":
                options.quick = true
            case "--only":
                guard let list = rest.popFirst() else { return nil }
                var names = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
                // An unknown name would silently run nothing.
                guard names.isSubset(of: workloads) else { return nil }
                if names.remove("W1-MEM") != nil { names.insert("MEM") }
                options.only = names
            case "--runs":
                guard let text = rest.popFirst(), let runs = Int(text), runs > 0 else { return nil }
                options.runs = runs
            default:
                return nil
            }
        }
        return options
    }

    func wants(_ id: String) -> Bool {
        only.map { $0.contains(id.uppercased()) } ?? true
    }
}

@main
enum Busbench {
    static func main() async {
        let usage = """
            usage: busbench [--quick] [--only W1,W2,W3,W4A,W4B,W4C,W4C-MEM,L1,L2,S1,S2,S3,MEM] [--runs N]
              --quick   N = 1,000 (at most) for every workload, no W1-MEM rows
              --only    these workloads (any case; W1-MEM or MEM: the peak-memory runs)
              --runs    runs per workload, the median is reported (default 5; S3 always 20)
            """

        guard let options = Options.parse(Array(CommandLine.arguments.dropFirst())) else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(2)
        }

        /// N per workload (WORKLOADS.md), or small for `--quick`.
        func size(_ full: Int) -> Int {
            options.quick ? min(full, 1_000) : full
        }

        let warmUpCount = 1_000

        /// Warms up with 1,000 commands (checked), then times `runs` runs of `count`.
        func measure(_ id: String, count: Int, unit: String, _ body: (Int) async throws -> WorkloadTiming) async throws -> Row {
            resetPeakResident()
            _ = try await body(warmUpCount)
            var seconds: [Double] = []
            for _ in 0..<options.runs {
                seconds.append(try await body(count).seconds)
            }
            return Row(workload: id, count: count, seconds: median(seconds), unit: unit, peakBytes: peakResidentBytes())
        }

        /// The same for a child process per run.
        func measureChild(_ id: String, count: Int, unit: String, runs: Int, peak: () -> Int?, warmUp: () throws -> ChildRun, _ body: () throws -> ChildRun) throws -> Row {
            _ = try warmUp()
            var seconds: [Double] = []
            var waited = 0
            for _ in 0..<runs {
                let run = try body()
                seconds.append(run.seconds)
                waited = max(waited, run.peakBytes)
            }
            // wait4's figure counts busbench's memory too (see childPeakBytes); prefer /usr/bin/time's.
            return Row(workload: id, count: count, seconds: median(seconds), unit: unit, peakBytes: peak() ?? waited)
        }

        func progress(_ text: String) {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }

        var rows: [Row] = []
        var memoryRows: [Row] = []
        do {
            let started = ContinuousClock.now
            progress("busbench: \(options.runs) runs per workload\(options.quick ? ", quick" : ""); progress on standard error")
            // The issue's memory point: W1's peak at 10⁵ and 10⁶ commands, inputs made as sent;
            // first, so that the figures are not raised by what later workloads leave in the heap.
            if !options.quick, options.wants("MEM") {
                for count in [100_000, 1_000_000] {
                    progress("  W1 memory (N=\(count))")
                    resetPeakResident()
                    let timing = try SyncBusWorkloads.w1Streaming(count: count)
                    memoryRows.append(Row(workload: "W1-mem", count: count, seconds: timing.seconds, unit: "commands", peakBytes: peakResidentBytes(), ceiling: "1 run"))
                }
            }

            let plan: [(String, Int, String, (Int) async throws -> WorkloadTiming)] = [
                ("L2", size(100_000), "commands", { try SyncBusWorkloads.l2(count: $0) }),
                ("W1", size(100_000), "commands", { try SyncBusWorkloads.w1(count: $0) }),
                ("W2", size(50_000), "commands", { try await AsyncBusWorkloads.w2(count: $0) }),
                ("W3", size(10_000), "commands", { try await AsyncBusWorkloads.w3(count: $0) }),
                ("L1", size(20_000), "rows", { try OutboxWorkloads.l1(count: $0) }),
                ("W4a", size(20_000), "registrations", { try OutboxWorkloads.w4a(count: $0) }),
                ("W4b", size(20_000), "registrations", { try OutboxWorkloads.w4b(count: $0) }),
                ("W4c", size(20_000), "messages", { try OutboxWorkloads.w4c(count: $0) }),
                ("W4c-mem", size(20_000), "messages", { try OutboxWorkloads.w4cMemory(count: $0) }),
            ]
            for (id, count, unit, body) in plan where options.wants(id) {
                progress("  \(id) (N=\(count))")
                rows.append(try await measure(id, count: count, unit: unit, body))
            }

            if options.wants("S1") || options.wants("S2") || options.wants("S3") {
                let scripts = try ScriptBench()
                defer { scripts.cleanUp() }
                if options.wants("S1") {
                    let count = size(100_000)
                    progress("  S1 (N=\(count))")
                    let arguments = try scripts.arguments(count: count, trace: "off")
                    rows.append(try measureChild("S1", count: count, unit: "commands", runs: options.runs, peak: { scripts.peak(arguments) },
                                                 warmUp: { try scripts.s1(count: warmUpCount) }, { try scripts.s1(count: count) }))
                }
                if options.wants("S2") {
                    let count = size(10_000)
                    progress("  S2 (N=\(count))")
                    let arguments = try scripts.arguments(count: count, trace: "tree")
                    rows.append(try measureChild("S2", count: count, unit: "commands", runs: options.runs, peak: { scripts.peak(arguments, outputPath: scripts.tracePath) },
                                                 warmUp: { try scripts.s2(count: warmUpCount) }, { try scripts.s2(count: count) }))
                }
                if options.wants("S3") {
                    progress("  S3 (20 runs)")
                    var row = try measureChild("S3", count: 1, unit: "starts", runs: 20, peak: { scripts.peak(["-e", "quit"]) },
                                               warmUp: { try scripts.s3() }, { try scripts.s3() })
                    row.ceiling = String(format: "%.1f ms", row.seconds * 1000)
                    rows.append(row)
                }
            }

            func ratio(_ id: String, to ceiling: String) {
                guard let index = rows.firstIndex(where: { $0.workload == id }),
                      let limit = rows.first(where: { $0.workload == ceiling }), limit.rate > 0 else { return }
                rows[index].ceiling = String(format: "%.1f", rows[index].rate / limit.rate * 100) + "% of " + ceiling
            }
            ratio("W1", to: "L2")
            ratio("W4a", to: "L1")
            if let store = rows.first(where: { $0.workload == "W4c" }), let memory = rows.first(where: { $0.workload == "W4c-mem" }),
           let index = rows.firstIndex(where: { $0.workload == "W4c" }), store.seconds > 0 {
            rows[index].ceiling = String(format: "SQLite %.0f%%", max(0, store.seconds - memory.seconds) / store.seconds * 100)
        }

            rows += memoryRows
            printTable(rows)
            let total = ContinuousClock.now - started
            print("whole run: \(total.components.seconds) s; \(ProcessInfo.processInfo.activeProcessorCount) cores; peak RSS reset per workload: \(resetPeakResident() ? "yes" : "no")")
        } catch {
            if !rows.isEmpty {
                printTable(rows)
            }
            FileHandle.standardError.write(Data("busbench: error: \(error)\n".utf8))
            exit(1)
        }
    }
}
