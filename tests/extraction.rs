//! Extraction rules, one line per rule, on sentences of our own in French and English.
//!
//! Each case gives the language, the publication date, the text, the relations that
//! must be found (type, participants, date, status) and the ones that must not.

use entente::document::Document;
use entente::format::{self, DocRecord};
use entente::lexicon::Lexicon;
use entente::model::{DateValue, Lang};
use entente::pipeline;

fn extract(text: &str, published: &str, lang: Lang) -> DocRecord {
    let lexicon = Lexicon::embedded().unwrap();
    let document = Document {
        id: "test.txt".to_string(),
        path: "test.txt".into(),
        lang: Some(lang),
        published: DateValue::parse(published),
        title: None,
        url: None,
        outlet: None,
        encoding: None,
        text: text.to_string(),
    };
    // Through JSON and back, as `eval` reads what `extract` wrote.
    let line = format::json_line(&pipeline::extract(&document, &lexicon), text.len());
    serde_json::from_slice(&line).unwrap()
}

/// `kind a b date status`, with `-` for no date and `*` for "any date, any status".
fn found(record: &DocRecord, spec: &str) -> bool {
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let (kind, a, b) = (parts[0], parts[1], parts[2]);
    let date = parts.get(3).copied().unwrap_or("*");
    let status = parts.get(4).copied().unwrap_or("*");
    record.relations.iter().any(|relation| {
        let p = &relation.participants;
        let symmetric = matches!(kind, "partnership" | "alliance" | "negotiation" | "rivalry");
        let same = (p[0] == a && p[1] == b) || (symmetric && p[0] == b && p[1] == a);
        let date_ok = match date {
            "*" => true,
            "-" => relation.date.is_none(),
            wanted => relation.date.as_deref() == Some(wanted),
        };
        relation.kind == kind && same && date_ok && (status == "*" || relation.status == status)
    })
}

