//! Word classes: the function words that rules read (coordination, prepositions of
//! agent, partner and place, articles, auxiliaries, negation, reporting verbs...), loaded
//! per language from `data/lang/<code>/words.tsv`.
//!
//! A rule asks "is this token a coordination word", never compares a literal, so a
//! language is added as a folder of data and a word as a row. Words are stored folded
//! (lower case, no accents), as tokens' `norm` forms are. Punctuation is structural and
//! stays in the code that reads it (`text::is_clause_end` and the like).
//!
//! It never searches text: it answers for one token at a time.

use rustc_hash::FxHashMap as HashMap;

use crate::model::{Lang, Subtype};

macro_rules! word_classes {
    ($($variant:ident => $name:literal, $doc:literal;)+) => {
        /// What a rule reads a word for. The names are the `class` column of
        /// `data/lang/<code>/words.tsv`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum WordClass {
            $(#[doc = $doc] $variant,)+
        }

        impl WordClass {
            pub const ALL: &[WordClass] = &[$(WordClass::$variant,)+];

            pub fn name(self) -> &'static str {
                match self {
                    $(WordClass::$variant => $name,)+
                }
            }

            pub fn parse(name: &str) -> Option<WordClass> {
                match name {
                    $($name => Some(WordClass::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

word_classes! {
    According => "according", "Introduces whose words follow at once: \"selon X\", \"according to X\".";
    Administration => "administration", "Names a leader's government with the leader's name: \"the Biden administration\", \"l'administration Trump\" (the state, FORMAT.md).";
    Abbreviation => "abbreviation", "A word whose full stop ends no sentence: \"M.\", \"Mme\", \"Dr\", \"etc.\" (read by `text`'s sentence splitter).";
    AddressTitle => "address_title", "A title of address before a person's name: \"M.\", \"Mme\", \"Mr\", \"Dr\".";
    PlannedFuture => "planned_future", "A word that puts the verb after it in a plan or an expectation: \"plan to sign\", \"expected to sign\", \"devraient signer\" (announced, FORMAT.md; read by status only, not by a date's tense).";
    Wish => "wish", "A verb of wishing before the verb it governs: \"hopes to sign\", \"souhaite signer\" (intended, FORMAT.md; read by status).";
    FormatAdjective => "format_adjective", "An adjective of a meeting's format that names it without a place: \"trilateral\", \"ministérielle\" (\"the trilateral meeting\", \"la réunion ministérielle\").";
    HyphenSeat => "hyphen_seat", "A participle glued after a firm's seat: \"Lima-based Corvana\", \"Nairobi-headquartered X\" (the name after it is a firm; the place is no party).";
    HyphenAgent => "hyphen_agent", "A participle glued by a hyphen after the name of its agent: \"Microsoft-backed OpenAI\" (the name is a mention, the backer).";
    AddressInitials => "address_initials", "A title of address written in initials, as its letters joined: \"he\" of \"H.E.\", \"sem\" of \"S.E.M.\" (read only as a run of single capitals and full stops).";
    AdjectiveEnding => "adjective_ending", "An ending of adjectives (read as a suffix of a word of four letters or more).";
    Agent => "agent", "Introduces the agent of a passive: \"par\", \"by\".";
    AiWord => "ai_word", "A word of the topic of artificial intelligence: \"IA\", \"intelligence\".";
    AnaphoricDeterminer => "anaphoric_determiner", "Before an event noun, points back to the last event: \"ce sommet\", \"the summit\".";
    Auxiliary => "auxiliary", "An auxiliary verb: before a participle it makes a clause, not a description.";
    Benefactive => "benefactive", "Introduces a minister's portfolio besides \"of\": \"pour\", \"for\".";
    Between => "between", "Introduces two parties together: \"entre\", \"between\".";
    CompanySuffix => "company_suffix", "A word that ends a company's name, never starts one: \"Technologies\", \"Holdings\", \"Inc\" (legal forms of ISO 20275 and their like).";
    Comitative => "comitative", "Introduces a partner sharing the act: \"avec\", \"with\".";
    CompanyHead => "company_head", "A noun that points back to a company: \"la start-up\", \"the firm\" (heads.tsv).";
    Complement => "complement", "After a reporting verb, makes the name that follows its complement, not its speaker.";
    Conjunction => "conjunction", "A coordinating conjunction between two names: \"et\", \"and\".";
    Coordination => "coordination", "May stand between two coordinated names (with commas and apostrophes).";
    CoAgent => "co_agent", "Names others who do what the subject does, beside it: \"alongside\", \"aux côtés de\" (\"côtés\"); co-signers of a text and co-investors.";
    Contrast => "contrast", "Opens a clause of contrast to the end of the sentence: \"while\", \"whereas\", \"tandis (que)\"; its names take no part in the main clause's event.";
    Copula => "copula", "A verb that makes the noun after it a predicate of the subject: \"is\", \"became\", \"est\", \"reste\" (\"India is a key partner of Japan\").";
    Counterpart => "counterpart", "Introduces the other party of a symmetric relation: \"avec\", \"face à\", \"against\".";
    CounterpartNoun => "counterpart_noun", "A counterpart in office: \"son homologue émirati\" (heads.tsv).";
    DefiniteArticle => "definite_article", "A definite article, skipped when looking before a name.";
    Demonstrative => "demonstrative", "Points back to something already named: \"ces\", \"this\".";
    DocumentHead => "document_head", "A noun that heads the name of a text states sign or endorse: \"Declaration\", \"Charte\", \"Convention\" (read by the `document` trigger feature).";
    Dual => "dual", "With a polity noun, points back to two states: \"les deux pays\", \"both countries\".";
    ElidedArticle => "elided_article", "The elided definite article, before an apostrophe: \"l'\".";
    EventHead => "event_head", "A noun that heads an event phrase: \"sommet\", \"talks\" (heads.tsv).";
    EventNoun => "event_noun", "A noun for an event, after an anaphoric determiner (heads.tsv).";
    EventOf => "event_of", "Links an event head to its place: \"sommet de Paris\".";
    Funder => "funder", "Introduces who gives money: \"par\", \"provenant de\", \"from\".";
    FutureAuxiliary => "future_auxiliary", "Makes the sentence speak of the future: \"sera\", \"will\".";
    FutureEnding => "future_ending", "An ending of verbs in the future tense (read as a suffix of a long enough word).";
    GovernmentHead => "government_head", "\"le gouvernement\" alone: the government of the state the passage is about (heads.tsv).";
    HeadModifier => "head_modifier", "A word before a company head that belongs to it: \"jeune\" of \"jeune pousse\".";
    Inclusion => "inclusion", "Opens a list of the members of the noun phrase before it: \"including\", \"dont\", \"notamment\".";
    IndefiniteArticle => "indefinite_article", "An indefinite article: \"un\", \"a\".";
    Locative => "locative", "A preposition of place: \"à\", \"at\", \"in\".";
    LocativePronoun => "locative_pronoun", "A pronoun of place before a verb: \"y\"; read in the document's language.";
    NameConnector => "name_connector", "A lower-case word inside a multi-word name: \"de\", \"of\", \"bin\" (with apostrophes).";
    Naming => "naming", "Introduces a name: \"appelé\", \"baptisée\", \"called\".";
    Negation => "negation", "Negates the verb that follows within a few words: \"not\", \"never\".";
    NegationComplement => "negation_complement", "Completes a negation particle: \"pas\", \"jamais\".";
    NegationParticle => "negation_particle", "Opens a two-part negation: \"ne ... pas\".";
    National => "national", "Marks a state's own body inside its name: \"National\", \"fédérale\" (with a `public_head`, a government body).";
    Of => "of", "The preposition of belonging and its contracted forms: \"de\", \"du\", \"d'\", \"of\".";
    Ordinal => "ordinal", "An ordinal or \"next\" before an event head: \"sixième réunion\", \"first meeting\".";
    OrgCue => "org_cue", "A noun that introduces an organisation's name, with its subtype: \"la startup X\" (heads.tsv).";
    OrgHead => "org_head", "A capitalised noun that heads an organisation's name: \"Groupe\", \"Ministry\" (heads.tsv).";
    Origin => "origin", "Links a person to the body they come from: \"de\", \"of\", \"from\".";
    OriginElided => "origin_elided", "The elided form of an origin preposition, before an apostrophe: \"d'\".";
    PublicHead => "public_head", "An organisation head that names a government body when a state or a `national` word qualifies it: \"Kenya Revenue Authority\", \"Agence nationale de ...\" (heads.tsv).";
    PastAuxiliary => "past_auxiliary", "An auxiliary of a past tense before a participle: \"has\", \"ont\" (\"ont interdit\" is done).";
    PastVerb => "past_verb", "A verb form of a past tense that no ending marks: \"said\", \"met\", \"fut\" (with `past_auxiliary` and `past_ending`, places a weekday of its clause before publication).";
    DomainPreposition => "domain_preposition", "Opens the field of an organisation's name before a lower-case noun: \"en\" (\"Institut de recherche en sciences du numérique\").";
    PersonRelative => "person_relative", "A relative pronoun only people take: \"who\" (\"Ana Ruiz, who heads Oracle\": the name before it is a person's).";
    Reflexive => "reflexive", "A reflexive pronoun before its verb: \"se\", \"s'\" (\"s'est ouvert\", \"se sont réunis\": with an auxiliary after it, a past tense).";
    ClauseOpener => "clause_opener", "A word that opens a clause of its own: \"that\", \"which\", \"que\", \"qui\" (a time expression takes the tense of its clause).";
    PastEnding => "past_ending", "An ending of verbs in a past tense (read as a suffix of a long enough word): \"-ed\", \"-é\".";
    PlacePreposition => "place_preposition", "Before a capital, makes it a place, not a government: \"à Pékin\", \"in Beijing\".";
    PluralArticle => "plural_article", "A plural definite article: \"les\".";
    SingularPronoun => "singular_pronoun", "A singular subject pronoun that opens a sentence and points back to the subject of the sentence before when a trigger follows it: \"It signed\", \"Il a signé\".";
    PluralPronoun => "plural_pronoun", "A plural subject pronoun that points back to the pair named last, like \"les deux pays\": \"they\", \"ils\".";
    PluralPossessive => "plural_possessive", "A plural possessive determiner: \"ses\", \"leurs\", \"their\".";
    PolityNoun => "polity_noun", "A noun for states, after a dual word: \"pays\", \"countries\".";
    PressWord => "press_word", "Makes an event head a briefing: \"news conference\", \"conférence de presse\".";
    PortfolioPreposition => "portfolio_preposition", "Opens an office's portfolio like \"of\" does: \"la représentante au Commerce\", \"la commissaire à la Concurrence\".";
    PortfolioMarker => "portfolio_marker", "Gives a title its portfolio right after it: \"secrétaire d'État chargée du Numérique\" (the title is then a post of any state, not the one country's office the bare title names).";
    Possessive => "possessive", "A possessive determiner: \"son\", \"sa\", \"its\".";
    PossessiveS => "possessive_s", "The ending of a possessive after an apostrophe: the \"s\" of \"Saudi Arabia's\".";
    ProjectNoun => "project_noun", "A noun before a project's name: \"projet\", \"project\".";
    Purpose => "purpose", "Opens a purpose clause: \"pour\", \"afin de\", \"to\".";
    StateTitle => "state_title", "A word that makes a title an office of a state's government, whoever holds it: \"ministre\", \"minister\", \"secretary\", \"representative\".";
    RestrictionTarget => "restriction_target", "After a restriction, introduces what it targets: \"sur\", \"contre\", \"on\", \"against\".";
    Recipient => "recipient", "Introduces where money goes: \"dans\", \"en\", \"into\".";
    RepresentationStem => "representation_stem", "The stem of \"représenté\" (read as a prefix): \"représenté par X\" names a person.";
    RelativePronoun => "relative_pronoun", "Opens a relative clause about the name before it: \"who\", \"qui\" (\"X, who heads Y\": the title's word after it is a verb).";
    StateAgent => "state_agent", "\"US and Chinese officials\", \"la délégation chinoise\": people who act for a state, with a demonym beside them the state itself (heads.tsv).";
    StateNoun => "state_noun", "A singular noun for a state after \"the\", \"le\" or \"ce\", pointing back to the state named last: \"the country\", \"le Royaume\" (heads.tsv).";
    StateNamedHead => "state_named_head", "An organisation head whose name takes the state right after its \"of\": \"University of Ghana\", \"Bank of Korea\", \"Université du Ghana\" (heads.tsv); after another head the state is the body's country (\"Ministry of Economy of Japan\").";
    StateHead => "state_head", "\"l'État luxembourgeois\", \"the Kenyan state\": with a demonym beside it, the state itself (heads.tsv).";
    Reporting => "reporting", "A verb of saying: its subject reports a relation and is no party to it.";
    LanguageMarker => "language_marker", "A function word frequent in the language and rare in the others, counted to tell a document's language (`lang`): \"les\", \"the\".";
    LowercaseOrgHead => "lowercase_org_head", "An organisation head the language writes in lower case before a capitalised complement: \"le ministère de l'Économie\" (French; English capitalises its names).";
    NameParticle => "name_particle", "A particle inside a person's name: \"bin\", \"da\", \"van\", \"Al-\" (Arabic, Iberian, Dutch, German, French, Italian naming).";
    Portfolio => "portfolio", "A word of a ministry's portfolio, never of its holder's name: \"Economy\", \"Industry\", \"Numérique\" (the portfolios of G20 governments).";
    RoundHead => "round_head", "An event head that names a round held somewhere: \"sommet\", \"talks\" (heads.tsv).";
    PlaceNamedRound => "place_named_round", "A round of talks the language names by its place: \"les négociations ... à Genève\" are the \"Négociations de Genève\"; a summit there is named by its own words (heads.tsv).";
    ContractedArticle => "contracted_article", "A preposition fused with the definite article: \"au\", \"du\", \"aux\" (\"au sommet de Bamako\" determines its event as \"le sommet\" does).";
    Obtaining => "obtaining", "A verb of obtaining before a funding noun: its subject gets the money, the body after \"de\"/\"of\" gives it (\"a obtenu un financement de la Banque mondiale\").";
    SequenceAdjective => "sequence_adjective", "An adjective that places an event in a series, naming none: \"prochain\", \"next\", \"last\" (\"le prochain sommet à Genève\" is no event's name).";
    TopicMarker => "topic_marker", "Introduces an event's topic: \"sur\", \"dédié à\", \"on\".";
    Yesterday => "yesterday", "The day before publication, as an adverb: \"hier\", \"yesterday\".";
}

/// A set of word classes, one bit per `WordClass`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClassSet(u128);

impl ClassSet {
    pub fn contains(self, class: WordClass) -> bool {
        self.0 & (1 << class as u8) != 0
    }

    /// A word of no class: a content word.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// A content word, or one of the classes that only qualify the noun after them
    /// ("state", "national"): what a rule steps over between an organisation cue and
    /// its name ("the Peruvian sovereign fund FONDO", "le fonds souverain chilien X").
    pub fn only_qualifies(self) -> bool {
        self.is_empty() || self.contains(WordClass::StateHead) || self.contains(WordClass::National)
    }

    fn insert(&mut self, class: WordClass) {
        self.0 |= 1 << class as u8;
    }

    fn remove(&mut self, class: WordClass) {
        self.0 &= !(1 << class as u8);
    }
}

/// A company suffix that is also a portfolio word ("Technologies", "Telecoms") ends a
/// firm's name, not a portfolio, right after a capitalised word of no portfolio in the
/// same sentence: "Zentrix Technologies CEO X", but "ministre des Technologies",
/// "Digital Technologies Minister".
fn suffixes_in_names(classes: &mut [ClassSet], tokens: &[crate::text::Token]) {
    for at in 1..tokens.len() {
        let (before, token) = (&tokens[at - 1], &tokens[at]);
        let set = classes[at];
        if set.contains(WordClass::CompanySuffix)
            && set.contains(WordClass::Portfolio)
            && token.capitalised
            && before.is_word
            && before.capitalised
            && before.sentence == token.sentence
            && classes[at - 1].is_empty()
        {
            classes[at].remove(WordClass::Portfolio);
        }
    }
}

/// A word's classes in any language, and in each.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    any: ClassSet,
    by_lang: [ClassSet; LANGS.len()],
}

/// The languages that have data, in the order their files are loaded.
pub const LANGS: [Lang; 2] = [Lang::En, Lang::Fr];

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
    }
}

/// The word classes of every language, compiled for look-ups by a token's folded form.
#[derive(Debug)]
pub struct Words {
    /// Per folded word, its classes in any language and in each (`lang_index`).
    classes: HashMap<Box<str>, Entry>,
    /// The same words' classes in any language, for the look-up of every token.
    packed: Packed,
    /// Per first byte, a bit for each length (1 to 15, 0 for longer) that some word
    /// starting with it has: most tokens are rejected without hashing them.
    shapes: [u16; 256],
    /// Per class, its words in every language, for the classes read as suffixes.
    lists: Vec<Vec<Box<str>>>,
    /// Per class, its words as written (lower case, accents kept) with their language:
    /// an ending read on a word as written ("signé", not the folded "signe").
    written: Vec<Vec<(Lang, Box<str>)>>,
    /// The subtype each organisation cue gives ("startup": company).
    org_cues: HashMap<Box<str>, Subtype>,
    /// The subtype of the bodies some organisation heads name ("ministry": government
    /// body); the others name international bodies.
    org_heads: HashMap<Box<str>, Subtype>,
}

impl Default for Words {
    fn default() -> Words {
        Words {
            classes: HashMap::default(),
            packed: Packed::with_slots(256),
            shapes: [0; 256],
            lists: Vec::new(),
            written: Vec::new(),
            org_cues: HashMap::default(),
            org_heads: HashMap::default(),
        }
    }
}

/// Why a row of a words or heads table could not be taken.
#[derive(Debug, PartialEq, Eq)]
pub enum WordError {
    UnknownClass(String),
    /// An organisation cue without a subtype, or with two.
    Subtype(String),
    /// A word longer than `MAX_WORD_BYTES` once folded.
    TooLong(String),
}

/// The longest word a class may hold, in bytes once folded: every token is looked up
/// as one 16-byte key.
pub const MAX_WORD_BYTES: usize = 16;

impl Words {
    /// Adds one row of a language's table.
    pub fn add(&mut self, lang: Lang, class_name: &str, word: &str) -> Result<(), WordError> {
        let class = WordClass::parse(class_name)
            .ok_or_else(|| WordError::UnknownClass(class_name.into()))?;
        let written = word.trim().to_lowercase();
        let word = crate::mention::fold(word.trim());
        let Some(key) = pack(word.as_bytes()) else {
            return Err(WordError::TooLong(word));
        };
        let entry = self.classes.entry(word.as_str().into()).or_default();
        entry.by_lang[lang_index(lang)].insert(class);
        entry.any.insert(class);
        self.packed.insert(key, entry.any);
        if let Some(&first) = word.as_bytes().first() {
            self.shapes[usize::from(first)] |= shape_bit(word.len());
        }
        if self.lists.len() < WordClass::ALL.len() {
            self.lists.resize(WordClass::ALL.len(), Vec::new());
        }
        let list = &mut self.lists[class as usize];
        if !list.iter().any(|known| **known == *word) {
            list.push(word.into());
        }
        if self.written.len() < WordClass::ALL.len() {
            self.written.resize(WordClass::ALL.len(), Vec::new());
        }
        let written_list = &mut self.written[class as usize];
        if !written_list
            .iter()
            .any(|(known_lang, known)| *known_lang == lang && **known == *written)
        {
            written_list.push((lang, written.into()));
        }
        Ok(())
    }

    /// Adds one row of a language's heads table: `subtype` is required for
    /// organisation cues, may be given for organisation heads, and is empty for the
    /// other classes.
    pub fn add_head(
        &mut self,
        lang: Lang,
        class_name: &str,
        word: &str,
        subtype: &str,
    ) -> Result<(), WordError> {
        let is_cue = class_name == WordClass::OrgCue.name();
        let is_head = class_name == WordClass::OrgHead.name();
        if (is_cue && subtype.is_empty()) || (!is_cue && !is_head && !subtype.is_empty()) {
            return Err(WordError::Subtype(word.to_string()));
        }
        self.add(lang, class_name, word)?;
        if subtype.is_empty() {
            return Ok(());
        }
        let word = crate::mention::fold(word.trim());
        let subtype = Subtype::parse(subtype).ok_or_else(|| WordError::Subtype(word.clone()))?;
        if is_head {
            self.org_heads.insert(word.into(), subtype);
        } else {
            match self.org_cues.get(word.as_str()) {
                Some(&known) if known != subtype => {
                    return Err(WordError::Subtype(word));
                }
                _ => {
                    self.org_cues.insert(word.into(), subtype);
                }
            }
        }
        Ok(())
    }

    /// The subtype of the bodies an organisation head names, where its row gives one
    /// ("ministry": government body).
    pub fn org_head_subtype(&self, norm: &str) -> Option<Subtype> {
        self.org_heads.get(norm).copied()
    }

    /// The subtype of the organisation a cue word introduces ("startup": company).
    pub fn org_cue(&self, norm: &str) -> Option<Subtype> {
        self.org_cues.get(norm).copied()
    }

    /// Whether a folded word is of `class` in `lang`: for the words whose reading
    /// depends on the document's language (the French pronoun "y").
    pub fn is_in(&self, lang: Lang, norm: &str, class: WordClass) -> bool {
        self.classes
            .get(norm)
            .is_some_and(|entry| entry.by_lang[lang_index(lang)].contains(class))
    }

    /// The languages (in `LANGS` order) in which a folded word is of `class`.
    pub fn languages_of(&self, norm: &str, class: WordClass) -> [bool; LANGS.len()] {
        self.classes
            .get(norm)
            .map_or([false; LANGS.len()], |entry| {
                entry.by_lang.map(|classes| classes.contains(class))
            })
    }

    /// The classes of a folded word in any language: articles mix languages, and every
    /// language's tables are read, as triggers and cues are. Most words are none: they
    /// are turned away by their first byte and length, without hashing them.
    pub fn classes(&self, norm: &str) -> ClassSet {
        let Some(&first) = norm.as_bytes().first() else {
            return ClassSet::default();
        };
        if self.shapes[usize::from(first)] & shape_bit(norm.len()) == 0 {
            return ClassSet::default();
        }
        self.packed.get(norm.as_bytes())
    }

    /// The classes of every token of a document, in token order: asked once per token
    /// here, every rule's question is then an index and a bit test. Asked by each rule
    /// for the tokens it reads (a hash lookup per question, where a `match` on
    /// literals had compared a length and a few bytes), extraction in memory went from
    /// 28.7 to 26.0 MB/s (10,000 generated articles, the extract bench side by side).
    ///
    /// Each token's key is read from the folded text in place (16 bytes at its start,
    /// masked to its length), not copied byte by byte.
    pub fn classes_of_tokens(&self, folded: &str, tokens: &[crate::text::Token]) -> Vec<ClassSet> {
        let bytes = folded.as_bytes();
        let mut classes: Vec<ClassSet> = tokens
            .iter()
            .map(|token| {
                let norm = token.norm.as_bytes();
                let start = token.folded_start as usize;
                match (norm.first(), bytes.get(start..start + MAX_WORD_BYTES)) {
                    (Some(&first), Some(window))
                        if norm.len() <= MAX_WORD_BYTES
                            && self.shapes[usize::from(first)] & shape_bit(norm.len()) != 0 =>
                    {
                        let window: [u8; MAX_WORD_BYTES] =
                            window.try_into().unwrap_or([0; MAX_WORD_BYTES]);
                        let mask = u128::MAX >> (128 - 8 * norm.len());
                        self.packed.get_key(u128::from_le_bytes(window) & mask)
                    }
                    // Near the end of the text: the bytes are copied.
                    (Some(_), None) => self.classes(token.norm),
                    _ => ClassSet::default(),
                }
            })
            .collect();
        suffixes_in_names(&mut classes, tokens);
        classes
    }

    /// Whether a folded word is of `class` in some language.
    pub fn is(&self, norm: &str, class: WordClass) -> bool {
        self.classes(norm).contains(class)
    }

    /// Whether two folded words are of their classes in one same language: "les deux
    /// pays", "both countries", but not "both pays".
    pub fn pair_in_one_language(
        &self,
        (first, first_class): (&str, WordClass),
        (second, second_class): (&str, WordClass),
    ) -> bool {
        let (Some(first), Some(second)) = (self.classes.get(first), self.classes.get(second))
        else {
            return false;
        };
        first
            .by_lang
            .iter()
            .zip(&second.by_lang)
            .any(|(one, two)| one.contains(first_class) && two.contains(second_class))
    }

    /// Every word of a class, in every language.
    pub fn list(&self, class: WordClass) -> &[Box<str>] {
        self.lists.get(class as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether a folded word ends with a word of `class` (the classes of endings:
    /// "organisera" with `future_ending`).
    pub fn ends_with(&self, norm: &str, class: WordClass) -> bool {
        self.list(class)
            .iter()
            .any(|ending| norm.ends_with(&**ending))
    }

    /// Whether a word as written, in lower case, ends with a word of `class` in `lang`
    /// as written: "signé" ends with the French `past_ending` "é", "signe" does not.
    pub fn ends_with_written(&self, lang: Lang, written: &str, class: WordClass) -> bool {
        self.written.get(class as usize).is_some_and(|list| {
            list.iter()
                .any(|(of, ending)| *of == lang && written.ends_with(&**ending))
        })
    }

    /// Whether a folded word starts with a word of `class` (the classes of stems:
    /// "representes" with `representation_stem`).
    pub fn starts_with(&self, norm: &str, class: WordClass) -> bool {
        self.list(class)
            .iter()
            .any(|stem| norm.starts_with(&**stem))
    }
}

/// A word of up to `MAX_WORD_BYTES` bytes as one key: its bytes, little-endian,
/// zero-padded. No word holds a zero byte, so the padding tells no two words apart
/// wrongly, and no word's key is 0, the mark of an empty slot.
#[inline]
fn pack(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > MAX_WORD_BYTES {
        return None;
    }
    let mut bytes = [0u8; MAX_WORD_BYTES];
    bytes[..word.len()].copy_from_slice(word);
    Some(u128::from_le_bytes(bytes))
}

/// Packed words and their classes in an open-addressing table (linear probing, at most
/// half full), so that the look-up of every token of a text compares one 16-byte key
/// per probe instead of hashing and comparing strings. Looked up through an FxHashMap
/// of strings, the classes of every token (the 10,000 generated articles of the extract
/// bench) cost the lexicon scan a third of its speed.
#[derive(Debug)]
struct Packed {
    keys: Vec<u128>,
    sets: Vec<ClassSet>,
    len: usize,
}

impl Packed {
    fn with_slots(slots: usize) -> Packed {
        Packed {
            keys: vec![0; slots],
            sets: vec![ClassSet::default(); slots],
            len: 0,
        }
    }

    #[inline]
    fn slot(&self, key: u128) -> usize {
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(23);
        (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (self.keys.len() - 1)
    }

    fn insert(&mut self, key: u128, set: ClassSet) {
        if (self.len + 1) * 2 > self.keys.len() {
            let mut grown = Packed::with_slots(self.keys.len() * 2);
            for (&key, &set) in self.keys.iter().zip(&self.sets) {
                if key != 0 {
                    grown.insert(key, set);
                }
            }
            *self = grown;
        }
        let mask = self.keys.len() - 1;
        let mut slot = self.slot(key);
        while self.keys[slot] != 0 && self.keys[slot] != key {
            slot = (slot + 1) & mask;
        }
        if self.keys[slot] == 0 {
            self.len += 1;
        }
        self.keys[slot] = key;
        self.sets[slot] = set;
    }

    #[inline]
    fn get(&self, word: &[u8]) -> ClassSet {
        match pack(word) {
            Some(key) => self.get_key(key),
            None => ClassSet::default(),
        }
    }

    #[inline]
    fn get_key(&self, key: u128) -> ClassSet {
        let mask = self.keys.len() - 1;
        let mut slot = self.slot(key);
        loop {
            match self.keys[slot] {
                found if found == key => return self.sets[slot],
                0 => return ClassSet::default(),
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

fn shape_bit(len: usize) -> u16 {
    1 << if len < 16 { len } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(rows: &[(Lang, &str, &str)]) -> Words {
        let mut words = Words::default();
        for &(lang, class, word) in rows {
            words.add(lang, class, word).unwrap();
        }
        words
    }

    #[test]
    fn classes_are_read_in_every_language() {
        let words = words(&[
            (Lang::Fr, "coordination", "et"),
            (Lang::En, "coordination", "and"),
            (Lang::Fr, "locative", "à"),
            (Lang::En, "indefinite_article", "a"),
        ]);
        assert!(words.is("et", WordClass::Coordination));
        assert!(words.is("and", WordClass::Coordination));
        // Stored folded: "à" is the token "a", which English reads as an article.
        assert!(words.is("a", WordClass::Locative));
        assert!(words.is("a", WordClass::IndefiniteArticle));
        // Read in one language only: "a" is no article in French.
        assert!(!words.is_in(Lang::Fr, "a", WordClass::IndefiniteArticle));
        assert!(words.is_in(Lang::En, "a", WordClass::IndefiniteArticle));
        assert!(!words.is("a", WordClass::Coordination));
        assert!(!words.is("", WordClass::Coordination));
        assert!(!words.is("etre", WordClass::Coordination));
    }

    #[test]
    fn pairs_are_of_one_language() {
        let words = words(&[
            (Lang::Fr, "dual", "deux"),
            (Lang::Fr, "polity_noun", "pays"),
            (Lang::En, "dual", "both"),
            (Lang::En, "polity_noun", "countries"),
        ]);
        let pair =
            |a, b| words.pair_in_one_language((a, WordClass::Dual), (b, WordClass::PolityNoun));
        assert!(pair("deux", "pays"));
        assert!(pair("both", "countries"));
        assert!(!pair("both", "pays"));
        assert!(!pair("pays", "deux"));
    }

    #[test]
    fn unknown_classes_are_errors_and_names_round_trip() {
        let mut words = Words::default();
        assert!(words.add(Lang::Fr, "interjection", "et").is_err());
        for &class in WordClass::ALL {
            assert_eq!(WordClass::parse(class.name()), Some(class));
        }
        assert!(WordClass::ALL.len() <= 128, "a ClassSet holds 128 classes");
    }

    #[test]
    fn organisation_cues_carry_one_subtype() {
        let mut words = Words::default();
        words
            .add_head(Lang::Fr, "org_cue", "Société", "company")
            .unwrap();
        words
            .add_head(Lang::En, "org_head", "Ministry", "")
            .unwrap();
        assert_eq!(words.org_cue("societe"), Some(Subtype::Company));
        assert_eq!(words.org_cue("ministry"), None);
        assert!(words.is("ministry", WordClass::OrgHead));
        words
            .add_head(Lang::Fr, "org_head", "Ministère", "government_body")
            .unwrap();
        assert_eq!(
            words.org_head_subtype("ministere"),
            Some(Subtype::GovernmentBody)
        );
        assert_eq!(words.org_head_subtype("ministry"), None);
        let error = |class, word, subtype| {
            Words::default()
                .add_head(Lang::Fr, class, word, subtype)
                .unwrap_err()
        };
        assert_eq!(
            error("org_cue", "fonds", ""),
            WordError::Subtype("fonds".into())
        );
        assert_eq!(
            error("event_head", "sommet", "fund"),
            WordError::Subtype("sommet".into())
        );
        assert_eq!(
            error("org_head", "fonds", "no_such_subtype"),
            WordError::Subtype("fonds".into())
        );
        assert!(
            words
                .add_head(Lang::En, "org_cue", "societe", "fund")
                .is_err()
        );
    }

    #[test]
    fn lists_hold_each_word_once() {
        let words = words(&[
            (Lang::Fr, "future_ending", "era"),
            (Lang::Fr, "future_ending", "iront"),
            (Lang::Fr, "future_ending", "era"),
        ]);
        let list: Vec<&str> = words
            .list(WordClass::FutureEnding)
            .iter()
            .map(|word| &**word)
            .collect();
        assert_eq!(list, ["era", "iront"]);
        assert!(words.list(WordClass::Negation).is_empty());
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Every token's classes read in place from the folded text are those of its
        /// word looked up by string, for the lexicon's words, their neighbours and any
        /// text, at any position (the end of the text included).
        #[test]
        fn token_classes_are_the_classes_of_their_words(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "et", "de", "l'", "gouvernement", "représentation", "ministère",
                        "par", "by", "selon", "according", "sommet", "talks", "a", "y",
                    ]).prop_map(str::to_string),
                    "[a-zé'\\-]{0,20}",
                    "\\PC{0,3}",
                ],
                0..12,
            ),
        ) {
            let lexicon = crate::lexicon::Lexicon::embedded().unwrap();
            let text = words.join(" ");
            let folded = crate::mention::Folded::new(&text);
            let tokens = crate::text::Tokens::new(&text, &folded);
            let classes = lexicon.words.classes_of_tokens(&folded.text, &tokens.tokens);
            proptest::prop_assert_eq!(classes.len(), tokens.tokens.len());
            for (token, found) in tokens.tokens.iter().zip(&classes) {
                let by_string = lexicon
                    .words
                    .classes
                    .get(token.norm)
                    .map_or(ClassSet::default(), |entry| entry.any);
                proptest::prop_assert_eq!(*found, by_string, "{:?}", token.norm);
                proptest::prop_assert_eq!(lexicon.words.classes(token.norm), by_string);
            }
        }
    }
}
