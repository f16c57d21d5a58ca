import Testing

@testable import FeedParse

/// The sanitizer's fast path must write exactly what the libxml2 path writes, and must take the HTML feeds
/// usually carry (or it buys nothing).
struct RegularHTMLTests {
    static let base = URLResolver.Base("https://press.example.kz/news/")

    static func fast(_ html: String) -> String? {
        Array(html.utf8).withUnsafeBufferPointer { RegularHTMLSanitizer.sanitize($0, base: base, isValidUTF8: true) }
    }

    static func slow(_ html: String) -> String {
        Array(html.utf8).withUnsafeBufferPointer { HTMLSanitizer().sanitizeWithLibxml2($0, base: base) }
    }

    /// Regular HTML the fast path must accept.
    static let regular = [
        "<p>Аким области встретился с жителями.</p>\n<p>Обсудили ремонт дорог.</p>",
        "<p>Текст <a href=\"/news/1\" title=\"Подробнее\">ссылка</a> и <img src=\"/i/1.jpg\" alt=\"фото\"></p>",
        "<p>Кавычки &laquo;ёлочки&raquo; &nbsp;и&nbsp;тире &mdash; и &#1178;&#x49B; &amp; &lt;тег&gt;</p>",
        "<div><h2>Заголовок</h2><ul>\n<li>один</li>\n<li><b>два</b></li>\n</ul></div>",
        "<p>Строка<br>вторая<br/>третья<br />четвёртая</p>",
        "<blockquote><p>Цитата</p></blockquote><!-- комментарий --><p>после</p>",
        "<figure><img src=\"a.jpg\"><figcaption>Фото: пресс-служба</figcaption></figure>",
        "<p><a href=\"https://gov.kz/a?x=1&amp;y=2\" target=\"_blank\" rel=\"nofollow\">gov.kz</a></p>",
        "<P CLASS=\"lead\" Style=\"color:red\">Верхний регистр</P>",
        "Текст без обёртки <b>жирный</b> и <i>курсив</i>",
        "<p onclick=\"alert(1)\">обработчик</p><a href=\"javascript:alert(1)\">js</a>",
        "<ol start=\"3\"><li>три</li><li>четыре<ul><li>вложенный</li></ul></li></ol>",
        "<p>Ә Ғ Қ Ң Ө Ұ Ү Һ І — қазақ тілі</p>",
        "<p><span lang=\"kk\">Сәлем</span> <q cite=\"/src\">дәйексөз</q> <time datetime=\"2026-11-27\">27.11</time></p>",
        "<p>x &gt; y and 2 > 1</p>",
        "<img src=data:image/png;base64,iVBORw0KGgo= alt=x>",
        "<p><a href='/single'>одинарные кавычки</a></p>",
        "<p>\ttab\nnewline </p>  ",
        "<table><tbody><tr><th>Район</th><td><p>1 500</p></td></tr></tbody></table>",
        "<table>\n<caption>Итоги</caption>\n<tr><td>a</td><td>b</td></tr>\n</table>",
        "<p>до<script type=\"text/javascript\">if (a < b) { x('p') }</script>после</p>",
        "<div><iframe src=\"https://www.youtube.com/embed/x\" width=\"560\"></iframe><p>видео</p></div>",
        "<style>p { color: red }</style><p>стиль</p>",
        "<script>alert(1)</script>", "<table><tr><td>1</td></tr></table>",
    ]

    /// HTML the fast path must refuse (libxml2 restructures or reads it in its own way).
    static let irregular = [
        "<p>незакрытый", "<p><div>блок в абзаце</div></p>", "<b><p>блок во фразе</p></b>", "<p>a<p>b",
        "<a href=x><a href=y>вложенные ссылки</a></a>", "<li>вне списка</li>", "<ul>текст в списке</ul>",
        "<font color=red>x</font>", "<script>document.write('</p>')</script>",
        "a < b", "AT&T", "&unknown;", "</p>", "<p>a</b></p>", "<br/x>", "<div/>", "<p a=1 a=2>x</p>",
        "<p>\u{01}</p>", "<p>\r\n</p>", "<!-->", "<p title=\"a<b\">x</p>", "&#0;", "&#x80;", "&#xD800;",
        "<tr><td>1</td></tr>", "<table>текст</table>", "<table><td>1</td></table>", "<script>never closed",
        "<ul><script>x</script></ul>",
    ]

    @Test(arguments: regular)
    func acceptsRegularHTML(_ html: String) throws {
        let fast = try #require(Self.fast(html), "fast path refused: \(html)")
        #expect(fast == Self.slow(html))
    }

    @Test(arguments: irregular)
    func refusesIrregularHTML(_ html: String) {
        #expect(Self.fast(html) == nil)
    }

    /// Every combination of a few building blocks: wherever the fast path accepts, it agrees with libxml2.
    @Test func agreesWithLibxml2OnCombinations() {
        let pieces = [
            "<p>", "</p>", "<b>", "</b>", "<a href=\"/x?a=1&amp;b=2\">", "</a>", "текст", " ", "\n", "&nbsp;",
            "<br>", "<img src=\"i.png\" alt='&quot;'>", "<div>", "</div>", "<ul>", "</ul>", "<li>", "</li>",
            "<!--c-->", "&#1178;", "<h1>", "</h1>", "<span title=t>", "</span>", "x > y", "<img src=a/b=c>",
            "&#xFFFE;", "&#151;", "\u{FFFF}", "<img src=\"data:image/pngx,1\">", "<table>", "</table>", "<tr>",
            "</tr>", "<td>", "</td>", "<tbody>", "</tbody>", "<iframe src=x>", "</iframe>",
            "<script>a<b</script>", "<SCRIPT>x</Script >", "<style>p{}</style>",
        ]
        var accepted = 0
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    let html = first + second + third
                    guard let fast = Self.fast(html) else { continue }
                    accepted += 1
                    let slow = Self.slow(html)
                    #expect(fast == slow, "\(html)")
                }
            }
        }
        #expect(accepted > 800)
    }
}
