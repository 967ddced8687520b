"""The fast path: exact, faster stand-ins for the slowest non-neural steps of a run.

`GatedMatcher` replaces one token `Matcher` over many patterns.  spaCy's Matcher tests every pattern
at every token; gated, the patterns are split into groups by an *anchor*, one token every pattern of
the group must match with a fixed word or lemma ("endeavour", `IN` [...]), and a group's matcher runs
only on a doc that contains one of its anchor values, which the doc's attribute arrays tell at C
speed.  An anchored token is mandatory, so skipping a group can never lose a match; and a group
whose patterns match at most n tokens is matched only on the tokens within n - 1 of its anchors
(spaCy's Matcher makes two Python Token objects per token it reads), which holds every match too.

Measured on 88k words of ../shared/docs, spaCy's `attribute_ruler` (179 single-token tag/word
rules run through a token `Matcher`) took as long as the parser, and the rule `lemmatizer` (a Python
loop over every token) half as long.  Both are pure functions of a token's tag, word, dependency and
morphology, which repeat endlessly in a document; these stand-ins compute each distinct case once.

They reuse the original components' own tables and setters, so their output is the original's:
`FastAttributeRuler.match` returns exactly `AttributeRuler.match`'s list and hands it to the
original `set_annotations`; `FastLemmatizer` calls the original `lemmatize` once per distinct
(word, POS, morphology).  They are registered spaCy components (`contractlint_fast_attribute_ruler`,
`contractlint_fast_lemmatizer`) that `install_stand_ins` adds right after the components they stand
in for, disabling those; `original_components` swaps them back (`--no-fast-path`).
tests/test_fast_path.py compares both on real text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.tokens import Doc


class GatedMatcher:
    """A token `Matcher` whose pattern groups run only on docs that contain their anchor words."""

    def __init__(
        self, nlp: Language, patterns: Iterable[tuple[str | int, Pattern]], *, gated: bool, final_docs: bool = True
    ) -> None:
        """`final_docs`: the docs it sees are fully annotated, so the words they contain may be
        remembered per doc; a pipeline step sees docs whose lemmas are not set yet."""
        from spacy.matcher import Matcher

        self._final_docs = final_docs
        groups: dict[Anchor | None, list[tuple[str | int, Pattern]]] = {}
        for key, pattern in patterns:
            groups.setdefault(anchor_of(pattern) if gated else None, []).append((key, pattern))
        self._groups: list[tuple[Anchor | None, Matcher]] = []
        # On final docs, an anchored group of bounded patterns runs only on the tokens around its
        # anchor words (see `_windows`): the most tokens from an anchor a match can reach.
        self._reaches: list[int | None] = []
        for anchor, members in groups.items():
            matcher = Matcher(nlp.vocab)
            for key, pattern in members:
                matcher.add(key, [pattern])  # type: ignore[list-item]
            self._groups.append((anchor and anchor.hashed(nlp), matcher))
            lengths = [_longest(pattern) for _key, pattern in members]
            bounded = anchor is not None and final_docs and None not in lengths
            self._reaches.append(max(lengths) - 1 if bounded else None)  # type: ignore[type-var, operator]

    def __call__(self, doc: Doc, **options: object) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every group whose anchor the doc contains (all, ungated)."""
        index = None
        if any(anchor for anchor, _ in self._groups):
            index = _token_index(doc) if self._final_docs else TokenIndex(doc)
        found: list[tuple[int, int, int]] = []
        for (anchor, matcher), reach in zip(self._groups, self._reaches, strict=True):
            if anchor is None or index is None:
                found.extend(matcher(doc, **options))  # type: ignore[arg-type]
            elif index.lacks(anchor):
                continue
            elif reach is None:
                found.extend(matcher(doc, **options))  # type: ignore[arg-type]
            else:
                for start, end in _windows(index, anchor, reach):
                    found.extend((key, start + s, start + e) for key, s, e in matcher(doc[start:end], **options))
        return found


def _longest(pattern: Pattern) -> int | None:
    """The most tokens a pattern can match; None when a token may repeat without limit (`+`, `*`)."""
    total = 0
    for spec in pattern:
        op = str(spec.get("OP", "1"))
        if op in ("1", "!", "?"):
            total += 1
        elif re.fullmatch(r"\{(\d*),?(\d+)\}", op):  # {n}, {n,m}, {,m}: at most the last number
            total += int(op.strip("{}").split(",")[-1])
        else:
            return None  # +, *, {n,}: unbounded
    return total


# Windows closer than this many tokens are matched as one span: one Matcher call costs more than a
# few extra tokens do.
_WINDOW_GAP = 8


