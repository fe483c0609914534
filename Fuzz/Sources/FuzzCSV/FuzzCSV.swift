import FuzzDriver
import FuzzSupport

/// libFuzzer entry point: the input is the whole content of a `.csv` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ReadWholeFile.run(data, size, extension: "csv")
}
