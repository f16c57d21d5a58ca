import FeedModel
import Testing

@testable import FeedDedupe

/// The byte-level scanner and the tables the detector keeps its words in.
struct WordScannerTests {
    @Test func aWordsKeyIsTheHashOfItsNormalizedLetters() {
        var buffer = WordBuffer()
        WordScanner.scan("Выделено 1 500 000 тенге. Aкимaт «Жаңа жоба» — мои\u{0306} город", into: &buffer)
        let words = buffer.words.map(buffer.text)
        #expect(words == ["выделено", "1500000", "тенге", "акимат", "жаңа", "жоба", "мой", "город"])
        for word in buffer.words {
            #expect(word.key == StableHash.fnv1a(buffer.text(of: word)))
            #expect(Int(word.scalarCount) == buffer.text(of: word).unicodeScalars.count)
        }
        #expect(buffer.words[1].digitCount == 7)
        #expect(buffer.words.map(\.startsSentence) == [true, false, false, true, true, false, true, false])
    }

    @Test func sentencesStartWhereTheBoilerplateRuleSays() {
        var buffer = WordBuffer()
        let text = "Выделено 1.5 млрд тенге. Работы идут! г. Алматы. «Это важно»"
        let starts = WordScanner.scan(text, into: &buffer, splittingSentences: true)
        // "! г." is no end (a lower-case letter follows); "г. Алматы" is, as the rule is written.
        #expect(starts.map(\.word) == [0, 4, 7, 8])
        let utf8 = Array(text.utf8)
        #expect(String(decoding: utf8[starts[3].offset...], as: UTF8.self) == "«Это важно»")
    }

    @Test func theWordTableKeepsEveryNumberAsItGrows() {
        var table = WordTable()
        for number in 0..<200_000 {
            #expect(table.number(of: StableHash.fnv1a(String(number)), orInsert: Int32(number)) == Int32(number))
        }
        var wrong = 0
        for number in 0..<200_000 where table.number(of: StableHash.fnv1a(String(number)), orInsert: -2) != number {
            wrong += 1
        }
        #expect(wrong == 0)
    }

    @Test func marksAreClearedForTheNextComparison() {
        var marks = WordMarks(wordCount: 1_000)
        marks.mark([3, 64, 65, 999])
        #expect([3, 64, 65, 999].allSatisfy(marks.contains))
        #expect(!marks.contains(4) && !marks.contains(0))
        marks.clear([3, 64, 65, 999])
        #expect(!(0..<1_000).contains { marks.contains(Int32($0)) })
    }
}
