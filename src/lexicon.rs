//! Loading and checking the tables under `data/`: actors, aliases, offices, dated roles,
//! compound prefixes, and per language (`data/lang/<code>/`) word classes, relation
//! triggers and status cues with their features.
//!
//! This is the only module that knows column layouts. It checks what it loads
//! (unknown actor ids, bad dates, duplicate ids, unknown relation types) and reports
//! errors with file and line. It never searches text: it compiles the pattern sets that
//! `mention` runs.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use thiserror::Error;

use crate::date::DateWords;
use crate::date::words::DateWordError;
use crate::mention::{Folded, Hit, Pattern, PatternSet, fold};
use crate::model::{ActorKind, DateValue, Day, Lang, RelationKind, Status, Subtype, sorted_range};
use crate::text::Tokens;
use crate::words::{ClassSet, LANGS, WordError, Words};

/// The office ids of `offices.tsv` whose holders speak for their state ("Poutine appelle
/// à une alliance avec la Chine" is Russia's call).
pub const SPEAKS_FOR_STATE: [&str; 3] = ["head_of_state", "head_of_government", "foreign_minister"];

/// The subtype of a state's government, administration or seat of power in
/// `actors.tsv` ("gouvernement français", "White House", "Kremlin"): in relations it is
/// the state itself (FORMAT.md), unless set apart from a leader of that state.
pub const EXECUTIVE: Subtype = Subtype::Executive;

/// An index into `Lexicon::actors`.
pub type ActorIdx = u32;

/// An error in a lexicon table, with the file and line it is on.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Row {
        file: String,
        line: usize,
        message: String,
    },
}

/// One lexicon actor.
///
/// The strings a document's actor copies are shared (`Arc<str>`): each document used to
/// copy five of them into every actor it found (key, name, subtype, Wikidata id and
/// state), a quarter of the pipeline's allocations.
#[derive(Clone, Debug)]
pub struct ActorEntry {
    pub id: Arc<str>,
    pub kind: ActorKind,
    pub subtype: Option<Subtype>,
    /// The id of the actor's state, for organisations, people and places.
    pub country: Option<String>,
    pub wikidata: Option<Arc<str>>,
    pub name_fr: Arc<str>,
    pub name_en: Arc<str>,
}

impl ActorEntry {
    pub fn name(&self, lang: Lang) -> &Arc<str> {
        match lang {
            Lang::Fr => &self.name_fr,
            Lang::En => &self.name_en,
        }
    }
}

/// How an alias names its actor; `resolve` treats each kind differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AliasKind {
    Name,
    Abbrev,
    Demonym,
    Metonym,
    Epithet,
    Surname,
}