def _windows(index: TokenIndex, anchor: Anchor, reach: int) -> list[tuple[int, int]]:
    """Disjoint token ranges covering every place a match of the group can be.

    A match contains its pattern's anchor token and is at most `reach` + 1 tokens long, so it lies
    within `reach` tokens of an anchor on either side; a span of the doc holds every match of the
    doc that lies inside it (a token pattern reads only the tokens it matches), so matching these
    ranges finds exactly what matching the whole doc finds."""
    merged: list[tuple[int, int]] = []
    for position in sorted(index.positions(anchor)):
        start, end = max(0, position - reach), min(index.length, position + reach + 1)
        if merged and start <= merged[-1][1] + _WINDOW_GAP:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


_ANCHOR_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH", "LEMMA": "LEMMA", "NORM": "NORM"}
# Words so frequent in contracts that a group anchored on them would run on nearly every paragraph
# (the second line: the anchors that ran most often on the largest of ../shared/docs).
_COMMON = frozenset(
    {"the", "a", "an", "of", "to", "in", "and", "or", "be", "is", "are", "will", "shall", "may", "as", "at", "by"}
    | {"for", "on", "with", "its", "their", "this"}
    | {"any", "all", "not", "no", "have", "has", "other", "such", "that", "from", "time", "include", "-", ",", "("}
)


@dataclass(frozen=True)
class Anchor:
    """One mandatory token of a pattern: its attribute and the values it accepts, listed or, for a
    `REGEX` test, the values the expression finds something in (as spaCy's Matcher tests it)."""

    attr: str
    values: frozenset[str] | frozenset[int]  # the words as written, hashed once compiled
    regex: str | None = None

    def hashed(self, nlp: Language) -> Anchor:
        return Anchor(self.attr, frozenset(nlp.vocab.strings.add(str(v)) for v in self.values), self.regex)


def anchor_of(pattern: Pattern) -> Anchor | None:
    """The most selective mandatory fixed-value token of a pattern, or None if it has none."""
    choices = []
    for spec in pattern:
        if spec.get("OP", "1") not in ("1", "+"):
            continue  # optional or negated: the pattern can match without this token
        for key, attr in _ANCHOR_ATTRS.items():
            value = spec.get(key)
            if isinstance(value, dict) and set(value) == {"IN"}:
                value = value["IN"]
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list) and value:
                choices.append(Anchor(attr, frozenset(str(v) for v in value)))
            elif isinstance(value, dict) and set(value) == {"REGEX"} and attr in ("ORTH", "LOWER"):
                choices.append(Anchor(attr, frozenset(), str(value["REGEX"])))
    if not choices:
        return None
    # Listed words first: a regular expression is tried on each distinct word of a doc.
    return min(
        choices,
        key=lambda a: (a.regex is not None, len(a.values) + 100 * len(a.values & _COMMON), sorted(a.values), a.regex),
    )


class TokenIndex:
    """Which words, lemmas and norms a doc holds, read from its attribute arrays at C speed, and
    where each occurs (worked out per attribute when first asked)."""

    _NAMES = ("LOWER", "ORTH", "LEMMA", "NORM")

    def __init__(self, doc: Doc) -> None:
        from spacy.attrs import LEMMA, LOWER, NORM, ORTH

        self.length = len(doc)
        columns = doc.to_array([LOWER, ORTH, LEMMA, NORM]).T.tolist() if len(doc) else [[], [], [], []]
        self._columns: dict[str, list[int]] = dict(zip(self._NAMES, columns, strict=True))
        self._present = {name: set(column) for name, column in self._columns.items()}
        self._at: dict[str, dict[int, list[int]]] = {}
        self._strings = doc.vocab.strings

    def lacks(self, anchor: Anchor) -> bool:
        return self._present[anchor.attr].isdisjoint(self._accepted(anchor))

    def positions(self, anchor: Anchor) -> Iterator[int]:
        where = self._at.get(anchor.attr)
        if where is None:
            where = self._at[anchor.attr] = {}
            for position, value in enumerate(self._columns[anchor.attr]):
                where.setdefault(value, []).append(position)
        for value in self._accepted(anchor):
            yield from where.get(value, ())  # type: ignore[call-overload]

    def _accepted(self, anchor: Anchor) -> frozenset[int] | set[int]:
        """The anchor's values; for a regex, the doc's values it finds something in, each decided once
        per run (spaCy's `REGEX` test: `re.search` on the attribute's string)."""
        if anchor.regex is None:
            return anchor.values  # type: ignore[return-value]
        verdicts = _REGEX_VERDICTS.setdefault(anchor.regex, {})
        _bound(verdicts)
        accepted = set()
        for value in self._present[anchor.attr]:
            found = verdicts.get(value)
            if found is None:
                found = verdicts[value] = bool(_compiled(anchor.regex).search(self._strings[value]))
            if found:
                accepted.add(value)
        return accepted


