import FuzzDriver
import FuzzSupport

/// libFuzzer entry point: the input is the whole content of a `.xlsx` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ReadWholeFile.run(data, size, extension: "xlsx")
}