impl AliasKind {
    fn parse(text: &str) -> Option<AliasKind> {
        Some(match text {
            "name" => AliasKind::Name,
            "abbrev" => AliasKind::Abbrev,
            "demonym" => AliasKind::Demonym,
            "metonym" => AliasKind::Metonym,
            "epithet" => AliasKind::Epithet,
            "surname" => AliasKind::Surname,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Alias {
    pub actor: ActorIdx,
    pub kind: AliasKind,
    pub text: String,
    /// `None` for every language (`*` in the tables).
    pub lang: Option<Lang>,
}

/// A title such as "secrétaire d'État", possibly limited to one country.
#[derive(Clone, Debug)]
pub struct OfficeTitle {
    pub office: String,
    pub lang: Lang,
    pub country: Option<ActorIdx>,
    pub title: String,
    /// A plural derived at load ("dirigeants", "executives"): it names several people,
    /// never the one holder `roles.tsv` knows.
    pub plural: bool,
}

/// Who held an office of an actor, from a day to a day (open-ended when `to` is None).
#[derive(Clone, Debug)]
pub struct RoleEntry {
    pub person: ActorIdx,
    pub office: String,
    pub of: ActorIdx,
    pub from: Day,
    pub to: Option<Day>,
}

impl RoleEntry {
    /// Whether the office was held on `day` (from its first day, until the day before
    /// `to`).
    pub fn held_on(&self, day: Day) -> bool {
        self.from <= day && self.to.is_none_or(|to| day < to)
    }
}

#[derive(Clone, Debug)]
pub struct Trigger {
    pub lang: Lang,
    pub relation: RelationKind,
    pub text: String,
    pub features: TriggerFeatures,
}

/// What a trigger row says of itself beyond its relation type: the `features` column
/// of `data/lang/<code>/triggers.tsv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TriggerFeatures {
    /// A participle that holds its passive agent ("lancé par", "backed by"): the
    /// agent follows, the thing acted on comes before.
    pub agent: bool,
    /// Founding ("lancer", "founded by"): makes members of international bodies only.
    pub founding: bool,
    /// Sharing a chair ("coprésider", "co-chair"): a partner after "avec" holds it too.
    pub co_chair: bool,
    /// A meeting verb, which takes the counterpart as its object ("met", "a reçu").
    pub meeting: bool,
    /// Names an amount of money ("milliards de dollars"): a project named before it is
    /// where the money goes.
    pub amount: bool,
    /// Representation ("représenté par"): speaks of an event under way, named before.
    pub representation: bool,
    /// Opens an adverbial of occasion ("lors du", "on the sidelines of"): the parties of
    /// the clause take part in the event named right after it.
    pub occasion: bool,
    /// A verb whose object is the other party: "Nvidia backed Mistral AI", "Bpifrance
    /// finance la start-up X".
    pub object: bool,
    /// A noun that is a relation only with a compound adjective naming its parties
    /// near it: "the EU-Japan meeting", "le sommet franco-japonais" (a meeting alone
    /// may be anyone's).
    pub compound: bool,
    /// Signing or endorsing ("signed", "a signé"): a membership only of a text states
    /// sign, a name headed by a document word ("the Paris Declaration", "la Charte
    /// de X"); "signed an agreement with Y" is no membership.
    pub document: bool,
    /// Making something ("build", "développer"): a partnership only with the partner
    /// after "with"/"avec" ("build a data centre with Y"); a subject pair alone may act
    /// apart.
    pub comitative: bool,
    /// Naming the object before it a partner ("comme partenaire", "as its partner"):
    /// the sentence's subject and that object are the pair ("Ghana chose Zentrix as
    /// its partner").
    pub as_partner: bool,
    /// A meeting verb that also takes things ("received"): it meets someone only when
    /// its object is a name or a title ("received Donald Trump", not "received
    /// funding from").
    pub guest: bool,
    /// Money raised ("funding round", "levée de fonds"): the body that raises it, its
    /// possessor or its "of"/"de" complement, is where the money goes; the investors
    /// are the subject or come after "by"/"par".
    pub raise: bool,
    /// A noun for who holds a stake ("backer", "shareholder", "actionnaire"): its
    /// "of"/"de" complement is where the money goes ("among the backers of X", "est
    /// actionnaire de X"), where a funding noun's is the giver.
    pub holder: bool,
    /// Names a group's members after it ("BRICS members Brazil and India", "the Quad,
    /// which includes Japan", "dont les membres sont"): with a group named right before
    /// it, the list after it are its members.
    pub roster: bool,
    /// A verb of coming together ("se sont réunis", "gathered"): in a sentence that
    /// names no event, nor an event noun, the coordinated subjects meet each other
    /// (a negotiation: "Le Pérou et le Chili se sont réunis lundi").
    pub gathering: bool,
    /// A noun of investing whose "of"/"de" complement right after it is the investor
    /// ("l'investissement d'Oracle au Pérou"), where a funding noun's is often the
    /// thing funded ("le financement du projet").
    pub of_agent: bool,
}

#[derive(Clone, Debug)]
pub struct Cue {
    pub lang: Lang,
    pub status: Status,
    pub text: String,
    /// A beginning ("entamer", "began", "launch"): news even where the status is
    /// ongoing or established. The `features` column of `data/lang/<code>/cues.tsv`.
    pub inception: bool,
    /// An event done ("a signé", "signed", "imposed"): established, and news (dated by
    /// publication when the text gives no date).
    pub event: bool,
}

/// What a hit of the entity pattern set stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityPattern {
    Alias(u32),
    Office(u32),
    CompoundPrefix(ActorIdx),
}

/// The whole lexicon, checked and compiled.
#[derive(Debug)]
pub struct Lexicon {
    /// Offices some state's holder held (`is_state_office`).
    state_offices: HashSet<String>,
    /// Offices held only in firms and funds (`is_company_office`).
    company_offices: HashSet<String>,
    pub actors: Vec<ActorEntry>,
    by_id: HashMap<Arc<str>, ActorIdx>,
    /// Country-code top-level domains and their states (`state_of_url`).
    domains: HashMap<String, ActorIdx>,
    pub aliases: Vec<Alias>,
    pub offices: Vec<OfficeTitle>,
    pub roles: Vec<RoleEntry>,
    /// Indices into `roles` by person, in `roles`' order for each, and per actor the
    /// range of them that is its: `roles_of` reads a person's roles without scanning
    /// all of them, which `relation` did for every participant of every relation
    /// (perf, 10,000 generated articles: the scan was the hottest place in
    /// `SentenceReader::read`; callgrind, `extract` on 1,000 of them: 307.7 M ->
    /// 304.4 M instructions).
    roles_by_person: Vec<u32>,
    person_roles: Vec<(u32, u32)>,
    pub triggers: Vec<Trigger>,
    pub cues: Vec<Cue>,
    /// The function words rules read, by class (`data/lang/<code>/words.tsv`).
    pub words: Words,
    /// Per state, its government (`government_of`).
    governments: HashMap<ActorIdx, ActorIdx>,
    /// The words the date grammar reads (`data/lang/<code>/dates.tsv`).
    pub dates: DateWords,
    entity_payloads: Vec<EntityPattern>,
    /// Events by folded name or alias ("sommet de paris"), for event phrases.
    events_by_name: HashMap<String, ActorIdx>,
    /// Per actor, its French and English names folded: `resolve` keys a document's
    /// actors by them, and folded them again in every document (1% of the pipeline's
    /// instructions, callgrind on 1,000 generated articles).
    folded_names: Vec<[String; 2]>,
    /// Names of a state written exactly as one of its demonyms folds ("Argentine",
    /// "argentine"), with the language they are names in (`demonym_twins`).
    demonym_twins: HashMap<String, Vec<(ActorIdx, Option<Lang>)>>,
    /// Three groups: aliases, office titles and compound prefixes; relation triggers
    /// (payload: index into `triggers`); status cues (payload: index into `cues`).
    patterns: PatternSet,
}

/// What the lexicon's patterns match in one document.
#[derive(Debug, Default)]
pub struct LexiconHits {
    /// Aliases, office titles and compound prefixes (see `Lexicon::entity_pattern`).
    pub entities: Vec<Hit>,
    /// Payload: index into `Lexicon::triggers`.
    pub triggers: Vec<Hit>,
    /// Payload: index into `Lexicon::cues`.
    pub cues: Vec<Hit>,
    /// The word classes of each token, in token order (`Words::classes_of_tokens`).
    pub classes: Vec<ClassSet>,
}

impl LexiconHits {
    /// The word classes of the token at `index` (none past the end).
    #[inline]
    pub fn classes_at(&self, index: usize) -> ClassSet {
        self.classes.get(index).copied().unwrap_or_default()
    }
}

/// The raw text of each table, as read from `data/` or embedded in the binary.
pub struct Sources<'a> {
    pub states: &'a str,
    pub states_aliases: &'a str,
    pub actors: &'a str,
    pub aliases: &'a str,
    pub offices: &'a str,
    pub roles: &'a str,
    pub compounds: &'a str,
    pub domains: &'a str,
    /// One entry per language, in the order of `words::LANGS`.
    pub languages: Vec<LangSources<'a>>,
}

/// The tables of one language under `data/lang/<code>/`.
pub struct LangSources<'a> {
    pub lang: Lang,
    pub words: &'a str,
    pub heads: &'a str,
    pub dates: &'a str,
    pub triggers: &'a str,
    pub cues: &'a str,
}

