//! The text of an HTML article. The page is parsed as browsers parse it (html5ever,
//! through `dom_query`), its furniture removed (scripts, styles, navigation, headers,
//! footers, asides, forms, lists of links, and the "Lire aussi"/"Read more" teasers of
//! `data/lang/<code>/boilerplate.tsv`), then its main content found the way Mozilla's
//! Readability finds it (`dom_smoothie`, a port of it): link lists and other blocks that
//! read like no article drop out. A page too small or too odd for that gives its body's
//! text. The headline comes first, as in a text article.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use crate::mention::fold;

/// Elements whose content is never article text.
const SKIPPED: &str =
    "script, style, nav, header, footer, aside, noscript, svg, form, iframe, template";

/// Blocks that may hold a teaser to another article ("Lire aussi : ...").
const TEASER_BLOCKS: &str = "p, li, div, span, strong, em, h2, h3, h4, h5, h6";

/// A teaser is short: a block longer than this is article text that happens to start
/// with one of the phrases.
const TEASER_MAX_CHARS: usize = 400;

/// The phrases that open a teaser to another article, in every language: read from the
/// `phrase` column of each `boilerplate.tsv`, folded.
fn teaser_phrases() -> &'static [String] {
    static PHRASES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        [
            include_str!("../data/lang/fr/boilerplate.tsv"),
            include_str!("../data/lang/en/boilerplate.tsv"),
        ]
        .iter()
        .flat_map(|table| table.lines())
        .filter(|line| !line.starts_with('#') && !matches!(line.trim(), "" | "phrase"))
        .map(|line| fold(line.trim()))
        .collect()
    })
}

/// Whether a block's text opens with a teaser phrase followed by a colon, a dash or the
/// end of the block: "Lire aussi : ...", "À lire aussi", "Read more:".
fn is_teaser(text: &str) -> bool {
    let folded = fold(text.trim());
    if folded.chars().count() > TEASER_MAX_CHARS {
        return false;
    }
    teaser_phrases().iter().any(|phrase| {
        folded.strip_prefix(phrase.as_str()).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with([':', '-', '|', '>', '»', '–', '—'])
        })
    })
}

/// The article's text and its title (the `<title>` or first `<h1>`), if any.
pub fn to_text(html: &str) -> (String, Option<String>) {
    let document = Document::from(html);
    let page_title = collapse(&document.select("title").first().text());
    let heading = collapse(&document.select("h1").first().text());
    document.select(SKIPPED).remove();
    for block in document.select(TEASER_BLOCKS).iter() {
        if block.select("a").exists() && is_teaser(&block.text()) {
            block.remove();
        }
    }
    // Lists of links (related articles, tags, menus that escaped the <nav>): their
    // words are links' words.
    for list in document.select("ul, ol").iter() {
        let all = list.text().chars().filter(|ch| !ch.is_whitespace()).count();
        let linked: usize = list
            .select("a")
            .iter()
            .map(|link| link.text().chars().filter(|ch| !ch.is_whitespace()).count())
            .sum();
        if all > 0 && linked * 5 >= all * 4 {
            list.remove();
        }
    }
    let body = document.select("body").formatted_text().to_string();
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let article = Readability::with_document(document, None, Some(config))
        .and_then(|mut readability| readability.parse())
        .ok()
        .filter(|article| !article.text_content.trim().is_empty());
    let (content, title) = match article {
        Some(article) => (article.text_content.to_string(), collapse(&article.title)),
        None => (body, String::new()),
    };
    let title = [title, page_title, heading.clone()]
        .into_iter()
        .find(|title| !title.is_empty());
    let mut lines: Vec<String> = content
        .lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect();
    // The headline first, as a text article has it, unless the content has it already.
    if !heading.is_empty() && !lines.contains(&heading) {
        lines.insert(0, heading);
    }
    if lines.is_empty() {
        return (String::new(), title);
    }
    (lines.join("\n") + "\n", title)
}

fn collapse(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_drops_the_furniture() {
        let html = r#"<!DOCTYPE html><html><head><title>Accord &amp; IA</title>
            <script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
            <body><nav><a href="/">Accueil</a></nav><header>Le Journal</header>
            <h1>La France et l&#39;Inde signent</h1>
            <p>Le 3 mars, la France et l&rsquo;Inde ont sign&eacute; un accord.</p>
            <p>Deuxième<br>ligne &#x2013; fin</p><!-- a comment -->
            <footer>© 2025</footer></body></html>"#;
        let (text, title) = to_text(html);
        assert!(
            title.is_some_and(|title| title.contains("France et l'Inde") || title == "Accord & IA")
        );
        assert_eq!(
            text,
            "La France et l'Inde signent\nLe 3 mars, la France et l’Inde ont signé un accord.\nDeuxième\nligne – fin\n"
        );
    }

    #[test]
    fn broken_markup_does_not_lose_text() {
        let (text, title) = to_text("<p>Texte & suite <b>gras</p><p>fin &unknown; &");
        assert_eq!(title, None);
        assert!(text.contains("Texte & suite gras"), "{text}");
        assert!(text.contains("fin &unknown; &"), "{text}");
    }

    /// A news page of our own: the article stays; the navigation, the "Lire aussi"
    /// teaser and the list of related links go, and with them the relations their
    /// headlines would have given.
    #[test]
    fn teasers_and_link_lists_are_no_article_text() {
        let html = include_str!("../tests/data/teaser_page.html");
        let (text, title) = to_text(html);
        assert_eq!(
            title.as_deref(),
            Some("La France et l'Inde signent un accord sur l'IA")
        );
        assert!(
            text.starts_with("La France et l'Inde signent un accord sur l'IA\n"),
            "{text}"
        );
        assert!(text.contains("partenariat stratégique"), "{text}");
        assert!(text.contains("centre commun de recherche"), "{text}");
        for furniture in [
            "Accueil",
            "Lire aussi",
            "Russie",
            "Corée",
            "Pékin",
            "© 2025",
        ] {
            assert!(!text.contains(furniture), "{furniture} in {text}");
        }
    }

    #[test]
    fn a_teaser_is_a_short_block_opening_with_the_phrase() {
        assert!(is_teaser("Lire aussi : La Chine et la Russie"));
        assert!(is_teaser("À LIRE AUSSI"));
        assert!(is_teaser("Read more: Seoul summit"));
        assert!(!is_teaser(
            "Lire aussi les travaux du comité permet de comprendre"
        ));
        assert!(!is_teaser("La France lit aussi"));
    }
}
