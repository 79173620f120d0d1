"""What the summariser knows about each sentence of an article: position, centrality,
overlap with the title and the opening, what it repeats, how much of it is quoted or set
aside, and whether it can be understood alone.

The features are computed in one pass with numpy; ``FEATURE_NAMES`` names the columns,
in the order of the coefficients shipped in ``data/summary_model.json``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from nltk.stem.snowball import FrenchStemmer

from .labels import ends_on_credit, without_labels
from .models import Article
from .read import is_not_article_text
from .tokenize import french_tokenizer

BASE_FEATURES = (
    "bias", "first", "second", "third", "inverse_position", "relative_position", "log_words", "short", "long",
    "title_overlap", "centroid_similarity", "centrality", "dependent_opening", "unattributed_quote", "question",
    "paragraph_start", "has_number", "has_quote", "title_similarity", "fourth", "fifth", "early",
    "first_paragraph", "proper_nouns", "weekday", "title_words", "opening_similarity", "repeats_earlier",
    "quoted_share", "aside_share", "abstract_odds_mean", "abstract_odds_max", "abstract_odds_density",
    "abstract_odds_sum",
)
POSITION_FEATURES = ("first", "second", "third", "inverse_position", "relative_position")
CONTENT_FEATURES = ("title_overlap", "centroid_similarity", "centrality", "title_similarity", "log_words", "title_words")
SQUARED_FEATURES = ("title_overlap", "centroid_similarity", "title_similarity", "log_words")
FEATURE_NAMES = (
    *BASE_FEATURES,
    *(f"{position}*{content}" for position in POSITION_FEATURES for content in CONTENT_FEATURES),
    *(f"{name}^2" for name in SQUARED_FEATURES),
)
"""The model's inputs: the base features, then each position feature times each content feature
(how much the title or the article's centre counts depends on where a sentence stands), then
squares. A linear model on these beat the base features alone on the held-aside training block."""
_POSITION_COLUMNS = [BASE_FEATURES.index(name) for name in POSITION_FEATURES]
_CONTENT_COLUMNS = [BASE_FEATURES.index(name) for name in CONTENT_FEATURES]
_SQUARED_COLUMNS = [BASE_FEATURES.index(name) for name in SQUARED_FEATURES]

DEPENDENT_OPENING = re.compile(
    r"^[«\"“\s]*(?:il|elle|ils|elles|cela|ceci|ça|celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette dernière"
    r"|ces derniers|ces dernières|ces|cette|cet|lui|eux|mais|pourtant|cependant|toutefois|néanmoins|en revanche"
    r"|par ailleurs|de plus|en outre|ainsi|donc|or|d'autre part|d’autre part|enfin|aussi|également"
    r"|là encore|de son côté|de leur côté|pour sa part|pour leur part)\b",
    re.IGNORECASE,
)
"""Openings that lean on the sentence before: a pronoun or a connective."""
STANDALONE_OPENING = re.compile(r"^(?:il\s+(?:y\s+a|faut|existe|reste|est\s+(?:temps|possible|difficile|vrai|clair)))\b", re.IGNORECASE)
"""Impersonal "il" needs no antecedent: "Il y a neuf ans…", "Il faut…"."""
CONNECTIVE_OPENING = re.compile(
    r"^(?:(?:mais|or|donc)\b,?|(?:pourtant|cependant|toutefois|néanmoins|en revanche|par ailleurs|de plus|en outre"
    r"|ainsi|d['’]autre part|enfin|aussi|également|là encore|de son côté|de leur côté|pour sa part|pour leur part),)\s+",
    re.IGNORECASE,
)
"""A connective that only ties a sentence to the one before ("Mais", "Par ailleurs,"): said
without that one, a newsreader leaves it out. With a comma only where the word can open a
clause of its own ("Aussi le gouvernement a-t-il…" is no "Aussi, …")."""
_TIME_NOUNS = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|jour|nuit|week-end|semaine|mois|année|an|été|hiver|printemps|automne"
LEANS_BACK_INSIDE = re.compile(
    r"\b(?:il|elle|ils|elles|je|j['’]|me|m['’]|moi|nous|mon|ma|mes|notre|nos|lui|eux)\b"
    r"|^(?:son|sa|ses|leur|leurs)\b|\b(?:de|à)\s+(?:les|le)\b"
    rf"|\b(?:ce|cet|cette|ces)\s+(?!(?:qui|que|qu['’]|{_TIME_NOUNS})\b)\w",
    re.IGNORECASE,
)
"""What still leans on the sentences before a connective's, anywhere in the rest: a pronoun ("Mais
en surdosage, il est…": which "il"?), the speaker's "je" of a quotation, "de les préparer" ("de
les" is never an article), a demonstrative ("Mais ce choix…", not "ce jeudi"); a possessive
only as the subject ("Mais son avocat…"): further on, it is the subject's ("la ville a fermé ses
piscines")."""
REFERS_BACK = re.compile(
    r"\b(?:(?:ce\s+dernier|cette\s+derni[èe]re|ces\s+dernier(?:e)?s|celui-ci|celle-ci|ceux-ci|celles-ci"
    r"|l['’]int[ée]ress[ée]e?|ledit|ladite|lesdits|lesdites)\b"
    r"|l['’](?=(?:a|ont|avait|avaient|aurait|auraient|avoir|est|sont|était|ai|avons|avez|aura|auront)\b)"
    r"|(?:lui|leur|les)\s+(?:a|ont|avait|avaient|aurait|auraient)\s+(?:été\s+)?\w+[ée]s?\b"
    r"|(?:selon|pour|avec|contre|chez|sans|d['’]après|comme|envers|vers|sur)\s+(?:lui|eux|elle|elles)\b)"
)
"""Words that point back to someone or something named earlier, wherever they stand: "ce
dernier", an object pronoun ("l'a relaxé", "lui a été"), "selon lui". Searched in the sentence
in lower case: searched blind to case, the pattern took a seventh of the summariser's time."""
NAMED_BY_WHAT_IT_IS = re.compile(
    r"^(?:[«\"“\s]*)(?:l['’](?:homme|enfant|adolescente?|intéressée?|entreprise|association|attaquant|entraîneur|acteur|actrice"
    r"|automobiliste|agresseur|accusée?)|(?:le|la)\s+(?:(?:jeune\s+)?(?:femme|fille)|jeune\s+homme|suspecte?|victime|groupe"
    r"|soci[ée]t[ée]|couple|joueur|joueuse|chanteur|chanteuse|pilote|militante?|prévenue?|policier|policière|gendarme"
    r"|conducteur|conductrice|[a-zéè]+g[ée]naire))\b(?!\s+(?:(?-i:[A-ZÀ-Ý])|de\b|d['’]|du\b|des\b))",
    re.IGNORECASE,
)
"""A subject named only by what it is ("Le suspect…", "La quinquagénaire…"), not followed by
a name or a complement. Heard alone, these and REFERS_BACK are filled in by the listener with
whoever was named last: in one summary, the wrong man."""
QUOTE_OPENING = re.compile(r"^\s*[«\"“]")
QUOTE_MARK = re.compile(r"[«»\"“”]")
ATTRIBUTION = re.compile(
    r"\b(?:selon|d['’]après)\b|-t-(?:il|elle|ils|elles)\b"
    r"|\b(?:a|ont|avait|avaient|aurait|auraient)\s+(?:déclaré|dit|expliqué|affirmé|indiqué|ajouté|souligné|estimé"
    r"|assuré|précisé|confié|martelé|rappelé|prévenu|annoncé|reconnu|insisté|jugé|regretté|dénoncé|lancé|répondu"
    r"|confirmé|démenti|raconté|écrit|tweeté|résumé|poursuivi|averti|conclu|commenté|déploré|promis)\b"
    r"|\b(?:explique|déclare|affirme|indique|ajoute|souligne|estime|assure|précise|confie|rappelle|prévient"
    r"|annonce|reconnaît|dit|lance|note|observe|raconte|résume|poursuit|insiste|répond|confirme|avertit|conclut"
    r"|commente|déplore|promet|écrit|martèle|dénonce|regrette|juge)\b",
    re.IGNORECASE,
)
"""Words that name who is speaking: "a déclaré", "selon", "explique", "a-t-il"."""
NUMBER = re.compile(r"\d")
PROPER_NOUN = re.compile(r"(?<=[\w,;:] )[A-ZÀ-Ý][\w’'-]+")
"""A capitalised word that does not open the sentence: a name, a place, an organisation."""
QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"")
ASIDE = re.compile(r"\([^()]*\)")
WEEKDAY = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui)\b", re.IGNORECASE)
SHORT_WORDS = 8
LONG_WORDS = 45
MAX_SCORED_SENTENCES = 300
"""A summary is chosen from the article's first sentences only: news puts what matters first
(a long article has ~100 sentences), and the similarity between sentences, which centrality
needs, grows with the square of their number: a 1 MB text of 20,000 sentences took 5 GB."""


