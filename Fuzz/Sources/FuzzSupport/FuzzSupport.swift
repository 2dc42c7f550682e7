// What every harness shares: handing control to libFuzzer's driver, and failing with a reason.
import FuzzDriver
import Foundation

/// Runs libFuzzer with this process's command line and `callback` as the test function.
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}

/// Fails loudly when an oracle does not hold. Release builds drop `precondition` messages, and a
/// finding needs its reason; `fatalError` keeps it and traps, which libFuzzer records as a crash.
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "invariant violated") {
    if !condition() { fatalError(message()) }
}
