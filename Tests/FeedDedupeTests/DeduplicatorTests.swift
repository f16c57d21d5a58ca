import Foundation
import Testing

@testable import FeedDedupe

/// The whole detector on a hand-written day of regional press: one release and its reposts, with the edits
/// outlets make, among look-alikes that must stay apart.
struct DeduplicatorTests {
    static let day = Date(timeIntervalSince1970: 1_727_400_000)

    static func entry(_ uid: String, _ source: String, hours: Double, _ title: String, _ html: String) -> DedupeEntry {
        DedupeEntry(
            uid: uid, source: "https://\(source)/rss", url: "https://\(source)/\(uid)", title: title,
            published: day.addingTimeInterval(hours * 3600), html: html)
    }

    static let release = entry(
        "orig", "akimat.gov.kz", hours: 0, "В селе Жанаарык завершили ремонт школы имени Ч. Валиханова",
        """
        <p>В селе Жанаарык Аккольского района завершен капитальный ремонт средней школы имени Ч. Валиханова. \
        На эти цели из местного бюджета выделено 3 191 млн тенге.</p>
        <p>Обустроен пандус для маломобильных граждан. Построена новая котельная. Полностью обновлены системы \
        отопления, водоснабжения и канализации.</p>
        <p>– Здание построено в 1988 году и ни разу не ремонтировалось капитально, – рассказывает директор школы \
        Сауле Аманжолова.</p>
        <p>Ход работ проверил аким района Жанболат Нургалиев.</p>
        <p><em>Пресс-служба акимата Аккольского района</em></p>
        """)

    /// A newspaper: title reworded, lead paraphrased, figures and quotes written another way, Latin look-alikes
    /// and a soft hyphen, footer dropped, a photo credit and a "read also" link added.
    static let newspaper = entry(
        "paper", "saryarka.kz", hours: 5, "Школу имени Валиханова отремонтировали в Жанаарыке",
        """
        Капитальный ремонт средней школы имени Ч. Валиханова завершен в селе Жанаарык Аккольского района. \
        На эти цели из местного бюджета направлено 3,19 млрд тенге.<br><br>Обустроен пандус для маломобильных \
        граждан. Пoстроена нoвая кoтельная. Полностью обнов\u{00AD}лены системы отопления, водоснабжения и \
        канализации.<br><br>- Здание построено в 1988 году и ни разу не ремонтировалось капитально, - \
        рассказывает директор школы Сауле Аманжолова.<br><br>Ход работ проверил аким района Жанболат Нургалиев.\
        <br><br>Читайте также: В Таразе открыли новый стадион<br><br>Фото: Сарыарка таны
        """)

    /// A summary-only feed: the first two sentences, with typos.
    static let summary = entry(
        "summary", "news-kz.kz", hours: 26, "В селе Жанаарык завершили ремонт школы",
        """
        <p>В селе Жанаарык Аккольского района завершен капитальный ремнот средней школы имени Ч. Валиханова. На \
        эти цели из местного бюджета выделено 3 191 млн тенеге.</p>
        """)

    /// The same campaign's release from another district: same wording, another village, director and figures.
    static let twin = entry(
        "twin", "akimat2.gov.kz", hours: 1, "В селе Акжар завершили ремонт школы имени Абая",
        """
        <p>В селе Акжар Целиноградского района завершен капитальный ремонт средней школы имени Абая. На эти цели \
        из местного бюджета выделено 4 329 млн тенге.</p>
        <p>Обустроен пандус для маломобильных граждан. Построена новая котельная. Полностью обновлены системы \
        отопления, водоснабжения и канализации.</p>
        <p>– Здание построено в 1997 году и ни разу не ремонтировалось капитально, – рассказывает директор школы \
        Мухтар Сагындыков.</p>
        <p>Ход работ проверил аким района Даурен Карасаев.</p>
        """)

    /// A follow-up two days later: new facts, and a "Напомним, ..." paragraph recalling the release.
    static let followUp = entry(
        "followup", "saryarka.kz", hours: 50, "Отремонтированная школа в Жанаарыке приняла 420 учеников",
        """
        <p>В отремонтированной школе имени Ч. Валиханова в селе Жанаарык 2 сентября начались занятия. Школа \
        приняла 420 учеников, для них открыты 6 новых кабинетов.</p>
        <p>Напомним, в селе Жанаарык Аккольского района завершен капитальный ремонт средней школы имени Ч. \
        Валиханова. На эти цели из местного бюджета выделено 3 191 млн тенге.</p>
        """)

