import Foundation
import Testing

@testable import FeedPublish

struct OPMLWriterTests {
    private let opml = String(decoding: OPMLWriter.write(SampleFeed.feed), as: UTF8.self)

    @Test func oneOutlinePerSourceInOrder() throws {
        #expect(opml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"))
        #expect(opml.components(separatedBy: "<outline ").count - 1 == SampleFeed.feed.sources.count)
        var previous = opml.startIndex
        for source in SampleFeed.feed.sources {
            let found = try #require(opml.range(of: "xmlUrl=\"\(Markup.attribute(source.feedURL))\""))
            #expect(found.lowerBound > previous)
            previous = found.lowerBound
        }
        #expect(
            opml.contains(
                "<outline type=\"rss\" text=\"Астана ақпарат\" title=\"Астана ақпарат\" "
                    + "xmlUrl=\"https://astana.kz/feed.xml\" htmlUrl=\"https://astana.kz/\" language=\"kk\"/>"))
    }

    @Test func namesAndAddressesAreEscaped() {
        #expect(opml.contains("text=\"Kazinform &amp; &lt;Co&gt;\""))
        #expect(opml.contains("xmlUrl=\"https://www.inform.kz/rss?lang=ru&amp;format=full\""))
        #expect(opml.contains("text=\"Злой &quot;сайт&quot;\""))
        #expect(!opml.contains("javascript:"))
        #expect(opml.contains("<title>Пресса Казахстана: перепечатки объединены</title>"))
    }

    @Test func theListIsWellFormedAndTheSameEachTime() {
        #expect(!AtomValidator.wellFormedness(Array("<opml><body></opml>".utf8)).isEmpty)
        let data = OPMLWriter.write(SampleFeed.feed)
        #expect(AtomValidator.wellFormedness(Array(data)).isEmpty)
        #expect(OPMLWriter.write(SampleFeed.feed) == data)
        var hostile = SampleFeed.feed
        hostile.title = SampleFeed.hostileTitle
        #expect(AtomValidator.wellFormedness(Array(OPMLWriter.write(hostile))).isEmpty)
    }
}
