/// The stable codes of the server's own refusals, in one place (the import's problem
/// codes stay the library's). Each is `area.reason`, as the project's other codes.
enum WebCode {
    static let tokenMissing = "access.token_missing"
    static let tokenWrong = "access.token_wrong"
    static let crossOrigin = "access.cross_origin"
    static let notMultipart = "upload.not_multipart"
    static let malformed = "upload.malformed"
    static let tooLarge = "upload.too_large"
    static let fileTooLarge = "upload.file_too_large"
    static let tooMany = "upload.too_many"
    static let empty = "upload.empty"
    static let nameInvalid = "upload.name_invalid"
    static let nameTwice = "upload.name_twice"
    static let writeFailed = "upload.write"
    static let badRequest = "request.invalid"
    static let notFound = "request.not_found"
    static let mappingField = "mapping.field_unknown"
    static let listen = "serve.listen"
}