impl Sources<'static> {
    /// The tables shipped in `data/`, compiled into the binary so that entente runs from
    /// any directory.
    pub fn embedded() -> Sources<'static> {
        Sources {
            states: include_str!("../data/states.tsv"),
            states_aliases: include_str!("../data/states.aliases.tsv"),
            actors: include_str!("../data/actors.tsv"),
            aliases: include_str!("../data/aliases.tsv"),
            offices: include_str!("../data/offices.tsv"),
            roles: include_str!("../data/roles.tsv"),
            compounds: include_str!("../data/compounds.tsv"),
            domains: include_str!("../data/domains.tsv"),
            languages: LANGS
                .iter()
                .map(|&lang| match lang {
                    Lang::En => LangSources {
                        lang,
                        words: include_str!("../data/lang/en/words.tsv"),
                        heads: include_str!("../data/lang/en/heads.tsv"),
                        dates: include_str!("../data/lang/en/dates.tsv"),
                        triggers: include_str!("../data/lang/en/triggers.tsv"),
                        cues: include_str!("../data/lang/en/cues.tsv"),
                    },
                    Lang::Fr => LangSources {
                        lang,
                        words: include_str!("../data/lang/fr/words.tsv"),
                        heads: include_str!("../data/lang/fr/heads.tsv"),
                        dates: include_str!("../data/lang/fr/dates.tsv"),
                        triggers: include_str!("../data/lang/fr/triggers.tsv"),
                        cues: include_str!("../data/lang/fr/cues.tsv"),
                    },
                })
                .collect(),
        }
    }
}

/// Rows of a TSV table: comment lines (`#`) and the header are skipped; each row comes
/// with its 1-based line number and its cells.
fn rows<'a>(text: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1)
        .map(|(index, line)| (index + 1, line.split('\t').collect()))
}

fn optional(cell: &str) -> Option<String> {
    let cell = cell.trim();
    (!cell.is_empty()).then(|| cell.to_string())
}

impl Lexicon {
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::load(&Sources::embedded())
    }

    pub fn load(sources: &Sources<'_>) -> Result<Lexicon, LexiconError> {
        let mut lexicon = LexiconBuilder::default();
        lexicon.states(sources.states)?;
        lexicon.actors(sources.actors)?;
        lexicon.check_countries()?;
        lexicon.aliases("states.aliases.tsv", sources.states_aliases)?;
        lexicon.aliases("aliases.tsv", sources.aliases)?;
        lexicon.offices(sources.offices)?;
        lexicon.roles(sources.roles)?;
        lexicon.compounds(sources.compounds)?;
        lexicon.domains(sources.domains)?;
        for language in &sources.languages {
            lexicon.words(language)?;
            lexicon.heads(language)?;
            lexicon.dates(language)?;
            lexicon.triggers(language)?;
            lexicon.cues(language)?;
        }
        lexicon.finish()
    }

    pub fn actor(&self, idx: ActorIdx) -> &ActorEntry {
        &self.actors[idx as usize]
    }

    /// `fold` of the actor's name in `lang`.
    pub fn folded_name(&self, idx: ActorIdx, lang: Lang) -> &str {
        let [french, english] = &self.folded_names[idx as usize];
        match lang {
            Lang::Fr => french,
            Lang::En => english,
        }
    }

    /// Whether `written`, matched as a demonym of `actor`, is rather the actor's name
    /// in `lang`: written as a name of that language that folds like the demonym
    /// ("Argentine" in French is the country, in English the adjective; "Djibouti" is
    /// the country in both).
    pub fn demonym_is_name(&self, actor: ActorIdx, lang: Lang, written: &str) -> bool {
        self.demonym_twins.get(written).is_some_and(|names| {
            names
                .iter()
                .any(|&(named, name_lang)| named == actor && name_lang.is_none_or(|l| l == lang))
        })
    }

    pub fn find_id(&self, id: &str) -> Option<ActorIdx> {
        self.by_id.get(id).copied()
    }

    /// The lexicon event a folded phrase names, if any.
    pub fn event_by_name(&self, folded: &str) -> Option<ActorIdx> {
        self.events_by_name.get(folded).copied()
    }

    /// Every alias, title, compound prefix, trigger and cue in a document: one scan.
    /// `tokens` are the tokens of the text `folded` was folded from.
    pub fn find(&self, folded: &Folded, tokens: &Tokens) -> LexiconHits {
        let mut groups = self.patterns.find_groups(folded, tokens).into_iter();
        let mut next = || groups.next().unwrap_or_default();
        LexiconHits {
            entities: next(),
            triggers: next(),
            cues: next(),
            classes: self.words.classes_of_tokens(&folded.text, &tokens.tokens),
        }
    }

    /// The folded texts of every pattern the scan searches (aliases, offices, triggers,
    /// cues), for `benches/matcher.rs`.
    pub fn pattern_texts(&self) -> Vec<&str> {
        self.patterns.folded_texts().collect()
    }

    pub fn entity_pattern(&self, payload: u32) -> EntityPattern {
        self.entity_payloads[payload as usize]
    }

    /// The id of an actor's country (`country_of`), as a document's actor holds it.
    pub fn country_id(&self, idx: ActorIdx) -> Option<&Arc<str>> {
        self.country_of(idx).map(|country| &self.actor(country).id)
    }

    /// The country of an actor: itself for a state, its `country` column otherwise.
    pub fn country_of(&self, idx: ActorIdx) -> Option<ActorIdx> {
        let actor = self.actor(idx);
        if actor.kind == ActorKind::State {
            return Some(idx);
        }
        actor.country.as_deref().and_then(|id| self.find_id(id))
    }

    /// Who held `office` of `of` on `day`.
    pub fn holder(&self, office: &str, of: ActorIdx, day: Day) -> Option<ActorIdx> {
        self.roles
            .iter()
            .filter(|role| role.office == office && role.of == of)
            .find(|role| role.held_on(day))
            .map(|role| role.person)
    }

    /// The state a person speaks for in state-level relations: the first state they
    /// held one of `SPEAKS_FOR_STATE`'s offices of (head of state or government,
    /// foreign minister).
    pub fn state_of_leader(&self, person: ActorIdx) -> Option<ActorIdx> {
        self.roles_of(person)
            .find(|role| {
                SPEAKS_FOR_STATE.contains(&role.office.as_str())
                    && self.actor(role.of).kind == ActorKind::State
            })
            .map(|role| role.of)
    }

    /// The state of an outlet, by the country-code domain of its address
    /// ("https://www.newtimes.co.rw/article" is Rwanda's); none for generic domains.
    pub fn state_of_url(&self, url: &str) -> Option<ActorIdx> {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
        let host = host.split(':').next()?.trim_end_matches('.');
        let tld = host.rsplit('.').next()?.to_ascii_lowercase();
        (host.contains('.') && tld.len() == 2)
            .then(|| self.domains.get(&tld).copied())
            .flatten()
    }

    /// Whether `office` is held in states ("minister", "head_of_government"), by
    /// `roles.tsv`: a holder named with it and no country acts for a state.
    pub fn is_state_office(&self, office: &str) -> bool {
        self.state_offices.contains(office)
    }

    /// Whether `office` is held only in firms and funds ("ceo", "founder"), by
    /// `roles.tsv`: a name the lexicon does not know, titled with its holder's office
    /// ("Zentrix chief executive"), is a firm.
    pub fn is_company_office(&self, office: &str) -> bool {
        self.company_offices.contains(office)
    }

    /// The lexicon's government of a state: its `executive` actor whose name holds a
    /// government head word ("Gouvernement français", "US government").
    pub fn government_of(&self, state: ActorIdx) -> Option<ActorIdx> {
        self.governments.get(&state).copied()
    }

    /// The offices a person held, with the actor they were held in, in the order of
    /// `roles`.
    pub fn roles_of(&self, person: ActorIdx) -> impl Iterator<Item = &RoleEntry> {
        let (start, end) = self
            .person_roles
            .get(person as usize)
            .copied()
            .unwrap_or_default();
        self.roles_by_person[start as usize..end as usize]
            .iter()
            .map(|&role| &self.roles[role as usize])
    }
}