_REGEX_VERDICTS: dict[str, dict[int, bool]] = {}  # regex -> value hash -> does it find something


@lru_cache(maxsize=64)
def _compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def _token_index(doc: Doc) -> TokenIndex:
    """The doc's index, computed once per doc, as every rule asks."""
    cached_doc, index = _last_index
    if cached_doc is not doc:
        index = TokenIndex(doc)
        _last_index[:] = [doc, index]
    return index  # type: ignore[no-any-return]


_last_index: list = [None, None]  # type: ignore[type-arg]


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per doc: spaCy joins every token's text on each read, and the rules
    read the text of a block many times (exact: a parsed doc is never changed afterwards)."""
    cached_doc, text = _last_text
    if cached_doc is not doc:
        text = joined_text(doc)
        _last_text[:] = [doc, text]
    return text  # type: ignore[no-any-return]


def joined_text(doc: Doc) -> str:
    """Exactly `doc.text` (each token's text, then one space where it has one), joined from the
    doc's word array: spaCy's own join makes a Token object per word, about twice the cost."""
    from spacy.attrs import ORTH, SPACY

    if not len(doc):
        return ""
    strings = doc.vocab.strings
    words = doc.to_array([ORTH, SPACY]).tolist()
    return "".join([strings[orth] + " " if space else strings[orth] for orth, space in words])


_last_text: list = [None, ""]  # type: ignore[type-arg]


# Token attributes a single-token attribute-ruler rule may test and we can evaluate by lookup.
_SIMPLE_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")

Pattern = list[dict[str, object]]  # one spaCy Matcher token pattern
Predicate = tuple[int, str, object]  # (column in the token key, IN / NOT_IN / REGEX, values or regex)
Match = tuple[int, int, int, int]  # (rule index, match id, start, end) as AttributeRuler.match gives


class FastAttributeRuler:
    """`AttributeRuler.match` by lookup for single-token rules, a gated Matcher for the few others."""

    def __init__(self, ruler: AttributeRuler, nlp: Language) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        self._by_tag: dict[object, list[tuple[int, int, list[Predicate]]]] = {}  # None: rules testing no tag
        rest: list[tuple[str | int, Pattern]] = []
        # `AttributeRuler.patterns` (public API) lists the rules in order; rule i matches under the key
        # str(i), which is what `set_annotations` reads back from the match ids.
        for index, rule in enumerate(ruler.patterns):
            match_id = strings.add(str(index))
            for pattern in rule["patterns"]:
                predicates = _simple_predicates(pattern, strings)
                if predicates is None:
                    rest.append((match_id, pattern))
                    continue
                tags = next((values for column, kind, values in predicates if column == 0 and kind == "IN"), (None,))
                for tag in tags:
                    self._by_tag.setdefault(tag, []).append((index, match_id, predicates))
        self._rest = GatedMatcher(nlp, rest, gated=True, final_docs=False)
        self._by_token: dict[tuple[object, ...], list[tuple[int, int]]] = {}  # distinct tokens seen so far

    def match(self, doc: Doc) -> list[Match]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        matches: list[Match] = []
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []
        for position, row in enumerate(rows):
            key = (row[0], row[1], row[2], bool(row[3]))
            hits = self._by_token.get(key)
            if hits is None:
                _bound(self._by_token)
                hits = self._by_token[key] = self._rules_for(key)
            matches.extend((index, match_id, position, position + 1) for index, match_id in hits)
        strings = self.ruler.vocab.strings
        matches.extend((int(strings[m]), m, s, e) for m, s, e in self._rest(doc, allow_missing=True, as_spans=False))
        matches.sort()
        return matches

    def _rules_for(self, key: tuple[object, ...]) -> list[tuple[int, int]]:
        rules = self._by_tag.get(key[0], []) + self._by_tag.get(None, [])
        strings = self.ruler.vocab.strings
        return sorted({(index, match_id) for index, match_id, predicates in rules if _holds(predicates, key, strings)})

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


def _simple_predicates(pattern: Pattern, strings: object) -> list[Predicate] | None:
    """A one-token pattern of IN / NOT_IN / REGEX / equality tests on TAG, LOWER, DEP, IS_SPACE as plain
    predicates; None for anything else (it stays with the Matcher)."""
    if len(pattern) != 1 or not pattern[0] or not set(pattern[0]) <= set(_SIMPLE_KEYS):
        return None
    predicates: list[Predicate] = []
    for name, value in pattern[0].items():
        column = _SIMPLE_KEYS.index(name)
        tests = value if isinstance(value, dict) else {"IN": value if isinstance(value, list) else [value]}
        for kind, argument in tests.items():
            if kind == "REGEX" and name == "LOWER":
                predicates.append((column, kind, re.compile(str(argument))))
            elif kind in ("IN", "NOT_IN") and isinstance(argument, list):
                predicates.append((column, kind, frozenset(_value(name, v, strings) for v in argument)))
            else:
                return None
    return predicates


def _value(name: str, value: object, strings: object) -> object:
    return bool(value) if name == "IS_SPACE" else strings.add(str(value))  # type: ignore[attr-defined]


def _holds(predicates: list[Predicate], key: tuple[object, ...], strings: object) -> bool:
    for column, kind, argument in predicates:
        value = key[column]
        if kind == "IN" and value not in argument:  # type: ignore[operator]
            return False
        if kind == "NOT_IN" and value in argument:  # type: ignore[operator]
            return False
        if kind == "REGEX" and not argument.search(strings[value]):  # type: ignore[union-attr,index]
            return False
    return True


class FastLemmatizer:
    """The rule lemmatizer, asked once per distinct (word, POS, morphology) instead of once per token."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._checked = False  # the original has run once: its tables are validated as spaCy does

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        lemmatizer, strings = self.lemmatizer, doc.vocab.strings
        if not self._checked:  # the first doc goes through the original, which validates its tables
            self._checked = True
            return lemmatizer(doc)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for position, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma != 0 and not lemmatizer.overwrite:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                _bound(self._lemmas)
                found = self._lemmas[key] = strings.add(lemmatizer.lemmatize(doc[position])[0])
            lemmas[position] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


# Distinct tokens remembered per stand-in: enough for any one document; a run over thousands of
# documents starts afresh rather than growing without bound.
MEMO_LIMIT = 200_000


def _bound(memo: dict) -> None:  # type: ignore[type-arg]
    if len(memo) >= MEMO_LIMIT:
        memo.clear()


# The stand-ins are registered spaCy components, installed right after the component they stand in
# for, which is then disabled (public API: `Language.factory`, `add_pipe`, `disable_pipe`).
FACTORIES = {"attribute_ruler": "contractlint_fast_attribute_ruler", "lemmatizer": "contractlint_fast_lemmatizer"}


def install_stand_ins(nlp: Language) -> dict[str, str]:
    """Put the stand-ins in this pipeline in place of the components they replace; idempotent.

    Returns {replaced component: stand-in component}.  Only pipelines contractlint loads itself get
    them (parse.py): the originals stay in the pipeline, disabled, and `original_components` brings
    them back."""
    _register_factories()
    installed: dict[str, str] = {}
    for name, component in list(nlp.pipeline) + [(n, nlp.get_pipe(n)) for n in nlp.disabled]:
        factory = FACTORIES.get(name)
        if factory is None or (name == "lemmatizer" and getattr(component, "mode", None) != "rule"):
            continue
        stand_in = f"{name}_fast"
        if stand_in not in nlp.component_names:
            nlp.add_pipe(factory, name=stand_in, after=name, config={"replaces": name})
            nlp.disable_pipe(name)
        installed[name] = stand_in
    return installed


@contextmanager
def original_components(nlp: Language) -> Iterator[Language]:
    """The pipeline with spaCy's own components back in place of the stand-ins, for the duration."""
    swapped = [(name, f"{name}_fast") for name in FACTORIES if f"{name}_fast" in nlp.pipe_names]
    for name, stand_in in swapped:
        nlp.disable_pipe(stand_in)
        nlp.enable_pipe(name)
    try:
        yield nlp
    finally:
        for name, stand_in in swapped:
            nlp.disable_pipe(name)
            nlp.enable_pipe(stand_in)


def _register_factories() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORIES["attribute_ruler"]):
        Language.factory(
            FACTORIES["attribute_ruler"],
            default_config={"replaces": "attribute_ruler"},
            func=_make_fast_attribute_ruler,
        )
    if not Language.has_factory(FACTORIES["lemmatizer"]):
        Language.factory(FACTORIES["lemmatizer"], default_config={"replaces": "lemmatizer"}, func=_make_fast_lemmatizer)


def _make_fast_attribute_ruler(nlp: Language, name: str, replaces: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe(replaces), nlp)  # type: ignore[arg-type]


def _make_fast_lemmatizer(nlp: Language, name: str, replaces: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe(replaces))  # type: ignore[arg-type]
