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
    var digits: String
    /// `1.05` may be a date (1 May) written with a point.
    var dateReading: (day: Int, month: Int)?
    /// The word before and the word after (after the scale word, if any), as context keys.
    var before: String?
    var after: String?

    /// The figures of normalized words, in order.
    static func figures(in tokens: [TextNormalizer.Token]) -> [Figure] {
        var figures: [Figure] = []
        for (index, token) in tokens.enumerated() where token.isNumber {
            guard let number = Double(token.text) else { continue }
            let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
            let before = index > 0 && !tokens[index - 1].isNumber ? tokens[index - 1].text : nil
            if let month = months[next] {
                guard number >= 1, number <= 31, number == number.rounded() else { continue }
                figures.append(
                    Figure(value: .date(day: Int(number), month: month), digits: token.text, before: before, after: nil)
                )
                continue
            }
            let scale = scales[next] ?? 1
            let afterIndex = scales[next] == nil ? index + 1 : index + 2
            let after = afterIndex < tokens.count && !tokens[afterIndex].isNumber ? tokens[afterIndex].text : nil
            let significant = token.text.filter { $0 != "." }.drop { $0 == "0" }.count
            figures.append(
                Figure(
                    value: .amount(number * scale, significantDigits: max(significant, 1)),
                    digits: token.text, dateReading: dateReading(token.text), before: before, after: after))
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
            return Fuzzy.isOneLetterLonger(Array(self.digits.unicodeScalars), than: Array(other.digits.unicodeScalars))
                || Fuzzy.isOneLetterLonger(Array(other.digits.unicodeScalars), than: Array(self.digits.unicodeScalars))
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

    private static func dateReading(_ digits: String) -> (day: Int, month: Int)? {
        let parts = digits.split(separator: ".")
        guard parts.count == 2, parts[1].count == 2, let day = Int(parts[0]), let month = Int(parts[1]),
            (1...31).contains(day), (1...12).contains(month)
        else { return nil }
        return (day, month)
    }

    private static let scales: [String: Double] = [
        "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
        "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12,
        "мың": 1e3,
    ]

    private static let months: [String: Int] = [
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
