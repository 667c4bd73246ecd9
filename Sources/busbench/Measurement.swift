#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Peak resident memory, in bytes, of this process since the last
/// ``resetPeakResident()``.
///
/// Linux: `VmHWM` of /proc/self/status, which `clear_refs` resets.
/// getrusage's `ru_maxrss` is not reset, and it survives `exec`: under
/// `swift run`, it reported the peak of `swift run` itself (173 MB).
func peakResidentBytes() -> Int {
    #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kilobytes = Int(line.dropFirst("VmHWM:".count).filter(\.isNumber)) {
        return kilobytes * 1024
    }
    #endif
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return 0 }
    #if canImport(Darwin)
    return Int(usage.ru_maxrss)
    #else
    return Int(usage.ru_maxrss) * 1024
    #endif
}

/// Resets the peak-RSS high-water mark (Linux: `5` into /proc/self/clear_refs),
/// so that each workload's peak is its own. Returns false where that is not possible.
@discardableResult
func resetPeakResident() -> Bool {
    #if os(Linux)
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do {
        try handle.write(contentsOf: Data("5".utf8))
        return true
    } catch {
        return false
    }
    #else
    return false
    #endif
}

/// The median of `values` (the mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// One row of the table.
struct Row {
    var workload: String
    var count: Int
    var seconds: Double
    var unit: String
    var peakBytes: Int
    var ceiling: String = ""

    var rate: Double { seconds > 0 ? Double(count) / seconds : 0 }
}

func formatRate(_ rate: Double) -> String {
    rate >= 100 ? String(Int(rate.rounded())) : String(format: "%.1f", rate)
}

func formatSeconds(_ seconds: Double) -> String {
    seconds < 0.01 ? String(format: "%.5f", seconds) : String(format: "%.4f", seconds)
}

func formatMegabytes(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_048_576)
}

func printTable(_ rows: [Row]) {
    let header = ["workload", "N", "median s", "rate", "peak RSS", "vs ceiling"]
    let cells = rows.map { row in
        [row.workload, String(row.count), formatSeconds(row.seconds), "\(formatRate(row.rate)) \(row.unit)/s",
         formatMegabytes(row.peakBytes), row.ceiling]
    }
    var widths = header.map(\.count)
    for line in cells {
        for (index, cell) in line.enumerated() {
            widths[index] = max(widths[index], cell.count)
        }
    }
    func render(_ line: [String]) -> String {
        line.enumerated().map { index, cell in
            let pad = String(repeating: " ", count: widths[index] - cell.count)
            return index == 0 ? cell + pad : pad + cell
        }.joined(separator: "  ")
    }
    print(render(header))
    print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for line in cells {
        print(render(line))
    }
}