@lru_cache(maxsize=1)
def french_stop_words() -> frozenset[str]:
    """narrate's French stop-word list (function words), lower case."""
    text = resources.files("narrate").joinpath("data/stopwords-fr.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


_stemmer = FrenchStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball French stem of a lower-case word (cached: news reuses its words)."""
    return _stemmer.stem(word)


def content_stems(words: tuple[str, ...]) -> list[str]:
    """Stems of the words (in lower case) that carry meaning: no stop words, no single letters."""
    stop_words = french_stop_words()
    return [stem(word) for word in words if len(word) > 1 and word not in stop_words]


@dataclass(frozen=True)
class SentenceTable:
    """An article's sentences with their features and their similarity to one another."""

    sentences: tuple[str, ...]
    paragraph_of: tuple[int, ...]
    word_counts: np.ndarray
    features: np.ndarray
    """One row per sentence, columns as FEATURE_NAMES."""
    similarity: np.ndarray
    """Cosine similarity between sentences (tf-isf vectors of content stems)."""
    needs_antecedent: np.ndarray
    """True where a sentence opens on a pronoun or connective that leans on the one before."""
    refers_back: np.ndarray
    """True where a sentence points back to someone named earlier (``_refers_back``) or quotes
    without naming its speaker: heard only after the sentences before it in its paragraph."""
    loose_connective: np.ndarray
    """True where only an opening connective ties a sentence to the one before
    (``without_connective``): said without that one, it goes, and the sentence stands alone."""
    has_quote: np.ndarray
    """True where a sentence holds a quotation: its speaker is not the one a pronoun after it means."""
    opens_quote: np.ndarray
    """True where a quotation is still open at the end of the sentence: a later one closes it."""
    hard_to_follow: np.ndarray
    """True for a quote whose speaker is not named, or a question put to the reader."""
    not_content: np.ndarray
    """True for headings, captions, "Lire aussi" links and appeals: never summary material."""


def sentence_table(article: Article, word_odds: Mapping[str, float]) -> SentenceTable:
    """Split ``article`` into sentences and describe each one; ``word_odds`` are the words'
    log-odds of being in a journalist's abstract (``abstract_word_features``)."""
    tokenizer = french_tokenizer()
    sentences: list[str] = []
    paragraph_of: list[int] = []
    paragraph_start: list[bool] = []
    for index, paragraph in enumerate(article.paragraphs):
        if len(sentences) >= MAX_SCORED_SENTENCES:
            break
        for position, sentence in enumerate(tokenizer.to_sentences(paragraph)):
            sentences.append(sentence)
            paragraph_of.append(index)
            paragraph_start.append(position == 0)
    del sentences[MAX_SCORED_SENTENCES:], paragraph_of[MAX_SCORED_SENTENCES:], paragraph_start[MAX_SCORED_SENTENCES:]
    count = len(sentences)
    words = [tuple(word.lower() for word in tokenizer.to_words(sentence)) for sentence in sentences]
    stems = [content_stems(w) for w in words]
    vocabulary: dict[str, int] = {}
    for sentence_stems in stems:
        for token in sentence_stems:
            vocabulary.setdefault(token, len(vocabulary))
    counts = np.zeros((count, max(1, len(vocabulary))), dtype=np.float64)
    for row, sentence_stems in enumerate(stems):
        for token in sentence_stems:
            counts[row, vocabulary[token]] += 1
    sentence_frequency = (counts > 0).sum(axis=0)
    weights = counts * np.log((count + 1) / (sentence_frequency + 0.5))
    norms = np.linalg.norm(weights, axis=1)
    unit = weights / np.where(norms > 0, norms, 1)[:, None]
    similarity = unit @ unit.T

    centroid = weights.sum(axis=0)
    centroid_norm = np.linalg.norm(centroid)
    centroid_similarity = unit @ (centroid / centroid_norm) if centroid_norm > 0 else np.zeros(count)
    title_tokens = tuple(word.lower() for word in tokenizer.to_words(without_labels(article.title)))
    title_list = content_stems(title_tokens)
    title_stems = set(title_list)
    title_vector = np.zeros(counts.shape[1])
    for token in title_list:
        if token in vocabulary:
            title_vector[vocabulary[token]] += 1
    title_vector *= np.log((count + 1) / (sentence_frequency + 0.5))
    title_norm = np.linalg.norm(title_vector)
    title_similarity = unit @ (title_vector / title_norm) if title_norm > 0 else np.zeros(count)
    title_overlap = np.array(
        [len(title_stems.intersection(s)) / len(title_stems) if title_stems else 0.0 for s in stems]
    )
    title_words = set(title_tokens)
    word_counts = np.array([len(w) for w in words], dtype=np.float64)
    open_after, open_before = _open_quotes(sentences, paragraph_of)
    dependent = np.array([_dependent(s) for s in sentences], dtype=bool)
    needs_antecedent = dependent | open_before  # inside a quotation that an earlier sentence opened
    loose_connective = np.array([
        bool(leans and not inside) and without_connective(sentence) is not None
        for sentence, leans, inside in zip(sentences, dependent, open_before)
    ], dtype=bool)
    unattributed_quote = np.array([bool(QUOTE_OPENING.match(s)) and not ATTRIBUTION.search(s) for s in sentences], dtype=bool)
    refers_back = np.array([_refers_back(s) for s in sentences], dtype=bool) | unattributed_quote
    has_quote = np.array([bool(QUOTE_MARK.search(s)) for s in sentences], dtype=bool)
    questions = np.array([s.rstrip("»\"” ").endswith("?") for s in sentences], dtype=bool)
    positions = np.arange(count, dtype=np.float64)
    features = np.column_stack(
        [
            np.ones(count),
            positions == 0,
            positions == 1,
            positions == 2,
            1.0 / (positions + 1),
            positions / max(1, count - 1),
            np.log1p(word_counts),
            word_counts < SHORT_WORDS,
            word_counts > LONG_WORDS,
            title_overlap,
            centroid_similarity,
            _centrality(similarity) * count,
            needs_antecedent,
            unattributed_quote,
            questions,
            paragraph_start,
            [bool(NUMBER.search(s)) for s in sentences],
            has_quote,
            title_similarity,
            positions == 3,
            positions == 4,
            (positions >= 5) & (positions < 10),
            np.array(paragraph_of) == 0,
            np.log1p([len(PROPER_NOUN.findall(s)) for s in sentences]),
            [bool(WEEKDAY.search(s)) for s in sentences],
            [len(title_words.intersection(sentence_words)) / max(1, len(title_words)) for sentence_words in words],
            similarity[:, :3].mean(axis=1),
            np.where(np.tri(count, k=-1, dtype=bool), similarity, 0.0).max(axis=1, initial=0.0),
            [_share(QUOTED, s) if quoted else 0.0 for s, quoted in zip(sentences, has_quote)],
            [_share(ASIDE, s) if "(" in s else 0.0 for s in sentences],
            abstract_word_features(words, word_odds),
        ]
    ).astype(np.float64) if count else np.zeros((0, len(BASE_FEATURES)))
    features = np.column_stack([
        features,
        (features[:, _POSITION_COLUMNS, None] * features[:, None, _CONTENT_COLUMNS]).reshape(count, len(_POSITION_COLUMNS) * len(_CONTENT_COLUMNS)),
        features[:, _SQUARED_COLUMNS] ** 2,
    ])
    return SentenceTable(
        sentences=tuple(sentences), paragraph_of=tuple(paragraph_of), word_counts=word_counts,
        features=features, similarity=similarity, needs_antecedent=needs_antecedent,
        loose_connective=loose_connective, refers_back=refers_back, has_quote=has_quote, opens_quote=open_after,
        hard_to_follow=unattributed_quote | questions,
        not_content=np.array([
            _not_content(sentence, alone, followed)
            for sentence, alone, followed in zip(sentences, _alone_in_paragraph(paragraph_of), _followed_in_paragraph(paragraph_of))
        ], dtype=bool),
    )


def abstract_word_features(words: list[tuple[str, ...]], word_odds: Mapping[str, float]) -> np.ndarray:
    """Four columns from what news abstracts say: for each sentence (its words in lower case),
    the mean of its words' log-odds of being in the abstract of an article that holds them (an
    unknown word is 0), the best of its distinct words, and the sum of their positive odds, as
    is and per square root of its length. Words, not stems: "annoncé" and "annonce" do not tell
    the same."""
    columns = np.zeros((len(words), 4))
    odds_of = word_odds.get
    for row, sentence_words in enumerate(words):
        if not sentence_words:
            continue
        odds = [odds_of(word, 0.0) for word in sentence_words]
        distinct = [odds_of(word, 0.0) for word in set(sentence_words)]
        gain = sum(value for value in distinct if value > 0)
        columns[row] = (sum(odds) / len(odds), max(distinct), gain / math.sqrt(1 + len(sentence_words)), gain)
    return columns


def without_connective(sentence: str) -> str | None:
    """``sentence`` without the connective it opens on, when what is left stands alone:
    "Mais le ministre a refusé." is "Le ministre a refusé."; "Mais il a refusé." and "Mais en
    surdosage, il est…" still need the sentence before them."""
    match = CONNECTIVE_OPENING.match(sentence)
    rest = sentence[match.end():] if match else ""
    stands_alone = rest[:1].isalnum() and not _dependent(rest) and not LEANS_BACK_INSIDE.search(rest)
    return rest[0].upper() + rest[1:] if stands_alone else None


def _refers_back(sentence: str) -> bool:
    """Whether ``sentence`` points back to someone named earlier (REFERS_BACK, NAMED_BY_WHAT_IT_IS)."""
    return bool(NAMED_BY_WHAT_IT_IS.match(sentence) or REFERS_BACK.search(sentence.lower()))


def _dependent(sentence: str) -> bool:
    """Whether ``sentence`` opens on a pronoun or a connective that leans on the one before."""
    return bool(DEPENDENT_OPENING.match(sentence)) and not STANDALONE_OPENING.match(sentence)


def _share(pattern: re.Pattern[str], sentence: str) -> float:
    """The share of ``sentence``'s words inside what ``pattern`` finds (quotations, asides)."""
    return sum(len(match.group().split()) for match in pattern.finditer(sentence)) / max(1, len(sentence.split()))


SENTENCE_END = re.compile(r"[.!?…:;»\"”)]\s*$")


_ENDS_ON_A_WORD = re.compile(r"\w[\"”»]?\s*$")


def _not_content(sentence: str, alone: bool, followed: bool) -> bool:
    """Words around the news, never summary material: a caption, a "Lire aussi" link, an appeal,
    a line in capitals, a sentence ending on a glued credit ("…?par rtl.fr"), or a subheading:
    a paragraph of one sentence without final punctuation, or one a page glued to the text
    after it, cut off by the splitter ("Possibilité d'un soutien confidentiel", '"Souvenir"'):
    it ends on a word, or a quotation mark right after one, and its paragraph goes on."""
    return (
        is_not_article_text(sentence) or sentence.upper() == sentence or ends_on_credit(sentence)
        or alone and not SENTENCE_END.search(sentence)
        or followed and bool(_ENDS_ON_A_WORD.search(sentence))
    )


def _alone_in_paragraph(paragraph_of: list[int]) -> list[bool]:
    """For each sentence, whether it is the only one of its paragraph."""
    sizes = Counter(paragraph_of)
    return [sizes[paragraph] == 1 for paragraph in paragraph_of]


def _followed_in_paragraph(paragraph_of: list[int]) -> list[bool]:
    """For each sentence, whether another of its paragraph comes after it."""
    return [index + 1 < len(paragraph_of) and paragraph_of[index + 1] == paragraph for index, paragraph in enumerate(paragraph_of)]


def quotation_balance(text: str) -> tuple[int, bool]:
    """The « and “ quotations ``text`` opens less those it closes, and whether it opens or closes
    a straight " one (its marks go by turns)."""
    return text.count("«") + text.count("“") - text.count("»") - text.count("”"), text.count('"') % 2 == 1


def _open_quotes(sentences: list[str], paragraph_of: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Whether a quotation is open after, and before, each sentence: « » and “ ” nest, a straight
    " opens or closes by turns. A paragraph starts closed, so that one stray mark does not
    swallow the rest of the article."""
    after, before = [], []
    depth, straight_open = 0, False
    for index, sentence in enumerate(sentences):
        if index == 0 or paragraph_of[index] != paragraph_of[index - 1]:
            depth, straight_open = 0, False
        before.append(depth > 0 or straight_open)
        opened, straight_turns = quotation_balance(sentence)
        depth = max(0, depth + opened)
        straight_open ^= straight_turns
        after.append(depth > 0 or straight_open)
    return np.array(after, dtype=bool), np.array(before, dtype=bool)


def _centrality(similarity: np.ndarray, threshold: float = 0.1, damping: float = 0.85) -> np.ndarray:
    """LexRank: the stationary distribution of a walk over sentences that are similar enough."""
    count = len(similarity)
    if count == 0:
        return np.zeros(0)
    links = (similarity > threshold).astype(np.float64)
    np.fill_diagonal(links, 0)
    degrees = links.sum(axis=1, keepdims=True)
    transition = np.where(degrees > 0, links / np.where(degrees > 0, degrees, 1), 1.0 / count)
    scores = np.full(count, 1.0 / count)
    for _ in range(50):
        updated = (1 - damping) / count + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-6:
            return updated
        scores = updated
    return scores


__all__ = [
    "FEATURE_NAMES", "SentenceTable", "abstract_word_features", "content_stems", "french_stop_words",
    "quotation_balance", "sentence_table", "without_connective",
]