#[derive(Default)]
struct LexiconBuilder {
    actors: Vec<ActorEntry>,
    by_id: HashMap<Arc<str>, ActorIdx>,
    aliases: Vec<Alias>,
    offices: Vec<OfficeTitle>,
    roles: Vec<RoleEntry>,
    compounds: Vec<(String, ActorIdx)>,
    triggers: Vec<Trigger>,
    cues: Vec<Cue>,
    words: Words,
    dates: DateWords,
    country_lines: Vec<(usize, String)>,
    /// Country-code top-level domains and their states.
    domains: HashMap<String, ActorIdx>,
}

fn row_error(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Row {
        file: format!("data/{file}"),
        line,
        message: message.into(),
    }
}

fn cells<'a>(
    file: &str,
    line: usize,
    mut cells: Vec<&'a str>,
    n: usize,
) -> Result<Vec<&'a str>, LexiconError> {
    if cells.len() < n {
        return Err(row_error(
            file,
            line,
            format!("expected {n} tab-separated columns, found {}", cells.len()),
        ));
    }
    for cell in &mut cells {
        *cell = cell.trim();
    }
    Ok(cells)
}

fn parse_lang(file: &str, line: usize, text: &str) -> Result<Option<Lang>, LexiconError> {
    if text == "*" {
        return Ok(None);
    }
    Lang::parse(text)
        .map(Some)
        .ok_or_else(|| row_error(file, line, format!("unknown language {text:?}")))
}

impl LexiconBuilder {
    fn add_actor(
        &mut self,
        file: &str,
        line: usize,
        actor: ActorEntry,
    ) -> Result<(), LexiconError> {
        if self.by_id.contains_key(&actor.id) {
            return Err(row_error(
                file,
                line,
                format!("duplicate actor id {:?}", actor.id),
            ));
        }
        self.by_id
            .insert(actor.id.clone(), self.actors.len() as ActorIdx);
        self.actors.push(actor);
        Ok(())
    }

    fn actor_idx(&self, file: &str, line: usize, id: &str) -> Result<ActorIdx, LexiconError> {
        self.by_id
            .get(id)
            .copied()
            .ok_or_else(|| row_error(file, line, format!("unknown actor id {id:?}")))
    }

    fn states(&mut self, text: &str) -> Result<(), LexiconError> {
        const FILE: &str = "states.tsv";
        for (line, row) in rows(text) {
            let row = cells(FILE, line, row, 6)?;
            let kind = ActorKind::parse(row[2])
                .ok_or_else(|| row_error(FILE, line, format!("unknown type {:?}", row[2])))?;
            if let Some(code) = optional(row[1]) {
                self.domains
                    .insert(code.to_ascii_lowercase(), self.actors.len() as ActorIdx);
            }
            self.add_actor(
                FILE,
                line,
                ActorEntry {
                    id: row[0].into(),
                    kind,
                    subtype: None,
                    country: None,
                    wikidata: optional(row[3]).map(Arc::from),
                    name_fr: row[4].into(),
                    name_en: row[5].into(),
                },
            )?;
        }
        Ok(())
    }

    fn actors(&mut self, text: &str) -> Result<(), LexiconError> {
        const FILE: &str = "actors.tsv";
        for (line, row) in rows(text) {
            let row = cells(FILE, line, row, 7)?;
            let kind = ActorKind::parse(row[1])
                .ok_or_else(|| row_error(FILE, line, format!("unknown type {:?}", row[1])))?;
            let subtype =
                match optional(row[2]) {
                    Some(name) => Some(Subtype::parse(&name).ok_or_else(|| {
                        row_error(FILE, line, format!("unknown subtype {name:?}"))
                    })?),
                    None => None,
                };
            if let Some(country) = optional(row[3]) {
                self.country_lines.push((line, country));
            }
            self.add_actor(
                FILE,
                line,
                ActorEntry {
                    id: row[0].into(),
                    kind,
                    subtype,
                    country: optional(row[3]),
                    wikidata: optional(row[4]).map(Arc::from),
                    name_fr: row[5].into(),
                    name_en: row[6].into(),
                },
            )?;
        }
        Ok(())
    }

    fn check_countries(&mut self) -> Result<(), LexiconError> {
        for (line, country) in &self.country_lines {
            self.actor_idx("actors.tsv", *line, country)?;
        }
        Ok(())
    }

    fn aliases(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        for (line, row) in rows(text) {
            let row = cells(file, line, row, 4)?;
            let actor = self.actor_idx(file, line, row[0])?;
            let lang = parse_lang(file, line, row[1])?;
            let kind = AliasKind::parse(row[2])
                .ok_or_else(|| row_error(file, line, format!("unknown alias kind {:?}", row[2])))?;
            if row[3].is_empty() {
                return Err(row_error(file, line, "empty alias"));
            }
            self.aliases.push(Alias {
                actor,
                kind,
                text: row[3].to_string(),
                lang,
            });
        }
        Ok(())
    }

