import FeedParse
import Testing

struct PlainTextTests {
    @Test func blocksBecomeParagraphs() {
        #expect(
            PlainText.paragraphs(
                fromHTML: "<p>Первый&nbsp;абзац <b>жирным</b>.</p><div>Второй<br><br>Третий</div><script>x()</script>")
                == ["Первый абзац жирным.", "Второй", "Третий"])
    }

    @Test func textWithoutMarkupSplitsAtBlankLines() {
        #expect(PlainText.paragraphs(fromHTML: "Один &laquo;два&raquo;\n\nТри") == ["Один «два»", "Три"])
        #expect(
            PlainText.paragraphs(fromHTML: "\n\nОдин\n\n\n\nдва\nтри\n\n\nчетыре\n") == ["Один", "два три", "четыре"])
        #expect(PlainText.paragraphs(fromHTML: "Заголовок без переноса") == ["Заголовок без переноса"])
    }
}
