/// The line every published copy of a story ends with, naming each outlet that carried it, so that a reader sees
/// the reposts that were merged: `<p>Опубликовали: <a href="…">Outlet A</a>, Outlet B</p>`.
///
/// Shared by the writers that publish a story's HTML (JSON Feed, Atom) and the page, so they all say the same.
public enum OutletFooter {
    /// The footer for `story`: one HTML paragraph, every outlet in the story's order, linked to its article when
    /// that is an http or https URL; empty when the story names no outlet.
    public static func html(for story: PublishedStory) -> String {
        guard !story.outlets.isEmpty else { return "" }
        let names = story.outlets.map { outlet in
            let name = Markup.escaped(outlet.name)
            guard let link = WebLink.checked(outlet.link) else { return name }
            return "<a href=\"\(Markup.attribute(link))\">\(name)</a>"
        }
        return "<p>Опубликовали: \(names.joined(separator: ", "))</p>"
    }
}