    /// The same source reporting again, in the same words, on another school.
    static let sameSource = entry(
        "same-source", "akimat.gov.kz", hours: 3, "В селе Жанаарык завершили ремонт детского сада",
        """
        <p>В селе Жанаарык Аккольского района завершен капитальный ремонт детского сада «Балапан». На эти цели \
        из местного бюджета выделено 3 191 млн тенге.</p>
        """)

    /// Weekly reports of two regions: the same text but for the region and the figures.
    static let weeklyA = entry(
        "weekly-a", "dchs.gov.kz", hours: 2, "Оперативная сводка ДЧС Мангистауской области за неделю",
        """
        <p>За неделю в Мангистауской области зарегистрировано 86 пожаров, спасено 66 человек.</p>
        <p>При возникновении чрезвычайной ситуации звоните по номеру 101 или 112.</p>
        """)
    static let weeklyB = entry(
        "weekly-b", "dchs2.gov.kz", hours: 2.5, "Оперативная сводка ДЧС Костанайской области за неделю",
        """
        <p>За неделю в Костанайской области зарегистрировано 52 пожара, спасено 6 человек.</p>
        <p>При возникновении чрезвычайной ситуации звоните по номеру 101 или 112.</p>
        """)

    /// Short items with one generic title.
    static let genericA = entry(
        "generic-a", "akimat3.gov.kz", hours: 4, "Совещание в акимате",
        "<p>Аким Сарысуского района Евгений Ким провел совещание по подготовке к паводку.</p>")
    static let genericB = entry(
        "generic-b", "akimat4.gov.kz", hours: 4.5, "Совещание в акимате",
        "<p>Аким Мактааральского района Райхан Есимова провела совещание по горячему питанию в школах.</p>")

    /// A Kazakh release and its repost with the place sentence-initial and a rubric added to the title.
    static let kazakh = entry(
        "kz", "akimat5.gov.kz", hours: 6, "Ақсуда «Тіл – ұлттың жаны» атты слет өтті",
        """
        <p>Ақсуда «Тіл – ұлттың жаны» тақырыбында слет өтті. Іс-шараға этномәдени бірлестіктердің өкілдері мен \
        жастар қатысты. Жиынды аудан әкімі Ерлан Сейітов ашты. Қатысушылар 35 ұсыныс жасады.</p>
        """)
    static let kazakhRepost = entry(
        "kz-repost", "ertis.kz", hours: 9, "Жаңалықтар. Ақсуда слет өтті",
        """
        <p>Ақсуда «Тіл - ұлттың жаны» тақырыбында слет өтті. Іс-шараға этномәдени бірлестіктердің өкілдері мен \
        жастар қатысты. Жиынды аудан әкімі Ерлан Сейітов ашты. Қатысушылар 35 ұсыныс жасады.</p>
        <p>Суретте: слет қатысушылары</p>
        """)

    /// An agency: the title in capitals with «» swapped for "", the lead cut, paragraphs merged, an editor's
    /// intro and a "Напомним" background paragraph added, the figure written in full.
    static let agency = entry(
        "agency", "kazinform.kz", hours: 30, "ШКОЛУ ИМЕНИ \"Ч. ВАЛИХАНОВА\" ОТРЕМОНТИРОВАЛИ В ЖАНААРЫКЕ",
        """
        <div class="text"><p>Публикуем материал пресс-службы акимата.</p><p>Обустроен пандус для маломобильных         граждан. Построена новая котельная. Полностью обновлены системы отопления, водоснабжения и канализации.         &ndash; Здание построено в 1988 году и ни разу не ремонтировалось капитально, &ndash; рассказывает         директор школы Сауле Аманжолова. Ход работ проверил аким района Жанболат Нургалиев.</p>        <p>Напомним, в прошлом году в районе отремонтировали 5 школ.</p></div>
        """)

