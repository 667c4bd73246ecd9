/// busctl's version, as `busctl --version` prints it.
enum BusctlVersion {
    static let current = "0.1.0"
}
