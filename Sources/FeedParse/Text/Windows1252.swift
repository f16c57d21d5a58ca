/// The windows-1252 reading of code points 0x80-0x9F.
///
/// Legacy CMSes write dashes, quotes and ellipses as `&#150;`, `&#151;`, `&#133;`: windows-1252 byte values,
/// which Unicode assigns to invisible C1 controls. Browsers read them as windows-1252 (HTML §13.2.5.80, the
/// numeric character reference end state), and so do we; taken literally, "Астана &#151; столица" would lose
/// its dash.
enum Windows1252 {
    private static let table: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// `value` read as HTML reads a numeric character reference: 0x80-0x9F through windows-1252, others as is.
    static func remap(_ value: UInt32) -> UInt32 {
        (0x80...0x9F).contains(value) ? table[Int(value - 0x80)] : value
    }
}
