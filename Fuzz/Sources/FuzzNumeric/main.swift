// Entry point: hands the command line to libFuzzer's driver with this harness's callback.
import FuzzSupport

runFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzNumeric(data, size)
}
