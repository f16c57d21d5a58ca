import FeedModel

/// A figure in a text: an amount (with its scale: `1,5 млрд` is 1 500 000 000) or a day of a month, with the
/// words on either side of it, so that two texts can be compared figure by figure.
///
/// Reposts write figures their own way (`1 500`/`1500`, `1 250 млн`/`1,25 млрд`, `15 мая`/`15.05`) and round
/// them; templated releases about other events keep the words and change the figures. So two texts disagree
/// only where the same words hold figures that cannot be one another written another way.
struct Figure: Sendable {
    enum Value {
        /// An amount and how many significant digits it was written with.
        case amount(Double, significantDigits: Int)
        case date(day: Int, month: Int)
    }

    var value: Value
    /// The digits as written (`1500`, `1.25`), for a typo's missing or doubled digit.
    var digits: [UInt8]
    /// `1.05` may be a date (1 May) written with a point.
    var dateReading: (day: Int, month: Int)?
    /// The keys of the word before and the word after (after the scale word, if any): where the figure stands.
    var before: UInt64?
    var after: UInt64?

    /// The figures of `text`'s words, in order.
    static func figures(in text: String) -> [Figure] {
        var buffer = WordBuffer()
        WordScanner.scan(text, into: &buffer)
        return figures(in: buffer.words[...], of: buffer)
    }

    /// The figures of normalized words (whose letters are in `buffer`), in order.
    static func figures(in words: ArraySlice<ScannedWord>, of buffer: WordBuffer) -> [Figure] {
        var figures: [Figure] = []
        for index in words.indices where words[index].isNumber {
            let word = words[index]
            let digits = Array(buffer.bytes[Int(word.start)..<Int(word.start + word.byteCount)])
            guard let number = Double(String(decoding: digits, as: UTF8.self)) else { continue }
            let next = index + 1 < words.endIndex ? words[index + 1].key : 0
            let before = index > words.startIndex && !words[index - 1].isNumber ? words[index - 1].key : nil
            if let month = months[next] {
                guard number >= 1, number <= 31, number == number.rounded() else { continue }
                figures.append(
                    Figure(value: .date(day: Int(number), month: month), digits: digits, before: before, after: nil))
                continue
            }
            let scale = scales[next] ?? 1
            let afterIndex = scales[next] == nil ? index + 1 : index + 2
            let after = afterIndex < words.endIndex && !words[afterIndex].isNumber ? words[afterIndex].key : nil
            let significant = digits.filter { $0 != UInt8(ascii: ".") }.drop { $0 == UInt8(ascii: "0") }.count
            figures.append(
                Figure(
                    value: .amount(number * scale, significantDigits: max(significant, 1)), digits: digits,
                    dateReading: dateReading(digits), before: before, after: after))
        }
        return figures
    }

    /// Whether the two can be one figure written two ways: equal, one rounded from the other, a date and its
    /// `dd.mm` form, or the same digits with one typed twice or left out.
    func matches(_ other: Figure) -> Bool {
        switch (value, other.value) {
        case (.date(let day, let month), .date(let otherDay, let otherMonth)):
            return day == otherDay && month == otherMonth
        case (.date(let day, let month), .amount):
            return other.dateReading.map { $0.day == day && $0.month == month } ?? false
        case (.amount, .date(let day, let month)):
            return dateReading.map { $0.day == day && $0.month == month } ?? false
        case (.amount(let value, let digits), .amount(let otherValue, let otherDigits)):
            if Self.rounds(value, digits, to: otherValue) || Self.rounds(otherValue, otherDigits, to: value) {
                return true
            }
            return Fuzzy.isOneLetterLonger(self.digits, than: other.digits)
                || Fuzzy.isOneLetterLonger(other.digits, than: self.digits)
        }
    }

    /// Whether `value`, written with `digits` significant digits, is `other` rounded to that precision.
    private static func rounds(_ value: Double, _ digits: Int, to other: Double) -> Bool {
        if value == other { return true }
        guard value != 0, other != 0 else { return false }
        let magnitude = (abs(value)).log10Floor
        let unit = pow10(magnitude - digits + 1)
        return abs(other - value) <= 0.5 * unit * (1 + 1e-9)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent >= 0 ? result : 1 / result
    }

    private static func dateReading(_ digits: [UInt8]) -> (day: Int, month: Int)? {
        let parts = digits.split(separator: UInt8(ascii: "."))
        guard parts.count == 2, parts[1].count == 2, let day = Int(String(decoding: parts[0], as: UTF8.self)),
            let month = Int(String(decoding: parts[1], as: UTF8.self)),
            (1...31).contains(day), (1...12).contains(month)
        else { return nil }
        return (day, month)
    }

    /// By word key.
    private static let scales: [UInt64: Double] = Dictionary(
        uniqueKeysWithValues: scaleWords.map {
            (StableHash.fnv1a($0.key), $0.value)
        })
    private static let months: [UInt64: Int] = Dictionary(
        uniqueKeysWithValues: monthNames.map {
            (StableHash.fnv1a($0.key), $0.value)
        })

    private static let scaleWords: [String: Double] = [
        "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
        "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12,
        "мың": 1e3,
    ]

    private static let monthNames: [String: Int] = [
        "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
        "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
        // Kazakh month names
        "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
        "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    ]
}

extension Double {
    /// ⌊log10(self)⌋ for a positive value, without Foundation.
    fileprivate var log10Floor: Int {
        var value = self
        var exponent = 0
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}
