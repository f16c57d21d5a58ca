/// Deterministic Russian and Kazakh news prose and article HTML for the benchmark corpus.
///
/// Why: feedmerge's cost depends on what it reads (multi-byte Cyrillic text, entity-heavy escaped HTML, tags
/// the sanitizer rewrites), so the corpus imitates the feeds of Kazakh news sites rather than lorem ipsum.
/// Everything comes from a fixed-seed PRNG that this file implements itself, so the bytes never depend on the
/// standard library's random algorithms or on hashing order.

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and stable across platforms and Swift versions.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE5_E9B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound` (multiply-high, no modulo bias worth mentioning for small bounds).
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func between(_ low: Int, _ high: Int) -> Int {
        low + below(high - low + 1)
    }

    /// True with the given probability in percent.
    mutating func percent(_ chance: Int) -> Bool {
        below(100) < chance
    }

    /// A number in `0..<1`.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    mutating func hex(_ digits: Int) -> String {
        let value = next()
        let text = String(value, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - text.count)) + text
        return String(padded.prefix(digits))
    }
}

enum Language: String, Codable, Sendable {
    case russian = "ru"
    case kazakh = "kk"
    /// Russian articles with Kazakh passages, as bilingual regional sites publish.
    case mixed = "ru-kk"
}

/// Words as UTF-8 bytes, each also in a capitalized form for sentence starts.
private struct Vocabulary {
    var words: [[UInt8]]
    var capitalized: [[UInt8]]

    init(_ text: String) {
        let list = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        words = list.map { Array($0.utf8) }
        capitalized = list.map { Array(($0.prefix(1).uppercased() + $0.dropFirst()).utf8) }
    }
}

/// Generates prose and article markup into UTF-8 byte buffers.
struct TextGenerator {
    var rng: SplitMix64

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
    }

    // Function words repeat so that they come up about as often as in real text.
    private static let russian = Vocabulary(
        """
        в в в в на на на по по для и и и и а но что что как с с из к о от до при после более около также уже ещё
        этого всех не не было будет которые который этом году года в рамках в течение по словам согласно
        акимат акимата город города области района жителей проекта строительства дороги школы больницы
        министерства правительства программы бюджета тенге миллиардов миллионов граждан предприятия компании
        рынка цен сотрудников полиции пожара погоды температуры снега дождя воды отопления тарифов заседания
        депутатов закона решения суда выборов президента страны республики столицы улицы проспекта парка
        остановки автобусов маршрута транспорта аэропорта рейса поезда вокзала университета студентов учителей
        врачей пациентов вакцинации здоровья спорта чемпионата команды матча сборной турнира медали культуры
        театра концерта выставки музея фестиваля праздника юбилея ветеранов семей детей пенсий зарплаты налогов
        инвестиций экспорта урожая зерна фермеров скота экологии мусора воздуха озера реки гор туристов сезона
        недели месяца дня утра вечера сообщили заявил отметила рассказал планируется начнётся завершилось прошло
        состоится выделено построят отремонтируют открыли закрыли провели проверили обсудили утвердили подписали
        получили увеличится снизится выросли сократилось напомнили подчеркнул пояснили уточнили новый новой
        городского областного государственной местных крупнейший ближайшие текущего прошлого весеннего летнего
        осеннего зимнего социальных жилищного общественного международного казахстанских российских частных
        главной центральной работы ремонт объектов заявки жильё квартиры очереди помощь поддержки развития
        безопасности движения водителей пешеходов нарушений штрафов проверки результаты итогам планам срокам
        """)

    private static let kazakh = Vocabulary(
        """
        және және және мен бен үшін бойынша бойынша туралы кейін дейін шамамен сондай-ақ қазір әлі бұл бұл
        барлық емес болды болады ол олар осы осы жылы жылы қала қаласының облысы облысының әкімдігі әкімі
        тұрғындары жоба жобасы құрылыс жол жолдары мектеп мектептер аурухана министрлігі үкіметі бағдарлама
        бюджет теңге миллиард миллион азаматтар кәсіпорын компания нарық баға қызметкерлер полиция өрт ауа
        райы температура қар жаңбыр су жылу тариф отырыс депутаттар заң шешім сот сайлау ел Республикасы көше
        даңғыл саябақ аялдама автобус бағыт көлік әуежай пойыз университет студенттер мұғалімдер дәрігерлер
        денсаулық спорт чемпионат команда құрама турнир медаль мәдениет театр концерт көрме мұражай фестиваль
        мереке ардагерлер отбасы балалар зейнетақы жалақы салық инвестиция экспорт егін астық фермерлер мал
        экология қоқыс көл өзен тау туристер маусым апта ай жыл күн таңертең кеште хабарлады мәлімдеді атап
        өтті айтты жоспарлануда басталады аяқталды өтеді бөлінді салынады жөнделеді ашылды жабылды өткізілді
        тексерілді талқыланды бекітілді қол қойылды алды артады төмендейді өсті қысқарды еске салды түсіндірді
        нақтылады жаңа қалалық облыстық мемлекеттік жергілікті ірі алдағы биылғы өткен көктемгі жазғы күзгі
        қысқы әлеуметтік тұрғын үй қоғамдық халықаралық қазақстандық жеке басты орталық жұмыс жөндеу нысандар
        өтінім пәтер кезек көмек қолдау даму қауіпсіздік қозғалыс жүргізушілер жаяу жүргіншілер айыппұл
        """)

    private static let places = Vocabulary(
        """
        Алматы Астана Шымкент Қарағанды Караганда Ақтөбе Павлодар Семей Өскемен Қостанай Атырау Тараз Түркістан
        Кокшетау Талдыкорган Петропавловск Актау Уральск Жезказган Экибастуз Медеу Бостандыкском Алатауском
        Наурызбайском Есильском Сарыаркинском
        """)

    private static let firstNames = Vocabulary(
        "Ерлан Айгерим Нурлан Асель Дмитрий Ольга Сергей Мария Бауыржан Жанар Алексей Гульнара Дәурен Әсел Ғалым")
    private static let lastNames = Vocabulary(
        "Ахметов Сериков Иванова Петров Жумабаев Касымова Смирнов Омарова Нургалиев Кузнецова Қожахметов Әлиева")

    private static let categories = [
        "Общество", "Политика", "Экономика", "Происшествия", "Спорт", "Культура", "Образование", "Здравоохранение",
        "Транспорт", "Қоғам", "Саясат", "Экономика", "Оқиға", "Спорт", "Мәдениет", "Білім", "Новости региона",
    ]

    static let siteNames = [
        "Акимат города", "Новости", "Жаңалықтар", "Вечерний", "Городской портал", "Информационное агентство",
        "Газета", "Радио", "Телеканал", "Пресс-центр",
    ]

    mutating func category() -> String {
        rng.pick(Self.categories)
    }

    mutating func personName() -> String {
        let first = String(decoding: rng.pick(Self.firstNames.words), as: UTF8.self)
        let last = String(decoding: rng.pick(Self.lastNames.words), as: UTF8.self)
        return first + " " + last
    }

    mutating func place() -> [UInt8] {
        rng.pick(Self.places.words)
    }

    private mutating func vocabulary(_ language: Language) -> Vocabulary {
        switch language {
        case .russian: Self.russian
        case .kazakh: Self.kazakh
        case .mixed: rng.percent(25) ? Self.kazakh : Self.russian
        }
    }

    /// Plain words, no markup: titles and teasers. `quotes` picks the quotation marks for names.
    mutating func sentence(
        _ language: Language, into out: inout [UInt8], words: ClosedRange<Int> = 6...16, final: Bool = true,
        capitalized: Bool = true, quotes: (open: String, close: String) = ("«", "»")
    ) {
        let vocabulary = vocabulary(language)
        let count = rng.between(words.lowerBound, words.upperBound)
        for index in 0..<count {
            if index == 0 {
                out.append(contentsOf: rng.pick(capitalized ? vocabulary.capitalized : vocabulary.words))
                continue
            }
            let roll = rng.below(100)
            switch roll {
            case 0..<4: out.append(contentsOf: ", ".utf8)
            case 4..<6: out.append(contentsOf: " — ".utf8)
            default: out.append(UInt8(ascii: " "))
            }
            switch rng.below(100) {
            case 0..<5:
                out.append(contentsOf: place())
            case 5..<8:
                out.append(contentsOf: String(rng.between(2, 2025)).utf8)
            case 8..<10:
                out.append(contentsOf: quotes.open.utf8)
                out.append(contentsOf: rng.pick(vocabulary.capitalized))
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: rng.pick(vocabulary.words))
                out.append(contentsOf: quotes.close.utf8)
            default:
                out.append(contentsOf: rng.pick(vocabulary.words))
            }
        }
        if final {
            out.append(contentsOf: rng.percent(92) ? ".".utf8 : (rng.percent(50) ? "!".utf8 : "?".utf8))
        }
    }

    /// A linked phrase, an emphasis or plain words, as editors' HTML mixes them.
    private mutating func richSentence(_ language: Language, site: String, into out: inout [UInt8]) {
        let roll = rng.below(100)
        let quotes = rng.percent(20) ? ("&laquo;", "&raquo;") : ("«", "»")
        switch roll {
        case 0..<12:
            sentence(language, into: &out, words: 3...8, final: false, quotes: quotes)
            out.append(contentsOf: " ".utf8)
            out.append(contentsOf: link(site: site).utf8)
            sentence(language, into: &out, words: 2...4, final: false, capitalized: false)
            out.append(contentsOf: "</a> ".utf8)
            sentence(language, into: &out, words: 2...6, capitalized: false, quotes: quotes)
        case 12..<20:
            out.append(contentsOf: "<strong>".utf8)
            sentence(language, into: &out, words: 4...10, quotes: quotes)
            out.append(contentsOf: "</strong>".utf8)
        case 20..<26:
            out.append(contentsOf: "<em>".utf8)
            sentence(language, into: &out, words: 4...10, quotes: quotes)
            out.append(contentsOf: "</em>".utf8)
        case 26..<30:
            sentence(language, into: &out, words: 4...8, final: false, quotes: quotes)
            out.append(contentsOf: "&nbsp;— ".utf8)
            sentence(language, into: &out, words: 3...8, capitalized: false, quotes: quotes)
        case 30..<32:
            sentence(language, into: &out, words: 4...10, quotes: quotes)
            out.append(contentsOf: "<br />".utf8)
        default:
            sentence(language, into: &out, quotes: quotes)
        }
    }

    private mutating func link(site: String) -> String {
        let target = rng.percent(40) ? " target=\"_blank\" rel=\"noopener\"" : ""
        let tracking = rng.percent(3) ? " onclick=\"ym(12345678,'reachGoal','link')\"" : ""
        switch rng.below(4) {
        case 0: return "<a href=\"/ru/news/\(rng.between(10_000, 999_999))\"\(target)>"
        case 1:
            let query = "?utm_source=rss&amp;utm_medium=feed"
            return "<a href=\"https://\(site)/ru/articles/\(rng.hex(10))\(query)\"\(target)\(tracking)>"
        case 2:
            let path = "/memleket/entities/\(rng.hex(6))/press/news/details/\(rng.between(1000, 99_999))"
            return "<a href=\"https://www.gov.kz\(path)\"\(target)>"
        default: return "<a href=\"https://\(site)/kk/news/\(rng.between(10_000, 999_999))-\(rng.hex(6))\"\(tracking)>"
        }
    }

    private mutating func image(site: String, into out: inout [UInt8], language: Language) {
        let month = String(rng.between(1, 12))
        let path =
            rng.percent(60)
            ? "/upload/iblock/\(rng.hex(3))/\(rng.hex(24)).jpg"
            : "https://cdn.\(site)/images/2025/\(month)/\(rng.hex(12))_800x450.jpg"
        let width = rng.pick([640, 800, 1024, 1200])
        let height = width * 9 / 16
        let style = rng.percent(30) ? " style=\"display: block; margin-left: auto; margin-right: auto;\"" : ""
        let lazy = rng.percent(30) ? " loading=\"lazy\"" : ""
        if rng.percent(35) {
            out.append(contentsOf: "<figure class=\"image\"><img src=\"\(path)\" alt=\"".utf8)
            sentence(language, into: &out, words: 3...6, final: false, quotes: ("", ""))
            out.append(contentsOf: "\" width=\"\(width)\" height=\"\(height)\"\(lazy) /><figcaption>".utf8)
            sentence(language, into: &out, words: 4...9)
            out.append(contentsOf: "</figcaption></figure>\n".utf8)
        } else {
            out.append(contentsOf: "<p><img src=\"\(path)\" alt=\"\" width=\"\(width)\" height=\"\(height)\"".utf8)
            out.append(contentsOf: "\(style)\(lazy) /></p>\n".utf8)
        }
    }

    private static let scripts = [
        "<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>",
        "<script type=\"text/javascript\">window.yaContextCb.push(()=>{Ya.Context.AdvManager.render({"
            + "renderTo: 'yandex_rtb_R-A-1234567-3', blockId: 'R-A-1234567-3'})})</script>",
        "<script>(function(w,d){for(var i=0;i<w.ads.length;i++){var s=d.createElement('script');s.async=true;"
            + "s.src=w.ads[i];d.getElementsByTagName('head')[0].appendChild(s);}})(window,document);</script>",
        "<script async src=\"//www.instagram.com/embed.js\"></script>",
    ]

    /// An article body: paragraphs of Cyrillic text with links, images, emphasis, inline styles, now and then
    /// a list, a quote, an embedded video or a script.
    mutating func articleHTML(_ language: Language, site: String, paragraphs: Int, into out: inout [UInt8]) {
        if rng.percent(35) { image(site: site, into: &out, language: language) }
        for index in 0..<paragraphs {
            switch rng.below(100) {
            case 0..<4:
                out.append(contentsOf: "<ul>\n".utf8)
                for _ in 0..<rng.between(2, 5) {
                    out.append(contentsOf: "<li>".utf8)
                    sentence(language, into: &out, words: 3...10)
                    out.append(contentsOf: "</li>\n".utf8)
                }
                out.append(contentsOf: "</ul>\n".utf8)
            case 4..<7:
                out.append(contentsOf: "<blockquote><p>".utf8)
                sentence(language, into: &out)
                out.append(contentsOf: "</p></blockquote>\n".utf8)
            case 7..<11 where index > 0:
                out.append(contentsOf: "<h3>".utf8)
                sentence(language, into: &out, words: 3...7, final: false)
                out.append(contentsOf: "</h3>\n".utf8)
            case 11..<16 where index > 0:
                image(site: site, into: &out, language: language)
            case 16..<17:
                out.append(contentsOf: Self.scripts[rng.below(Self.scripts.count)].utf8)
                out.append(UInt8(ascii: "\n"))
            case 17..<18:
                let video = rng.hex(11)
                out.append(contentsOf: "<p><iframe width=\"560\" height=\"315\" ".utf8)
                out.append(contentsOf: "src=\"https://www.youtube.com/embed/\(video)\" frameborder=\"0\" ".utf8)
                out.append(contentsOf: "allowfullscreen></iframe></p>\n".utf8)
            case 18..<19:
                out.append(contentsOf: "<table border=\"1\"><tbody>".utf8)
                for _ in 0..<rng.between(2, 4) {
                    out.append(contentsOf: "<tr><td>".utf8)
                    sentence(language, into: &out, words: 1...3, final: false)
                    out.append(contentsOf: "</td><td>\(rng.between(1, 99_999))</td></tr>".utf8)
                }
                out.append(contentsOf: "</tbody></table>\n".utf8)
            default:
                break
            }
            let open =
                switch rng.below(10) {
                case 0, 1: "<p style=\"text-align: justify;\">"
                case 2: "<p class=\"MsoNormal\">"
                case 3: "<p dir=\"ltr\">"
                default: "<p>"
                }
            out.append(contentsOf: open.utf8)
            for sentenceIndex in 0..<rng.between(2, 5) {
                if sentenceIndex > 0 { out.append(UInt8(ascii: " ")) }
                richSentence(language, site: site, into: &out)
            }
            out.append(contentsOf: "</p>\n".utf8)
        }
        if rng.percent(10) {
            out.append(contentsOf: "<p><em>Фото: пресс-служба акимата</em></p>\n".utf8)
        }
    }
}