    fn offices(&mut self, text: &str) -> Result<(), LexiconError> {
        const FILE: &str = "offices.tsv";
        for (line, row) in rows(text) {
            let row = cells(FILE, line, row, 4)?;
            let lang = parse_lang(FILE, line, row[1])?
                .ok_or_else(|| row_error(FILE, line, "an office title needs a language"))?;
            let country = match optional(row[2]) {
                Some(id) => Some(self.actor_idx(FILE, line, &id)?),
                None => None,
            };
            let title = OfficeTitle {
                office: row[0].to_string(),
                lang,
                country,
                title: row[3].to_string(),
                plural: false,
            };
            // "les vice-présidents exécutifs, X et Y", "Executive Vice-Presidents X and Y".
            if let Some(plural) = plural_title(&title.title, lang)
                && !self.offices.iter().any(|known| known.title == plural)
            {
                self.offices.push(OfficeTitle {
                    title: plural,
                    plural: true,
                    ..title.clone()
                });
            }
            self.offices.push(title);
        }
        Ok(())
    }

    fn roles(&mut self, text: &str) -> Result<(), LexiconError> {
        const FILE: &str = "roles.tsv";
        let parse_day = |line: usize, text: &str| -> Result<Day, LexiconError> {
            match DateValue::parse(text) {
                Some(DateValue::Day(day)) => Ok(day),
                _ => Err(row_error(
                    FILE,
                    line,
                    format!("expected a YYYY-MM-DD date, found {text:?}"),
                )),
            }
        };
        for (line, row) in rows(text) {
            let mut row = cells(FILE, line, row, 4)?;
            row.resize(5, "");
            let person = self.actor_idx(FILE, line, row[0])?;
            let of = self.actor_idx(FILE, line, row[2])?;
            let from = parse_day(line, row[3])?;
            let to = match optional(row[4]) {
                Some(to) => Some(parse_day(line, &to)?),
                None => None,
            };
            self.roles.push(RoleEntry {
                person,
                office: row[1].to_string(),
                of,
                from,
                to,
            });
        }
        Ok(())
    }

    /// Country-code domains: every state's ISO 3166 code (`states`), then the
    /// exceptions of `domains.tsv`.
    fn domains(&mut self, text: &str) -> Result<(), LexiconError> {
        const FILE: &str = "domains.tsv";
        for (line, row) in rows(text) {
            let row = cells(FILE, line, row, 2)?;
            match optional(row[1]) {
                Some(state) => {
                    let actor = self.actor_idx(FILE, line, &state)?;
                    self.domains.insert(row[0].to_string(), actor);
                }
                None => {
                    self.domains.remove(row[0]);
                }
            }
        }
        Ok(())
    }

    fn compounds(&mut self, text: &str) -> Result<(), LexiconError> {
        const FILE: &str = "compounds.tsv";
        for (line, row) in rows(text) {
            let row = cells(FILE, line, row, 2)?;
            let actor = self.actor_idx(FILE, line, row[1])?;
            self.compounds.push((format!("{}-", row[0]), actor));
        }
        Ok(())
    }

    fn words(&mut self, language: &LangSources<'_>) -> Result<(), LexiconError> {
        let file = format!("lang/{}/words.tsv", language.lang.code());
        for (line, row) in rows(language.words) {
            let row = cells(&file, line, row, 2)?;
            self.words
                .add(language.lang, row[0], row[1])
                .map_err(|error| word_error(&file, line, error))?;
        }
        Ok(())
    }

    fn heads(&mut self, language: &LangSources<'_>) -> Result<(), LexiconError> {
        let file = format!("lang/{}/heads.tsv", language.lang.code());
        for (line, row) in rows(language.heads) {
            let row = cells(&file, line, row, 2)?;
            let subtype = row.get(2).copied().unwrap_or("");
            self.words
                .add_head(language.lang, row[0], row[1], subtype)
                .map_err(|error| word_error(&file, line, error))?;
        }
        Ok(())
    }

    fn dates(&mut self, language: &LangSources<'_>) -> Result<(), LexiconError> {
        let file = format!("lang/{}/dates.tsv", language.lang.code());
        for (line, row) in rows(language.dates) {
            let row = cells(&file, line, row, 2)?;
            let value = row.get(2).copied().unwrap_or("");
            self.dates.add(row[0], row[1], value).map_err(|error| {
                let message = match error {
                    DateWordError::UnknownClass(class) => {
                        format!("unknown date word class {class:?}")
                    }
                    DateWordError::BadValue(value) => format!("bad value {value:?}"),
                    DateWordError::Conflict(word) => {
                        format!("{word:?} has another value in this class already")
                    }
                };
                row_error(&file, line, message)
            })?;
        }
        Ok(())
    }

    fn triggers(&mut self, language: &LangSources<'_>) -> Result<(), LexiconError> {
        let file = format!("lang/{}/triggers.tsv", language.lang.code());
        // A phrase is one trigger: the matcher keeps one relation for it, so a second row
        // of the same phrase would be dropped without a word.
        let mut lines: HashMap<String, usize> = HashMap::default();
        for (line, row) in rows(language.triggers) {
            let row = cells(&file, line, row, 2)?;
            if let Some(first) = lines.insert(crate::mention::fold(row[1]), line) {
                return Err(row_error(
                    &file,
                    line,
                    format!("trigger {:?} is already on line {first}", row[1]),
                ));
            }
            let relation = RelationKind::parse(row[0]).ok_or_else(|| {
                row_error(&file, line, format!("unknown relation type {:?}", row[0]))
            })?;
            let mut features = TriggerFeatures::default();
            for feature in feature_names(&row) {
                let flag = match feature {
                    "agent" => &mut features.agent,
                    "founding" => &mut features.founding,
                    "co_chair" => &mut features.co_chair,
                    "meeting" => &mut features.meeting,
                    "amount" => &mut features.amount,
                    "representation" => &mut features.representation,
                    "occasion" => &mut features.occasion,
                    "object" => &mut features.object,
                    "compound" => &mut features.compound,
                    "document" => &mut features.document,
                    "comitative" => &mut features.comitative,
                    "as_partner" => &mut features.as_partner,
                    "guest" => &mut features.guest,
                    "holder" => &mut features.holder,
                    "roster" => &mut features.roster,
                    "raise" => &mut features.raise,
                    "gathering" => &mut features.gathering,
                    "of_agent" => &mut features.of_agent,
                    _ => {
                        return Err(row_error(
                            &file,
                            line,
                            format!("unknown trigger feature {feature:?}"),
                        ));
                    }
                };
                *flag = true;
            }
            self.triggers.push(Trigger {
                lang: language.lang,
                relation,
                text: row[1].to_string(),
                features,
            });
        }
        Ok(())
    }

