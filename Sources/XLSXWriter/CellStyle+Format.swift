import CXLSXWriter

extension CellStyle {
    /// Copies this style onto a fresh libxlsxwriter format.
    /// - Throws: `.stringTooLong` for a font name over 31 characters or a number
    ///   format over 127 bytes (libxlsxwriter would silently truncate them).
    func apply(to format: UnsafeMutablePointer<lxw_format>) throws {
        if let fontName {
            guard fontName.count <= 31, !fontName.isEmpty else {
                throw XLSXWriterError(code: .stringTooLong, message: "font names have 1 to 31 characters",
                                      what: "format_set_font_name(\(fontName))")
            }
            format_set_font_name(format, fontName)
        }
        if let fontSize {
            guard fontSize >= 1, fontSize <= 409 else {
                throw XLSXWriterError(code: .invalidParameter, message: "font size must be 1–409 points",
                                      what: "format_set_font_size(\(fontSize))")
            }
            format_set_font_size(format, fontSize)
        }
        if bold { format_set_bold(format) }
        if let fontColor { format_set_font_color(format, lxw_color_t(fontColor & 0xFFFFFF)) }
        if let fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, lxw_color_t(fill & 0xFFFFFF))
        }
        switch border {
        case .none: break
        case .thin: format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
        case .medium: format_set_border(format, UInt8(LXW_BORDER_MEDIUM.rawValue))
        }
        if let borderColor, border != .none { format_set_border_color(format, lxw_color_t(borderColor & 0xFFFFFF)) }
        switch horizontal {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        case .centerAcross: format_set_align(format, UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue))
        }
        switch vertical {
        case .bottom: break
        case .center: format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        case .top: format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
        if wrap { format_set_text_wrap(format) }
        if indent > 0 {
            guard indent <= 15 else {
                throw XLSXWriterError(code: .invalidParameter, message: "indent must be 0–15",
                                      what: "format_set_indent(\(indent))")
            }
            format_set_indent(format, indent)
        }
        if let numberFormat {
            guard numberFormat.utf8.count < 128 else {
                throw XLSXWriterError(code: .stringTooLong, message: "number formats are limited to 127 bytes",
                                      what: "format_set_num_format")
            }
            format_set_num_format(format, numberFormat)
        }
    }
}
