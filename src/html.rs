//! The text of an HTML article: scripts, styles and page furniture (navigation,
//! headers, footers, asides, forms) dropped, block elements as line breaks, entities
//! decoded. A small hand-written scanner: news pages are rarely well-formed XML, and
//! we need their words, not their tree.

/// Elements whose content is never article text.
const SKIPPED: [&str; 11] = [
    "script", "style", "nav", "header", "footer", "aside", "noscript", "svg", "form", "iframe",
    "template",
];

/// Elements that end a line.
const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "table",
    "figcaption",
    "dd",
    "dt",
];

/// The article's text and its `<title>` (or first `<h1>`), if any.
pub fn to_text(html: &str) -> (String, Option<String>) {
    let mut text = String::with_capacity(html.len() / 2);
    let mut title: Option<String> = None;
    let mut heading: Option<String> = None;
    let mut capture: Option<(&str, String)> = None;
    let mut skip_depth: Vec<String> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut text, &mut capture, rest, &skip_depth);
            break;
        };
        push_text(&mut text, &mut capture, &rest[..open], &skip_depth);
        rest = &rest[open..];
        // Comments and doctype.
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|ch| ch.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            if closing {
                if let Some(position) = skip_depth.iter().rposition(|open| *open == name) {
                    skip_depth.truncate(position);
                }
            } else {
                skip_depth.push(name.clone());
            }
            continue;
        }
        if !skip_depth.is_empty() {
            continue;
        }
        match (name.as_str(), closing) {
            ("title", false) => capture = Some(("title", String::new())),
            ("h1", false) if heading.is_none() => capture = Some(("h1", String::new())),
            ("title", true) | ("h1", true) => {
                if let Some((kind, captured)) = capture.take() {
                    let captured = collapse(&captured);
                    if kind == "title" && title.is_none() && !captured.is_empty() {
                        title = Some(captured.clone());
                    }
                    if kind == "h1" && heading.is_none() && !captured.is_empty() {
                        heading = Some(captured.clone());
                    }
                    if kind == "h1" {
                        text.push_str(&captured);
                        text.push('\n');
                    }
                }
            }
            _ => {}
        }
        if BLOCKS.contains(&name.as_str()) {
            text.push('\n');
        }
    }
    let lines: Vec<String> = text
        .lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect();
    (lines.join("\n") + "\n", title.or(heading))
}

fn push_text(
    text: &mut String,
    capture: &mut Option<(&str, String)>,
    raw: &str,
    skip_depth: &[String],
) {
    if !skip_depth.is_empty() || raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    match capture {
        Some(("title", captured)) => captured.push_str(&decoded),
        Some((_, captured)) => captured.push_str(&decoded),
        None => text.push_str(&decoded),
    }
}

fn collapse(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes character references: numeric ones and the named ones of French news.
pub fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '#'))
            .map(|i| i + 1);
        let (entity, consumed) = match end {
            Some(end) if rest[end..].starts_with(';') => (&rest[1..end], end + 1),
            _ => {
                out.push('&');
                rest = &rest[1..];
                continue;
            }
        };
        let decoded = if let Some(number) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(number, 16)
                .ok()
                .and_then(char::from_u32)
        } else if let Some(number) = entity.strip_prefix('#') {
            number.parse().ok().and_then(char::from_u32)
        } else {
            named(entity)
        };
        match decoded {
            Some(ch) => {
                out.push(ch);
                rest = &rest[consumed..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(entity: &str) -> Option<char> {
    Some(match entity {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "oelig" => 'œ',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "euro" => '€',
        "copy" => '©',
        _ => return None,
    })
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
        assert_eq!(title.as_deref(), Some("Accord & IA"));
        assert_eq!(
            text,
            "La France et l'Inde signent\nLe 3 mars, la France et l’Inde ont signé un accord.\nDeuxième\nligne – fin\n"
        );
    }

    #[test]
    fn broken_markup_does_not_lose_text() {
        let (text, title) = to_text("<p>Texte & suite <b>gras</p><p>fin &unknown; &");
        assert_eq!(title, None);
        assert_eq!(text, "Texte & suite gras\nfin &unknown; &\n");
    }
}