    fn cues(&mut self, language: &LangSources<'_>) -> Result<(), LexiconError> {
        let file = format!("lang/{}/cues.tsv", language.lang.code());
        for (line, row) in rows(language.cues) {
            let row = cells(&file, line, row, 2)?;
            let status = Status::parse(row[0])
                .ok_or_else(|| row_error(&file, line, format!("unknown status {:?}", row[0])))?;
            let (mut inception, mut event) = (false, false);
            for feature in feature_names(&row) {
                match feature {
                    "inception" => inception = true,
                    "event" => event = true,
                    _ => {
                        return Err(row_error(
                            &file,
                            line,
                            format!("unknown cue feature {feature:?}"),
                        ));
                    }
                }
            }
            self.cues.push(Cue {
                lang: language.lang,
                status,
                text: row[1].to_string(),
                inception,
                event,
            });
        }
        Ok(())
    }

    fn finish(self) -> Result<Lexicon, LexiconError> {
        let mut entity_patterns = Vec::new();
        let mut entity_payloads = Vec::new();
        // Each actor's canonical names are aliases too.
        let mut aliases = self.aliases;
        for (idx, actor) in self.actors.iter().enumerate() {
            for (name, lang) in [(&actor.name_fr, Lang::Fr), (&actor.name_en, Lang::En)] {
                aliases.push(Alias {
                    actor: idx as ActorIdx,
                    kind: AliasKind::Name,
                    text: name.to_string(),
                    lang: Some(lang),
                });
            }
        }
        let demonym_twins = demonym_twins(&aliases);
        aliases.extend(elided_names(&aliases));
        for (idx, alias) in aliases.iter().enumerate() {
            entity_payloads.push(EntityPattern::Alias(idx as u32));
            entity_patterns.push(pattern(&alias.text, entity_patterns.len()));
        }
        for (idx, office) in self.offices.iter().enumerate() {
            entity_payloads.push(EntityPattern::Office(idx as u32));
            entity_patterns.push(pattern(&office.title, entity_patterns.len()));
        }
        for (prefix, actor) in &self.compounds {
            entity_payloads.push(EntityPattern::CompoundPrefix(*actor));
            entity_patterns.push(pattern(prefix, entity_patterns.len()));
        }
        let trigger_patterns: Vec<Pattern> = self
            .triggers
            .iter()
            .enumerate()
            .map(|(idx, trigger)| pattern(&trigger.text, idx))
            .collect();
        let cue_patterns: Vec<Pattern> = self
            .cues
            .iter()
            .enumerate()
            .map(|(idx, cue)| pattern(&cue.text, idx))
            .collect();
        let patterns = PatternSet::grouped(&[&entity_patterns, &trigger_patterns, &cue_patterns]);
        let events_by_name = events_by_name(&aliases, &self.actors);
        let governments = governments(&self.actors, &self.by_id, &self.words);
        // Offices held in states (roles.tsv): a holder of one acts for a state.
        let state_offices = self
            .roles
            .iter()
            .filter(|role| self.actors[role.of as usize].kind == ActorKind::State)
            .map(|role| role.office.clone())
            .collect();
        let company_offices = company_offices(&self.roles, &self.actors);
        let folded_names = self
            .actors
            .iter()
            .map(|actor| [fold(&actor.name_fr), fold(&actor.name_en)])
            .collect();
        let (roles_by_person, person_roles) = roles_by_person(&self.roles, self.actors.len());
        Ok(Lexicon {
            state_offices,
            company_offices,
            events_by_name,
            folded_names,
            demonym_twins,
            roles_by_person,
            person_roles,
            actors: self.actors,
            by_id: self.by_id,
            domains: self.domains,
            aliases,
            offices: self.offices,
            roles: self.roles,
            triggers: self.triggers,
            cues: self.cues,
            governments,
            words: self.words,
            dates: self.dates,
            entity_payloads,
            patterns,
        })
    }
}

/// Events by their folded names and aliases. Built once: resolving an event phrase
/// against every alias per document cost a third of `extract` (perf, 2,000 seed
/// articles).
fn events_by_name(aliases: &[Alias], actors: &[ActorEntry]) -> HashMap<String, ActorIdx> {
    let mut events = HashMap::default();
    for alias in aliases {
        if actors[alias.actor as usize].kind == ActorKind::Event {
            events
                .entry(crate::mention::fold(&alias.text))
                .or_insert(alias.actor);
        }
    }
    events
}

/// Indices into `roles` by person, in `roles`' order for each (a stable sort), and per
/// actor the range of them that is its (`Lexicon::roles_of`).
fn roles_by_person(roles: &[RoleEntry], actors: usize) -> (Vec<u32>, Vec<(u32, u32)>) {
    let mut by_person: Vec<u32> = (0..roles.len() as u32).collect();
    by_person.sort_by_key(|&role| roles[role as usize].person);
    let ranges = (0..actors as ActorIdx)
        .map(|person| {
            let run = sorted_range(&by_person, person..=person, |&role| {
                roles[role as usize].person
            });
            (run.start as u32, run.end as u32)
        })
        .collect();
    (by_person, ranges)
}

/// The names that fold like a demonym of the same actor: French writes the country
/// "l'Argentine" and the adjective "argentine", so the lexicon's patterns, which fold
/// case, meet both at once and the first of them wins. `Lexicon::demonym_is_name`
/// sorts them out in the document's language.
fn demonym_twins(aliases: &[Alias]) -> HashMap<String, Vec<(ActorIdx, Option<Lang>)>> {
    let demonyms: HashSet<(ActorIdx, String)> = aliases
        .iter()
        .filter(|alias| alias.kind == AliasKind::Demonym)
        .map(|alias| (alias.actor, fold(&alias.text)))
        .collect();
    let mut twins: HashMap<String, Vec<(ActorIdx, Option<Lang>)>> = HashMap::default();
    for alias in aliases {
        if alias.kind == AliasKind::Name && demonyms.contains(&(alias.actor, fold(&alias.text))) {
            twins
                .entry(alias.text.clone())
                .or_default()
                .push((alias.actor, alias.lang));
        }
    }
    twins
}