fn describe(record: &DocRecord) -> String {
    record
        .relations
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r.kind,
                r.participants.join(" "),
                r.date.as_deref().unwrap_or("-"),
                r.status,
                r.evidence
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(lang: Lang, published: &str, text: &str, expected: &[&str], absent: &[&str]) {
    let record = extract(text, published, lang);
    for spec in expected {
        assert!(
            found(&record, spec),
            "missing `{spec}` in {text:?}; found:\n{}",
            describe(&record)
        );
    }
    for spec in absent {
        assert!(
            !found(&record, spec),
            "unexpected `{spec}` in {text:?}; found:\n{}",
            describe(&record)
        );
    }
}

use Lang::{En, Fr};

#[test]
fn participants_from_coordination_prepositions_and_compounds() {
    check(
        Fr,
        "2025-03-05",
        "Le 3 mars, la France et l'Inde ont signé un partenariat stratégique franco-indien.",
        &["partnership fra ind 2025-03-03 announced"],
        &[],
    );
    check(
        En,
        "2025-03-05",
        "The Franco-German alliance on artificial intelligence was confirmed.",
        &["alliance fra deu"],
        &[],
    );
    check(
        En,
        "2025-05-16",
        "US-China talks resumed in Geneva on Tuesday.",
        &["negotiation usa chn 2025-05-13"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Les négociations entre le Japon et la Corée du Sud se poursuivent.",
        &["negotiation jpn kor * ongoing"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Le Brésil veut nouer une alliance avec l'Inde dans l'IA.",
        &["alliance bra ind * intended"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Le Japon et l'Inde ont tenu une rencontre bilatérale. Les deux pays ont signé un accord de coopération.",
        &["partnership jpn ind * announced"],
        &[],
    );
    check(
        En,
        "2025-03-12",
        "The European Union and Japan held talks last week.",
        &["negotiation eu jpn 2025-03"],
        &[],
    );
}

#[test]
fn hyphens_glued_to_other_words_name_no_state() {
    check(
        Fr,
        "2025-01-10",
        "Un fonds sud-américain collabore avec la Chine.",
        &[],
        &["partnership usa chn"],
    );
    check(
        En,
        "2025-01-10",
        "Pro-Russian groups are working with China.",
        &[],
        &["partnership rus chn"],
    );
}

#[test]
fn statuses_from_cues_and_negation() {
    check(
        En,
        "2025-06",
        "President Xi Jinping called for an alliance with Brazil on artificial intelligence.",
        &["alliance chn bra 2025-06 proposed"],
        &[],
    );
    check(
        Fr,
        "2025-06-02",
        "Les discussions entre l'Inde et le Japon ne devraient pas aboutir à un accord.",
        &["partnership ind jpn * denied"],
        &[],
    );
    check(
        En,
        "2025-06-02",
        "Canada rejected a partnership with China.",
        &["partnership can chn * denied"],
        &[],
    );
    check(
        Fr,
        "2025-06-02",
        "L'Arabie saoudite souhaite rejoindre les BRICS.",
        &["membership sau brics 2025-06-02 intended"],
        &[],
    );
    check(
        Fr,
        "2025-06-02",
        "La rivalité entre Pékin et Washington s'intensifie.",
        &["rivalry chn usa - ongoing"],
        &[],
    );
    check(
        Fr,
        "2025-06-02",
        "Microsoft investira 10 milliards de dollars au Maroc.",
        &["investment microsoft mar 2025-06-02 announced"],
        &[],
    );
}

#[test]
fn titles_resolve_to_the_holder_on_the_publication_date() {
    check(
        Fr,
        "2025-03",
        "Le président russe a mandaté Yandex pour développer l'IA.",
        &["mandate putin yandex 2025-03"],
        &[],
    );
    check(
        Fr,
        "2024-12-01",
        "Le secrétaire d'État américain a mandaté le Pentagone.",
        &["mandate blinken pentagon"],
        &["mandate rubio pentagon"],
    );
    check(
        Fr,
        "2025-03-01",
        "Le secrétaire d'État américain a mandaté le Pentagone.",
        &["mandate rubio pentagon"],
        &["mandate blinken pentagon"],
    );
    check(
        En,
        "2025-03-01",
        "The French president tasked Mistral AI with a sovereign model.",
        &["mandate macron mistral"],
        &[],
    );
}

#[test]
fn roles_and_affiliations_from_appositions() {
    check(
        Fr,
        "2025-01-10",
        "Jensen Huang, le PDG de Nvidia, a rencontré des élus.",
        &["affiliation huang nvidia - established"],
        &[],
    );
    check(
        En,
        "2025-01-10",
        "Nvidia chief executive Jensen Huang visited Taipei.",
        &["affiliation huang nvidia"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Le ministre kényan Eliud Owalo a signé un accord avec l'Inde.",
        &["role eliud_owalo ken"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "La start-up, dirigée par Arthur Mensch, recrute. Mistral AI a été fondée à Paris.",
        &[],
        &["affiliation mensch fra"],
    );
    check(
        En,
        "2025-05-20",
        "Humain is an AI company. The company is chaired by Crown Prince Mohammed bin Salman.",
        &["affiliation mbs humain"],
        &[],
    );
}

#[test]
fn actors_the_lexicon_does_not_know() {
    let record = extract(
        "La startup française Pleias a levé 20 millions d'euros auprès du fonds Elaia.",
        "2025-01-10",
        Fr,
    );
    let pleias = record
        .actors
        .iter()
        .find(|actor| actor.name == "Pleias")
        .expect("Pleias found");
    assert_eq!(pleias.kind, "organization");
    assert!(
        record.actors.iter().any(|actor| actor.name == "Elaia"),
        "{:?}",
        record.actors
    );
    assert!(
        found(&record, "investment elaia pleias"),
        "{}",
        describe(&record)
    );

    let record = extract(
        "The Korean firm Upstage signed a partnership with Amazon.",
        "2025-01-10",
        En,
    );
    assert!(
        record.actors.iter().any(|actor| actor.name == "Upstage"),
        "{:?}",
        record.actors
    );
    assert!(
        found(&record, "partnership upstage amazon"),
        "{}",
        describe(&record)
    );

    let record = extract(
        "Un projet appelé « Horizon » sera financé par la France.",
        "2025-01-10",
        Fr,
    );
    assert!(
        found(&record, "investment fra horizon"),
        "{}",
        describe(&record)
    );

    // A surname alone points back to the full name.
    let record = extract(
        "M. Karim Zidane a visité Rabat. Zidane a signé un accord avec la France.",
        "2025-01-10",
        Fr,
    );
    assert!(
        found(&record, "partnership karim_zidane fra"),
        "{}",
        describe(&record)
    );
}

#[test]
fn events_and_participation() {
    check(
        Fr,
        "2024-06-01",
        "Le sommet de Séoul s'est tenu en mai 2024. La France y était représentée par sa ministre.",
        &["participation fra ai_seoul_summit 2024-05"],
        &[],
    );
    check(
        En,
        "2025-02-01",
        "India will host the AI Impact Summit in February 2026.",
        &["participation ind ai_impact_summit 2026-02 announced"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "L'Inde accueillera le sommet sur l'impact de l'IA, a annoncé le ministre indien Ashwini Vaishnaw.",
        &["participation ind ai_impact_summit"],
        &["participation vaishnaw ai_impact_summit"],
    );
}

#[test]
fn memberships_restrictions_investments() {
    check(
        En,
        "2025-02-01",
        "Indonesia joined the BRICS group in January 2025.",
        &["membership idn brics 2025-01"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Le Groupe de travail sur les normes, coprésidé par le Kenya et le Canada, se réunit.",
        &[
            "membership ken groupe_de_travail_sur_les_normes",
            "membership can groupe_de_travail_sur_les_normes",
        ],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Washington a imposé des sanctions contre Huawei.",
        &["restriction usa huawei 2025-01-10 announced"],
        &[],
    );
    check(
        En,
        "2025-01-10",
        "The United States banned exports of advanced chips to China.",
        &["restriction usa chn"],
        &[],
    );
    check(
        En,
        "2025-06-01",
        "SoftBank invested $1 billion in OpenAI last year.",
        &["investment softbank openai 2024"],
        &[],
    );
}

#[test]
fn sources_places_and_adjectives_are_not_parties() {
    check(
        Fr,
        "2025-01-10",
        "Selon Reuters, la Chine et la Russie ont signé un accord.",
        &["partnership chn rus"],
        &["partnership reuters chn", "partnership reuters rus"],
    );
    check(
        Fr,
        "2025-01-10",
        "Les géants américains collaborent avec Mistral AI.",
        &[],
        &["partnership usa mistral"],
    );
    let record = extract(
        "Le forum s'est tenu à Pékin, où Google et Baidu ont signé un accord.",
        "2025-01-10",
        Fr,
    );
    assert!(
        !record.actors.iter().any(|actor| actor.key == "chn"),
        "à Pékin is a place: {:?}",
        record.actors
    );
    assert!(
        found(&record, "partnership google baidu"),
        "{}",
        describe(&record)
    );
}

/// "les deux pays" is the last pair of states named before it in its sentence, else
/// the pair of an earlier sentence; "entre X et Y" after a trigger names its parties
/// even beside a compound adjective that qualifies something else.
#[test]
fn the_two_countries_and_between_name_the_nearest_pair() {
    check(
        Fr,
        "2025-01-10",
        "La France et l'Allemagne ont signé un accord. Les relations entre le Mexique et la Chine ont été tendues ces dernières années, mais les deux pays ont intensifié leur dialogue.",
        &["negotiation mex chn", "partnership fra deu"],
        &["negotiation fra deu"],
    );
    check(
        Fr,
        "2025-01-10",
        "Le Japon et l'Inde ont tenu une rencontre bilatérale. Les deux pays ont signé un accord de coopération.",
        &["partnership jpn ind"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Après le sommet franco-allemand, les deux pays ont signé un accord.",
        &["partnership fra deu"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Coopération franco-allemande  Le partenariat entre l'Espagne et le Portugal a été renouvelé mardi.",
        &["partnership esp prt"],
        &["partnership fra deu"],
    );
    check(
        Fr,
        "2025-01-10",
        "Le partenariat franco-allemand entre Paris et Berlin a été renouvelé.",
        &["partnership fra deu"],
        &[],
    );
}

/// Every member of a coordination takes part: subjects that join or co-chair, investors
/// after "auprès de", names coordinated across a demonym or a possessor that modifies
/// the second.
#[test]
fn coordinated_parties_each_take_part() {
    check(
        Fr,
        "2025-01-10",
        "L'Inde et la France coprésideront le Sommet pour l'action sur l'IA.",
        &[
            "participation ind ai_action_summit",
            "participation fra ai_action_summit",
        ],
        &[],
    );
    check(
        En,
        "2025-01-10",
        "Spain and Portugal joined the Global Partnership on AI in 2020.",
        &["membership esp gpai", "membership prt gpai"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Mistral AI a levé 600 millions d'euros auprès de Nvidia et de Microsoft.",
        &["investment nvidia mistral", "investment microsoft mistral"],
        &[],
    );
    check(
        En,
        "2025-01-10",
        "Nvidia and Saudi Arabia's Humain announced a partnership to build AI factories.",
        &["partnership nvidia humain"],
        &["partnership nvidia sau"],
    );
    check(
        Fr,
        "2025-01-10",
        "Nvidia et le saoudien Humain ont annoncé un partenariat.",
        &["partnership nvidia humain"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "La France et le président chinois Xi Jinping ont annoncé un partenariat.",
        &[],
        &["partnership fra xi", "partnership fra chn"],
    );
    let record = extract(
        "L’Union européenne et le Japon ont signé un accord numérique.",
        "2025-01-10",
        Fr,
    );
    assert!(
        found(&record, "partnership eu jpn"),
        "{}",
        describe(&record)
    );
    assert!(
        record.relations[0]
            .evidence
            .starts_with("L’Union européenne"),
        "the name, not the article's alias and a demonym: {}",
        describe(&record)
    );
}

/// A meeting verb reaches its object past a weekday, a date and a setting; common
/// roadmaps and joint initiatives are partnerships, initialled ones announced.
#[test]
fn meetings_past_adverbials_and_joint_roadmaps() {
    check(
        Fr,
        "2025-06-10",
        "Le président Emmanuel Macron a reçu mardi à l'Élysée le Premier ministre indien Narendra Modi.",
        &["negotiation fra ind"],
        &[],
    );
    check(
        En,
        "2025-06-10",
        "Joe Biden met on Tuesday at the White House with Japanese Prime Minister Fumio Kishida.",
        &["negotiation usa jpn"],
        &[],
    );
    check(
        Fr,
        "2025-06-10",
        "Rabat et Paris ont paraphé jeudi une feuille de route commune sur l'IA.",
        &["partnership mar fra * announced"],
        &[],
    );
    check(
        En,
        "2025-06-10",
        "India and the United Kingdom announced a joint initiative on critical technologies.",
        &["partnership ind gbr * announced"],
        &[],
    );
}

/// A counterpart qualified by a demonym is that state's: "son homologue émirati", "his
/// Chinese counterpart"; the press's French forms "émirati", "qatari" are demonyms.
#[test]
fn counterparts_stand_for_their_states() {
    check(
        Fr,
        "2025-06-10",
        "Nasser Bourita s'est entretenu avec son homologue émirati.",
        &["negotiation mar are"],
        &[],
    );
    check(
        En,
        "2025-06-10",
        "Antony Blinken met his Chinese counterpart in Beijing.",
        &["negotiation usa chn"],
        &[],
    );
    // An office holder the lexicon does not know acts for the state, which keeps its
    // own names.
    let record = extract(
        "Vendredi, le ministre marocain du numérique a rencontré son homologue émirati à Abou Dhabi.",
        "2025-06-10",
        Fr,
    );
    assert!(
        found(&record, "negotiation mar are"),
        "{}",
        describe(&record)
    );
    let morocco = record
        .actors
        .iter()
        .find(|actor| actor.key == "mar")
        .unwrap();
    assert!(
        !morocco
            .aliases
            .iter()
            .any(|alias| alias.contains("ministre")),
        "{:?}",
        morocco.aliases
    );
    check(
        Fr,
        "2025-06-10",
        "Le ministre chinois a critiqué les États-Unis, selon un diplomate qatari.",
        &[],
        &["negotiation chn usa", "rivalry qat usa"],
    );
    let lexicon = Lexicon::embedded().unwrap();
    for (word, state) in [("émirati", "are"), ("qataries", "qat"), ("kazakh", "kaz")] {
        let text = format!("un investisseur {word}");
        let folded = entente::mention::Folded::new(&text);
        let hits = lexicon.find(&folded, &entente::text::Tokens::new(&text, &folded));
        let demonym = hits.entities.iter().any(|hit| {
            matches!(
                lexicon.entity_pattern(hit.payload),
                entente::lexicon::EntityPattern::Alias(alias)
                    if lexicon.aliases[alias as usize].kind == entente::lexicon::AliasKind::Demonym
                        && *lexicon.actor(lexicon.aliases[alias as usize].actor).id == *state
            )
        });
        assert!(demonym, "{word} is a demonym of {state}");
    }
}

/// An alias with an elided article ("l'Union", the European Union) does not take the
/// start of a longer name ("l'Union africaine").
#[test]
fn elided_aliases_leave_longer_names_whole() {
    check(
        Fr,
        "2025-06-10",
        "La Chine a signé un accord avec l'Union africaine.",
        &["partnership chn african_union"],
        &["partnership chn eu"],
    );
    check(
        Fr,
        "2025-06-10",
        "Le Japon a signé un accord avec l'Union.",
        &["partnership jpn eu"],
        &[],
    );
}

/// A state's name written like one of its demonyms: in French "l'Argentine" is the
/// country and "argentine" the adjective; a demonym with a capital is a person.
#[test]
fn names_that_are_also_demonyms() {
    check(
        Fr,
        "2025-01-10",
        "Le Brésil et l'Argentine ont signé un accord de coopération.",
        &["partnership bra arg"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "La France et Djibouti ont signé un accord de défense.",
        &["partnership fra dji"],
        &[],
    );
    check(
        Fr,
        "2025-01-10",
        "Les entreprises argentines et la France ont signé un accord.",
        &[],
        &["partnership arg fra"],
    );
    check(
        Fr,
        "2025-01-10",
        "Le Brésilien Embraer et la France ont signé un accord.",
        &["partnership embraer fra"],
        &["partnership bra fra", "partnership bra embraer"],
    );
    check(
        En,
        "2025-01-10",
        "The Vatican and Italy signed an agreement on AI ethics.",
        &["partnership vat ita"],
        &[],
    );
}

#[test]
fn extraction_is_deterministic() {
    let text = "Le 3 mars, la France et l'Inde ont signé un partenariat. Le président russe a mandaté Yandex.";
    let first = serde_json::to_string(&extract(text, "2025-03-05", Fr)).unwrap();
    for _ in 0..5 {
        assert_eq!(
            serde_json::to_string(&extract(text, "2025-03-05", Fr)).unwrap(),
            first
        );
    }
}

#[test]
fn meetings_settings_and_coordinated_targets() {
    // Meeting verbs take their counterpart as object; two leaders speak for their states.
    check(
        En,
        "2024-11-15",
        "US Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi on Friday.",
        &["negotiation usa chn 2024-11-15"],
        &[],
    );
    check(
        Fr,
        "2025-02-07",
        "Le président Emmanuel Macron a reçu jeudi le président émirien Mohammed ben Zayed.",
        &["negotiation fra are 2025-02-06"],
        &[],
    );
    // A seat of government after "à" is the setting, not a party.
    check(
        Fr,
        "2025-01-10",
        "Le Premier ministre japonais Shigeru Ishiba s'est entretenu avec Lula à l'Élysée.",
        &["negotiation jpn bra"],
        &["negotiation jpn elysee", "negotiation ishiba elysee"],
    );
    // Every coordinated target of a restriction.
    check(
        En,
        "2025-01-10",
        "The White House announced export controls on AI chips to the United Arab Emirates and Saudi Arabia.",
        &["restriction white_house are", "restriction white_house sau"],
        &[],
    );
}
