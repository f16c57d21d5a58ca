import Testing

@testable import FeedDedupe

/// Each stage of the detector on hand-written Russian and Kazakh examples.
struct FuzzyTests {
    @Test(arguments: [
        ("участие", "участеи"),  // two letters swapped
        ("заменили", "замении"),  // one left out
        ("годом", "годомм"),  // one typed twice
        ("двери", "деври"),  // one moved
        ("жумабеков", "жумабеов"),
    ])
    func oneTypoApart(_ a: String, _ b: String) {
        #expect(Self.linked(a, b))
    }

    @Test(arguments: [("астана", "алматы"), ("байжанов", "байтасов"), ("павлодар", "павлодарской")])
    func differentWords(_ a: String, _ b: String) {
        #expect(!Self.linked(a, b))
    }

    /// Whether the corpus links the two words as one typo apart.
    static func linked(_ a: String, _ b: String) -> Bool {
        Corpus.typoNeighbours(of: [Array(a.unicodeScalars), Array(b.unicodeScalars)])[0] == [1]
    }

    @Test func namesTwoTyposApart() {
        func near(_ a: String, _ b: String) -> Bool {
            Fuzzy.withinTwoEdits(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        #expect(near("динара", "динннара"))
        #expect(near("шарипова", "шраиповаа"))
        #expect(!near("сагындыков", "карасаев"))
        #expect(!near("байжанов", "байтасова"))
    }
}

struct FigureTests {
    private func figures(_ text: String) -> [Figure] { Figure.figures(in: text) }

    @Test(arguments: [
        ("выделено 1 500 тенге", "выделено 1500 тенге"),
        ("выделено 1,5 млрд тенге", "выделено 1500 млн тенге"),
        ("стоимость 8 699 млн тенге", "стоимость 8,7 млрд тенге"),  // rounded
        ("1 250 млн тенге", "1,25 млрд тенге"),
        ("состоялось 15 мая в акимате", "состоялось 15.05 в акимате"),
        ("Мамыр 15 мамыр күні", "15.05 күні"),
        ("спасено 44 человека", "спасено 4 человека"),  // a digit left out
    ])
    func oneFigureWrittenTwoWays(_ a: String, _ b: String) {
        #expect(Compared.figureConflicts(figures(a), figures(b)) == 0)
    }

    @Test(arguments: [
        ("выделено 3 191 млн тенге", "выделено 4 329 млн тенге"),
        ("зарегистрировано 86 пожаров", "зарегистрировано 52 пожара"),
        ("состоялось 15 мая в акимате", "состоялось 16 мая в акимате"),
        ("спасено 66 человек", "спасено 65 человек"),
    ])
    func figuresThatDisagree(_ a: String, _ b: String) {
        #expect(Compared.figureConflicts(figures(a), figures(b)) > 0)
    }

    @Test func figuresInOtherPlacesDoNotConflict() {
        #expect(Compared.figureConflicts(figures("выделено 100 млн тенге"), figures("построено в 1988 году")) == 0)
    }
}

struct BoilerplateTests {
    @Test func creditsSignaturesAndRecallsGo() {
        let kept = Boilerplate.storyText(of: [
            "Публикуем материал издания «Атырау онлайн». В селе Акжар открыли школу.",
            "Напомним, в прошлом году здесь прошёл ремонт.",
            "Читайте также: В Таразе прошёл форум",
            "Фото: пресс-служба акимата",
            "Пресс-служба акимата Аккольского района",
            "Баспасөз қызметі",
            "Фотовыставка открылась в Доме дружбы.",
        ])
        #expect(kept == ["В селе Акжар открыли школу.", "Фотовыставка открылась в Доме дружбы."])
    }

    @Test func aRecallInsideAParagraphGoesWithTheRestOfIt() {
        let kept = Boilerplate.storyText(of: [
            "Школа приняла 420 учеников. Напомним, ремонт завершили в августе. На него выделили 3 млрд тенге."
        ])
        #expect(kept == ["Школа приняла 420 учеников."])
    }

    @Test func sentencesSplitAtMarksBeforeCapitals() {
        #expect(
            Boilerplate.sentences(of: "Выделено 1.5 млрд тенге. Работы идут! «Это важно», – сказал он. 3 мая всё")
                == ["Выделено 1.5 млрд тенге.", "Работы идут!", "«Это важно», – сказал он.", "3 мая всё"])
    }

    @Test func sentencesOfDecomposedTextAreCutWhereTheyStart() {
        // U+0344 composes into two marks (longer), е + U+0308 into ё (shorter): the cuts must follow.
        #expect(
            Boilerplate.sentences(of: String(repeating: "\u{0344}", count: 3) + "Да. Пое\u{0308}хали! Всё")
                == ["\u{0308}\u{0301}\u{0308}\u{0301}\u{0308}\u{0301}Да.", "Поёхали!", "Всё"])
    }

    @Test func titlePartsSplitAtRubrics() {
        #expect(Boilerplate.titleParts(of: "Новости. Аксу: школа открыта") == ["Новости.", "Аксу:", "школа открыта"])
    }
}

struct StoryTextTests {
    @Test func namesAreCapitalizedWordsInsideSentences() {
        let text = StoryText(
            title: "Новости. Совещание в Таразе",
            html: "<p>Аким района Куаныш Байжанов провёл совещание. Участники обсудили планы.</p>")
        #expect(Set(text.names.map(text.text)) == ["куаныш", "байжанов"])
        #expect(Set(text.innerTitleWords.map(text.text)) == ["в", "таразе"])
        #expect(text.capitalizedTitleWords.map(text.text) == ["таразе"])
        #expect(StoryText(title: "СОВЕЩАНИЕ В ТАРАЗЕ", html: "").capitalizedTitleWords.isEmpty)
        #expect(text.words.map(text.text).contains("провел"))
    }
}