/// "l'Union" is the European Union, but "l'Union africaine" is not: the patterns match
/// leftmost first, so an alias with an elided article would take the article and the
/// noun of every longer name starting with that noun and leave the rest ("africaine")
/// to be read alone. Each such name gets its own elided form, which is longer and wins.
fn elided_names(aliases: &[Alias]) -> Vec<Alias> {
    let nouns: Vec<&str> = aliases
        .iter()
        .filter_map(|alias| {
            alias
                .text
                .strip_prefix("l'")
                .or_else(|| alias.text.strip_prefix("l’"))
        })
        .collect();
    let mut elided = Vec::new();
    for alias in aliases {
        if alias.lang == Some(Lang::En) {
            continue;
        }
        for noun in &nouns {
            let longer = alias
                .text
                .strip_prefix(noun)
                .is_some_and(|rest| rest.starts_with(' '));
            if longer {
                elided.push(Alias {
                    text: format!("l'{}", alias.text),
                    ..alias.clone()
                });
            }
        }
    }
    elided
}

/// A pattern from a table cell: a trailing `*` makes it a word-start stem.
fn word_error(file: &str, line: usize, error: WordError) -> LexiconError {
    let message = match error {
        WordError::UnknownClass(class) => format!("unknown word class {class:?}"),
        WordError::TooLong(word) => format!(
            "{word:?} is longer than {} bytes folded",
            crate::words::MAX_WORD_BYTES
        ),
        WordError::Subtype(word) => {
            format!("{word:?}: an org_cue needs one subtype, and other classes none")
        }
    };
    row_error(file, line, message)
}

/// The offices every holder of which `roles.tsv` gives held in a firm or a fund.
fn company_offices(roles: &[RoleEntry], actors: &[ActorEntry]) -> HashSet<String> {
    let mut offices: HashMap<&str, bool> = HashMap::default();
    for role in roles {
        let actor = &actors[role.of as usize];
        let in_company = actor.kind == ActorKind::Organization
            && matches!(actor.subtype, Some(Subtype::Company | Subtype::Fund));
        *offices.entry(&role.office).or_insert(true) &= in_company;
    }
    offices
        .into_iter()
        .filter(|&(_, company)| company)
        .map(|(office, _)| office.to_string())
        .collect()
}

/// Per state, its government: its `executive` actor whose name holds a government head
/// word ("Gouvernement français", "US government").
fn governments(
    actors: &[ActorEntry],
    by_id: &HashMap<Arc<str>, ActorIdx>,
    words: &Words,
) -> HashMap<ActorIdx, ActorIdx> {
    let mut governments = HashMap::default();
    for (idx, actor) in actors.iter().enumerate() {
        let is_government = actor.subtype == Some(EXECUTIVE)
            && [&actor.name_fr, &actor.name_en].iter().any(|name| {
                fold(name)
                    .split(' ')
                    .any(|word| words.is(word, crate::words::WordClass::GovernmentHead))
            });
        if is_government
            && let Some(country) = actor.country.as_deref().and_then(|id| by_id.get(id))
        {
            governments.entry(*country).or_insert(idx as ActorIdx);
        }
    }
    governments
}

/// The plural of an office title, for the offices held by several people named
/// together. French: every word before the first preposition or article takes an s
/// ("présidents exécutifs", "secrétaires au Commerce"); English: the last word before
/// "of" or "for" ("executive vice-presidents", "secretaries of commerce"). None for a
/// title whose words already end like a plural, or an abbreviation.
fn plural_title(title: &str, lang: Lang) -> Option<String> {
    const FRENCH_STOPS: [&str; 11] = [
        "de", "du", "des", "au", "aux", "à", "la", "le", "les", "pour", "en",
    ];
    let plural = |word: &str| -> Option<String> {
        let last = word.chars().last()?;
        if !last.is_lowercase() || word.ends_with(['s', 'x', 'z']) {
            return None;
        }
        Some(match word.strip_suffix('y') {
            Some(stem) if lang == Lang::En => format!("{stem}ies"),
            _ => format!("{word}s"),
        })
    };
    let words: Vec<&str> = title.split(' ').collect();
    let mut out: Vec<String> = words.iter().map(|word| word.to_string()).collect();
    match lang {
        Lang::Fr => {
            let stop = words
                .iter()
                .position(|word| {
                    FRENCH_STOPS.contains(word)
                        || ["d'", "d’", "l'", "l’"]
                            .iter()
                            .any(|elided| word.starts_with(elided))
                })
                .unwrap_or(words.len());
            if stop == 0 {
                return None;
            }
            for word in &mut out[..stop] {
                *word = plural(word)?;
            }
        }
        Lang::En => {
            let stop = words
                .iter()
                .position(|word| matches!(*word, "of" | "for"))
                .unwrap_or(words.len());
            let head = stop.checked_sub(1)?;
            out[head] = plural(&out[head])?;
        }
    }
    Some(out.join(" "))
}

/// The names in a row's optional third column, `features` (comma-separated).
fn feature_names<'a>(row: &[&'a str]) -> impl Iterator<Item = &'a str> {
    row.get(2)
        .into_iter()
        .flat_map(|cell| cell.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty())
}