    /// The Kazakh release's template from another city: another place, another akim, another figure.
    static let kazakhTwin = entry(
        "kz-twin", "akimat6.gov.kz", hours: 7, "Оралда «Тіл – ұлттың жаны» атты слет өтті",
        """
        <p>Оралда «Тіл – ұлттың жаны» тақырыбында слет өтті. Іс-шараға этномәдени бірлестіктердің өкілдері мен         жастар қатысты. Жиынды қала әкімі Марат Жақсылықов ашты. Қатысушылар 12 ұсыныс жасады.</p>
        """)

    static let all = [
        release, newspaper, summary, twin, followUp, sameSource, weeklyA, weeklyB, genericA, genericB, kazakh,
        kazakhRepost, agency, kazakhTwin,
    ]

    private func storyOf() -> [String: String] {
        let stories = Deduplicator().stories(of: Self.all)
        return Dictionary(uniqueKeysWithValues: Self.all.indices.map { (Self.all[$0].uid, Self.all[stories[$0]].uid) })
    }

    @Test func repostsJoinTheRelease() {
        let story = storyOf()
        #expect(story["paper"] == "orig")
        #expect(story["summary"] == "orig")
        #expect(story["kz-repost"] == "kz")
        #expect(story["agency"] == "orig")
    }

    @Test(arguments: [
        "twin", "followup", "same-source", "weekly-a", "weekly-b", "generic-a", "generic-b", "kz-twin",
    ])
    func lookAlikesStayApart(_ uid: String) {
        #expect(storyOf()[uid] == uid)
    }

    @Test func theSameArticleAddressIsTheSameStory() {
        // An aggregator links the release with tracking parameters and shows only a generic sentence of it.
        var aggregator = Self.entry(
            "aggregator", "news-agg.kz", hours: 2, "Ремонт школы",
            "<p>Полностью обновлены системы отопления, водоснабжения и канализации.</p>")
        aggregator.url = "http://www.akimat.gov.kz/orig/?utm_source=yxnews&utm_medium=desktop"
        #expect(Deduplicator().stories(of: [Self.release, aggregator]) == [0, 0])
        // A year later the site reuses the address for another meeting: the window keeps them apart.
        aggregator.published = Self.day.addingTimeInterval(365 * 86_400)
        #expect(Deduplicator().stories(of: [Self.release, aggregator]) == [0, 1])
    }

    @Test func aRepostInTheSecondRunJoinsTheStoryAndItsId() {
        let detector = Deduplicator()
        let first = detector.assign([Self.release, Self.twin], known: [:])
        #expect(first == [Deduplicator.storyID(forFirstEntry: "orig"), Deduplicator.storyID(forFirstEntry: "twin")])
        #expect(detector.assign([Self.release, Self.twin], known: [:]) == first)  // a re-run: the same ids

        let known = ["orig": first[0], "twin": first[1]]
        let second = detector.assign([Self.twin, Self.newspaper, Self.release, Self.summary], known: known)
        #expect(second == [first[1], first[0], first[0], first[0]])
    }

    @Test func aStoryKeepsItsIdWhenAnEarlierEntryJoins() {
        // The newspaper's repost reached the history first and was published as a story: the release, arriving
        // now, joins that story, whose id stays (though the release is earlier and becomes its canonical entry).
        let known = ["paper": "tag:feedmerge,2026:story:paper"]
        let ids = Deduplicator().assign([Self.newspaper, Self.release], known: known)
        #expect(ids == ["tag:feedmerge,2026:story:paper", "tag:feedmerge,2026:story:paper"])
    }

    @Test func twoEntriesAloneAreComparedToo() {
        // A first run with two sources: every shared word is in every text, and must still count.
        #expect(Deduplicator().stories(of: [Self.release, Self.newspaper]) == [0, 0])
        #expect(Deduplicator().stories(of: [Self.release, Self.twin]) == [0, 1])
    }

    @Test func aRepostOutsideTheWindowStartsItsOwnStory() {
        var late = Self.newspaper
        late.published = Self.day.addingTimeInterval(4 * 86_400)
        let stories = Deduplicator().stories(of: [Self.release, late])
        #expect(stories == [0, 1])
    }

    @Test func theOrderOfTheInputDoesNotMatter() {
        let reversed = Array(Self.all.reversed())
        let stories = Deduplicator().stories(of: reversed)
        let story = Dictionary(
            uniqueKeysWithValues: reversed.indices.map { (reversed[$0].uid, reversed[stories[$0]].uid) })
        #expect(story == storyOf())
    }
}