fn pattern(text: &str, payload: usize) -> Pattern<'_> {
    let prefix = text.ends_with('*');
    Pattern {
        text: text.trim_end_matches('*'),
        payload: payload as u32,
        prefix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index gives each actor exactly the roles a scan of all of them finds, in
    /// the same order (the first match of a search over them decides), for people
    /// with several roles, one, or none.
    #[test]
    fn roles_of_is_the_scan_of_all_roles() {
        let lexicon = Lexicon::embedded().unwrap();
        let mut with_several = 0;
        for person in 0..lexicon.actors.len() as ActorIdx {
            let indexed: Vec<*const RoleEntry> =
                lexicon.roles_of(person).map(std::ptr::from_ref).collect();
            let scanned: Vec<*const RoleEntry> = lexicon
                .roles
                .iter()
                .filter(|role| role.person == person)
                .map(std::ptr::from_ref)
                .collect();
            assert_eq!(indexed, scanned, "{}", lexicon.actors[person as usize].id);
            with_several += usize::from(scanned.len() > 1);
        }
        assert!(
            with_several > 0,
            "no person with several roles to test the order on"
        );
    }

    /// An outlet's state comes from its country-code domain; generic domains and
    /// addresses without one give none.
    #[test]
    fn the_state_of_an_outlet_is_its_country_code_domain() {
        let lexicon = Lexicon::embedded().unwrap();
        let state = |url: &str| {
            lexicon
                .state_of_url(url)
                .map(|idx| lexicon.actors[idx as usize].id.to_string())
        };
        assert_eq!(
            state("https://www.newtimes.co.rw/article/1").as_deref(),
            Some("rwa")
        );
        assert_eq!(state("http://blick.ch:8080/x?y=1").as_deref(), Some("che"));
        assert_eq!(state("https://www.gov.uk/news").as_deref(), Some("gbr"));
        assert_eq!(state("https://user@fr.madar.MR/").as_deref(), Some("mrt"));
        assert_eq!(state("https://medias24.com/2025/05/05/x"), None);
        assert_eq!(state("https://mistral.ai/news"), None);
        assert_eq!(state("https://example.io"), None);
        assert_eq!(state("localhost"), None);
        assert_eq!(state(""), None);
    }

    #[test]
    fn a_demonym_written_as_a_name_of_the_language_is_the_name() {
        let lexicon = Lexicon::embedded().unwrap();
        let (arg, dji) = (
            lexicon.find_id("arg").unwrap(),
            lexicon.find_id("dji").unwrap(),
        );
        assert!(lexicon.demonym_is_name(arg, Lang::Fr, "Argentine"));
        assert!(!lexicon.demonym_is_name(arg, Lang::En, "Argentine"));
        assert!(!lexicon.demonym_is_name(arg, Lang::Fr, "argentine"));
        assert!(lexicon.demonym_is_name(dji, Lang::En, "Djibouti"));
        let chn = lexicon.find_id("chn").unwrap();
        assert!(!lexicon.demonym_is_name(chn, Lang::En, "Chinese"));
    }

    #[test]
    fn embedded_lexicon_loads_and_resolves_offices() {
        let lexicon = Lexicon::embedded().expect("the shipped lexicon is valid");
        assert!(lexicon.actors.len() > 350);
        let usa = lexicon.find_id("usa").unwrap();
        let blinken = lexicon.find_id("blinken").unwrap();
        let rubio = lexicon.find_id("rubio").unwrap();
        let day = |text: &str| match DateValue::parse(text) {
            Some(DateValue::Day(day)) => day,
            _ => panic!("bad test date"),
        };
        assert_eq!(
            lexicon.holder("foreign_minister", usa, day("2024-12-01")),
            Some(blinken)
        );
        assert_eq!(
            lexicon.holder("foreign_minister", usa, day("2025-03-01")),
            Some(rubio)
        );
        assert_eq!(
            lexicon.holder("foreign_minister", usa, day("1990-03-01")),
            None
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut sources = Sources::embedded();
        sources.aliases = "# comment\nactor\tlang\tkind\talias\nnobody\tfr\tname\tPersonne\n";
        let error = Lexicon::load(&sources).unwrap_err().to_string();
        assert_eq!(error, "data/aliases.tsv:3: unknown actor id \"nobody\"");
    }

    #[test]
    fn language_table_errors_name_the_language_file() {
        let check = |edit: fn(&mut LangSources<'static>), expected: &str| {
            let mut sources = Sources::embedded();
            let french = sources
                .languages
                .iter_mut()
                .find(|language| language.lang == Lang::Fr)
                .unwrap();
            edit(french);
            let error = Lexicon::load(&sources).unwrap_err().to_string();
            assert_eq!(error, expected);
        };
        check(
            |french| french.words = "class\tword\ninterjection\tet\n",
            "data/lang/fr/words.tsv:2: unknown word class \"interjection\"",
        );
        check(
            |french| french.triggers = "relation\ttrigger\tfeatures\nmembership\tlancer\tfounder\n",
            "data/lang/fr/triggers.tsv:2: unknown trigger feature \"founder\"",
        );
        check(
            |french| french.cues = "status\tcue\tfeatures\nannounced\tlancé\tagent\n",
            "data/lang/fr/cues.tsv:2: unknown cue feature \"agent\"",
        );
        check(
            |french| french.triggers = "relation\ttrigger\tfeatures\nparticipation\taccueilli\t\nnegotiation\taccueilli\tmeeting\n",
            "data/lang/fr/triggers.tsv:3: trigger \"accueilli\" is already on line 2",
        );
        check(
            |french| french.triggers = "relation\ttrigger\nfriendship\tamitié\n",
            "data/lang/fr/triggers.tsv:2: unknown relation type \"friendship\"",
        );
    }

    /// The press's French forms "émirati", "qatari" and "kazakh" are demonyms.
    #[test]
    fn press_forms_are_demonyms() {
        let lexicon = Lexicon::embedded().unwrap();
        for (word, state) in [("émirati", "are"), ("qataries", "qat"), ("kazakh", "kaz")] {
            let text = format!("un investisseur {word}");
            let folded = Folded::new(&text);
            let hits = lexicon.find(&folded, &Tokens::new(&text, &folded));
            let demonym = hits.entities.iter().any(|hit| {
                matches!(
                    lexicon.entity_pattern(hit.payload),
                    EntityPattern::Alias(alias)
                        if lexicon.aliases[alias as usize].kind == AliasKind::Demonym
                            && *lexicon.actor(lexicon.aliases[alias as usize].actor).id == *state
                )
            });
            assert!(demonym, "{word} is a demonym of {state}");
        }
    }

    #[test]
    fn plural_titles_inflect_the_head() {
        for (title, lang, expected) in [
            (
                "vice-président exécutif",
                Lang::Fr,
                Some("vice-présidents exécutifs"),
            ),
            (
                "secrétaire au Commerce",
                Lang::Fr,
                Some("secrétaires au Commerce"),
            ),
            (
                "ministre des Affaires étrangères",
                Lang::Fr,
                Some("ministres des Affaires étrangères"),
            ),
            (
                "executive vice-president",
                Lang::En,
                Some("executive vice-presidents"),
            ),
            (
                "secretary of commerce",
                Lang::En,
                Some("secretaries of commerce"),
            ),
            ("CEO", Lang::En, None),
            ("PDG", Lang::Fr, None),
            ("chefs", Lang::Fr, None),
        ] {
            assert_eq!(plural_title(title, lang).as_deref(), expected, "{title}");
        }
    }

    #[test]
    fn features_are_read_from_their_column() {
        let lexicon = Lexicon::embedded().unwrap();
        let trigger = |text: &str| {
            lexicon
                .triggers
                .iter()
                .find(|trigger| trigger.text == text)
                .unwrap()
                .features
        };
        assert!(trigger("lancé par").agent && trigger("lancé par").founding);
        assert!(trigger("met").meeting && !trigger("met").agent);
        assert!(trigger("coprésid*").co_chair);
        let cue = |text: &str| lexicon.cues.iter().find(|cue| cue.text == text).unwrap();
        assert!(cue("entam*").inception);
        assert!(!cue("a adopté").inception);
    }
}
