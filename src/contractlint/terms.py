"""Defined terms: where a document defines its Capitalised Terms, and how to find their uses.

Analysis only: the undefined-term rules (UT01-UT03) decide what to report.  Definitions are
found in the forms contracts and statements of work use:

- `"Services" means ...`, `"X" shall mean ...`, `"X" has the meaning ...` (quotes straight or curly;
  markdown bold is already gone from block text), and unquoted `Services means ...` opening a block;
- parentheticals: `(the "Vendor")`, `("Vendor")`, `(each, a "Deliverable")`, `(collectively, the "Services")`;
- `referred to as "X"`, `designates ... as "Key Personnel"`;
- definition tables (first column the term, second its meaning) and `Term: meaning` / `Term - meaning`
  entries under a Definitions / Glossary / Terms / Acronyms heading;
- by reference: `Customer Data (as defined in the Agreement)`, `the Warranty Period as defined in Section 9`;
- acronyms expanded in the text: `Contracting Officer (CO)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .document import Block

DefinitionKind = Literal[
    "means", "parenthetical", "alias", "called", "table", "glossary", "reference", "acronym", "entry"
]

_TERM_WORD = r"[A-Z0-9][\w'&/-]*"
# '"Services"', '"the Customer"' (a determiner inside the quotes), '"Originating Locations."' (the sentence's
# full stop inside the quotes, American style).
_QUOTED = r'"(?:(?:the|a|an)\s+)?(?P<term>[A-Z0-9][^"\n]{0,78}?)[.,;]?"'
_MEANS_VERB = (
    r"(?:shall\s+|will\s+|also\s+)?(?:means?|refers?\s+to|has\s+the\s+meanings?|have\s+the\s+meanings?"
    r"|(?:is|are|shall\s+be)\s+defined\s+as|includes?|shall\s+include|(?:shall\s+)?consists?\s+of)\b"
)
# '"X" (or "Y") means', '"X" or "Y" means', '"X", as used in this Agreement, shall mean', '"X" and inflections
# thereof refer to'.
_QUOTED_MEANS = re.compile(
    rf"{_QUOTED}\s*(?:\([^()]{{0,60}}\)\s*)?(?:\s*(?:,|or|and)\s*\"[^\"\n]{{1,80}}\")*,?\s*"
    r"(?:(?:(?:as|when) used\b|and (?:its )?(?:inflections|derivatives|variations|correlatives))[^,;.\"]{0,40}?,?\s*)?"
    rf"{_MEANS_VERB}"
)
# '"Territory" as that term is used herein shall mean', '"Affiliated Company" of a Party shall mean': a few
# words qualify the quoted term before the defining verb (only the verbs that cannot be a mere mention).
_QUOTED_QUALIFIED_MEANS = re.compile(
    rf"{_QUOTED}\s+(?:[\w']+\s+){{1,6}}?(?:shall\s+|will\s+)?(?:means?|has\s+the\s+meanings?|is\s+defined\s+as)\b"
)
# '(as applicable, "Minimum Fee")', '(in either case, "Excess Usage")': a parenthetical closing on the quoted
# name it gives what the sentence just described.
_PAREN_LABEL_LAST = re.compile(rf"\([^()\"\n]{{1,60}},\s*{_QUOTED}\s*\)")
# An unquoted term defined at the start of a block or sentence: "Services means ...".
_PLAIN_MEANS = re.compile(
    r"(?:^|(?<=[.;:]\s))(?:\(?[\da-z]{1,3}[.)]\s+|\d+(?:\.\d+)+\.?\s+)?"
    r"(?P<term>[A-Z][\w'&/-]*(?:\s+(?:(?:of|and|for|the|to|in|on|or)\s+)?[A-Z][\w'&/-]*){0,5})\s+"
    r"(?:means|shall mean)\b"
)
# A Title Case phrase standing as a sentence of its own before its text: an entry of a run-on glossary
# ("Due Period. The monthly periods ...") or a run-in heading ("1.1 Services. Consultant shall perform the
# following services: ..."): the section it titles is where a reader finds what the term covers.  Not a
# definition that makes a document "define its terms"; headings set in capitals are left out (they name
# topics: "PURPOSE OF APPLICATION SYSTEM").
_ENTRY = re.compile(
    r"(?:^|(?<=[.:;]\s))(?:\(?[\da-z]{1,3}[.)]\s+|\d+(?:\.\d+)*\.?\s+)?"
    r"(?P<term>[A-Z][\w'&/-]*(?:\s+(?:(?:of|and|or|for|the|to|in|on|&)\s+)?[A-Z][\w'&/-]*){0,5})\.\s+(?=[A-Z\"(])"
)
_PAREN = re.compile(r"\((?P<body>(?:[^()]|\((?:s|es)\)){1,200})\)")  # '("Extended Term(s)")'
_QUOTED_ANY = re.compile(r'"(?:(?:the|a|an)\s+)?(?P<term>[^"\n]{1,80}?)[.,;]?"')
# Words that may surround the quoted term inside a defining parenthetical.
_PAREN_FILLER = re.compile(
    r"^(?:the|a|an|each|collectively|individually|together|jointly|separately|hereinafter|herein|hereafter|referred"
    r"|to|as|called|or|and|any|such|all|its|their|respectively|also|sometimes|known|being|of|which|whether|both"
    r"|\w+['\u2019]s?)$"  # a possessor: '(a party's "Proprietary Information")'
)
_CALLED = re.compile(rf"(?:(?<!such )\bas|\bcalled|hereinafter|\bknown as)\s+(?:the\s+|a\s+|an\s+)?{_QUOTED}")
# "... referred to hereafter as the ForceField System", "(hereinafter referred to as Morpho)": no quotes.
_CALLED_PLAIN = re.compile(
    r"\breferred\s+to\s+(?:(?:hereafter|hereinafter|herein|below)\s+)?as\s+(?:the\s+)?"
    r"(?P<term>[A-Z][\w'&/-]*(?:\s+(?:of\s+)?[A-Z][\w'&/-]*){0,5})"
)
# '..., each a "Securities Account" and collectively ...', '(in any such case, a "Compliance Breach")': a label
# closing a clause, inside a parenthetical that also says something else.
_LABEL_AT_END = re.compile(
    rf"[,(;]\s*(?:(?:each|collectively|individually|together)\s*,?\s*)?(?:a|an|the)\s+{_QUOTED}\s*(?:\.?\s*\)|,|and\b)"
)
_BY_REFERENCE = re.compile(
    r"(?:\s*\(\s*|,?\s+)(?:(?:as\s+)?defined\s+(?:below|above|herein|hereinafter)|as\s+(?:such\s+terms?\s+(?:is|are)\s+)?defined|as\s+the\s+terms?\s+(?:is|are)\s+defined"
    r"|(?:has|have|shall\s+have)\s+the\s+meanings?\s+(?:given|set\s+forth|ascribed|assigned|provided|specified))"
)
_TITLE_RUN_END = re.compile(
    rf"(?:\"(?P<quoted>[A-Z0-9][^\"\n]{{0,78}}?)\"|(?P<plain>{_TERM_WORD}(?:\s+(?:of\s+)?{_TERM_WORD}){{0,5}}))$"
)
_ACRONYM = re.compile(r"\(\s*(?:the\s+)?\"?(?P<term>[A-Z][A-Za-z0-9&/-]*[A-Z0-9])\"?\s*\)")
_GLOSSARY_TITLE = re.compile(
    r"^(?:[\w.]{1,8}\s+)?(?:definitions?|glossary|(?:defined |key )?terms(?: and (?:definitions|acronyms))?"
    r"|(?:acronyms|abbreviations)(?: and (?:abbreviations|acronyms|definitions))?)\W*$",
    re.I,
)
_GLOSSARY_ENTRY = re.compile(
    r"^\"?(?P<term>[A-Z][^:\u2013\u2014\"]{0,60}?)\"?\s*(?::|\s-\s|\s?[\u2013\u2014]\s?)\s*(?P<rest>\S.*)"
)
_TERM_HEADER = re.compile(r"^(?:terms?|defined terms?|acronyms?|abbreviations?|words?)$", re.I)
_MEANING_HEADER = re.compile(r"^(?:definitions?|meanings?|stands for|full (?:name|term))$", re.I)
_NOT_TERMS = frozenset({"This", "That", "It", "Which", "What", "These", "Those", "There", "Such", "Who", "He", "She"})
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"])|$")


# Definitions that introduce a term of the document's own (not a long name, an acronym or a reference).
USED_KINDS: frozenset[str] = frozenset({"means", "parenthetical", "called", "table", "glossary"})

# "Capitalized terms not defined herein have the meanings given in the Agreement", "Variables have the
# meanings or descriptions given on a Cover Page": the document's terms are defined in another document.
_DEFERS = re.compile(
    r"\b(?:capitali[sz]ed\s+terms|variables|defined\s+terms)\b[^.]{0,80}?\b(?:(?:have|has|shall\s+have|will\s+have)\s+"
    r"the\s+(?:respective\s+)?meanings?\b[^.]{0,40}?\b(?:given|set\s+forth|ascribed|assigned|provided|defined)|are\s+defined)\b"
    r"[^.]{0,20}?\b(?:in|on|under)\s+(?!this\b|these\b|herein\b|below\b|section\b|article\b)",
    re.IGNORECASE,
)
_COMPLETED_BY = re.compile(
    r"\b(?:document|form|page)\b[^.]{0,100}\bincorporates\s+(?:these|this)\b(?!\s+(?:agreement|contract)\b)", re.I
)
# '"Key Terms" means Effective Date, Rights in Deliverables, Governing Law or other terms specified ... on
# the Cover Page': the listed terms are variables defined by reference to another document.
_VARIABLE_LIST = re.compile(
    r"\bother\s+(?:terms|variables)\b[^.]{0,40}\b(?:specified|set\s+forth|stated|given)\b", re.I
)
_LISTED_TERM = re.compile(r"(?<![\w\"])[A-Z][\w-]*(?:\s+(?:(?:of|in|and)\s+)?[A-Z][\w-]*)*")


def is_acronym(term: str) -> bool:
    """'CO', 'COR', 'TPMs': letters standing for a longer name, not a term with a meaning of its own."""
    letters = term.rstrip("s")
    return " " not in term and letters.isupper() and len(letters) <= 5


def defers_definitions(blocks: Sequence[Block]) -> bool:
    """The document says its capitalised terms are defined in another document (a master agreement,
    a cover page), or is standard terms that a signed form completes ('"Cover Page" means a document
    ... that incorporates these Standard Terms'): a term not defined here is then not known to be
    undefined."""
    return any(_DEFERS.search(block.text) or _COMPLETED_BY.search(block.text) for block in blocks)


@dataclass(frozen=True)
class Definition:
    """One place a term is defined: `start`/`end` index the term in `Document.blocks[block_index].text`."""

    term: str
    block_index: int
    start: int
    end: int
    definition: str  # the defining words ("" when the meaning is elsewhere, e.g. defined by reference)
    kind: DefinitionKind


@lru_cache(maxsize=1 << 16)
def term_key(term: str) -> str:
    """A spelling-insensitive key: case, possessive and plural do not make another term.  (Kept per
    spelling: the defined-term rules ask again for every run of capitals in a long agreement.)"""
    words = re.sub(r"['\u2019]s\b|['\u2019]$", "", term).replace("-", " ").lower().split()
    return " ".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def usage_pattern(term: str) -> re.Pattern[str]:
    """Whole-word, case-sensitive uses of a term in its singular or plural form ("Party"/"Parties");
    a term defined in capitals ("SOFTWARE") is also used in title case ("Software")."""
    bases = {term, term.title()} if term.isupper() and len(term) > 4 else {term}
    forms: set[str] = set()
    for base in bases:
        forms |= {base, base + "s", base + "es"}
        if base.endswith("ies"):
            forms.add(base[:-3] + "y")
        elif base.endswith("y"):
            forms.add(base[:-1] + "ies")
        elif base.endswith("s"):
            forms.add(base[:-1])
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])")


def extract_definitions(blocks: Sequence[Block]) -> list[Definition]:
    """Every definition in reading order (one per term and place)."""
    found: dict[tuple[int, int], Definition] = {}
    heading = ""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            heading = block.text
            continue
        in_glossary = bool(_GLOSSARY_TITLE.search(heading))
        for definition in _in_block(index, block, in_glossary):
            if definition is not None:
                found.setdefault((index, definition.start), definition)
    for definition in _in_tables(blocks):
        found.setdefault((definition.block_index, definition.start), definition)
    return sorted(found.values(), key=lambda d: (d.block_index, d.start))


def _in_block(index: int, block: Block, in_glossary: bool) -> Iterator[Definition | None]:
    text = block.text
    for match in _QUOTED_MEANS.finditer(text):
        meaning = _sentence_rest(text, match.end())
        yield _defined(index, match, "means", meaning)
        yield from _alternates(index, match, meaning)
        if _VARIABLE_LIST.search(meaning):
            for listed in _LISTED_TERM.finditer(meaning):
                start = match.end() + listed.start()
                yield Definition(listed[0], index, start, start + len(listed[0]), "", "reference")
    for match in _QUOTED_QUALIFIED_MEANS.finditer(text):
        yield _defined(index, match, "means", _sentence_rest(text, match.end()))
    for match in _PAREN_LABEL_LAST.finditer(text):
        yield _defined(index, match, "parenthetical", _sentence_before(text, match.start()))
    for match in _PLAIN_MEANS.finditer(text):
        yield _defined(index, match, "means", _sentence_rest(text, match.end()))
    for match in _ENTRY.finditer(text):
        if not match["term"].isupper():
            yield _defined(index, match, "entry", _sentence_rest(text, match.end()))
    for match in _PAREN.finditer(text):
        yield from _parenthetical(index, text, match)
    for match in _LABEL_AT_END.finditer(text):
        yield _defined(index, match, "parenthetical", _sentence_before(text, match.start()))
    for match in _CALLED.finditer(text):
        yield _defined(index, match, "called", _sentence_before(text, match.start()))
    for match in _CALLED_PLAIN.finditer(text):
        yield _defined(index, match, "called", _sentence_before(text, match.start()))
    for match in _BY_REFERENCE.finditer(text):
        before = _TITLE_RUN_END.search(text[max(0, match.start() - 120) : match.start()])
        if before:
            group = "quoted" if before["quoted"] else "plain"
            offset = max(0, match.start() - 120) + before.start(group)
            term = _strip_determiner(before[group])
            offset += len(before[group]) - len(term)
            if term[:1].isupper():
                yield Definition(term, index, offset, offset + len(term), "", "reference")
    for match in _ACRONYM.finditer(text):
        if sum(c.isupper() for c in match["term"]) >= 2 and match.start() > 0:
            long_form = _sentence_before(text, match.start())
            yield _defined(index, match, "acronym", long_form)
    if in_glossary and (entry := _GLOSSARY_ENTRY.match(text)) and len(entry["term"].split()) <= 8:
        yield _defined(index, entry, "glossary", entry["rest"])


def _alternates(index: int, match: re.Match[str], meaning: str) -> Iterator[Definition]:
    """The other spellings a definition gives its term ('"Case Report Form" or "CRF" means', '"Cover",
    "Covered" or "Covering" means'): each is defined with it, as a second name of the same thing."""
    after = match.string.index('"', match.end("term")) + 1  # past the term's closing quote
    for other in _QUOTED_ANY.finditer(match.string[after : match.end()]):
        if other["term"][:1].isupper():
            start = after + other.start("term")
            yield Definition(other["term"], index, start, start + len(other["term"]), meaning.strip(), "alias")


def _parenthetical(index: int, text: str, match: re.Match[str]) -> Iterator[Definition]:
    body = match["body"]
    quoted = list(_QUOTED_ANY.finditer(body))
    if not quoted:
        return
    rest = _QUOTED_ANY.sub(" ", body).replace(",", " ").replace(";", " ").lower().split()
    if not all(_PAREN_FILLER.match(word) for word in rest):
        return
    meaning = _sentence_before(text, match.start())
    # "This Consulting Agreement (the "Agreement")": the full name is defined along with its short form.
    if alias := _TITLE_RUN_END.search(text[max(0, match.start() - 120) : match.start()].rstrip()):
        name = re.split(r"\b(?:This|The|this|the)\s+", alias["plain"] or "")[-1]
        if len(name.split()) > 1:
            start = text.rfind(name, 0, match.start())
            yield Definition(name, index, start, start + len(name), meaning, "alias")
    for term in quoted:
        if term["term"][:1].isupper():
            start = match.start("body") + term.start("term")
            name = re.sub(r"\((?:s|es)\)$", "", term["term"])  # "Extended Term(s)"
            yield Definition(name, index, start, start + len(name), meaning, "parenthetical")


def _in_tables(blocks: Sequence[Block]) -> Iterator[Definition]:
    """Rows of a two-column definition table: the first cell is the term, the second its meaning."""
    rows: dict[tuple[int, int], dict[int, tuple[int, Block]]] = {}
    for index, block in enumerate(blocks):
        where = dict(block.location)
        if "table" in where and "row" in where and "cell" in where:
            rows.setdefault((where["table"], where["row"]), {})[where["cell"]] = (index, block)
    definition_tables = set()
    for (table, _row), cells in rows.items():
        if 1 in cells and 2 in cells and cells[1][1].kind == "table-header":
            first, second = cells[1][1].text, cells[2][1].text
            if _TERM_HEADER.match(first) or _MEANING_HEADER.match(second):
                definition_tables.add(table)
    for (table, _row), cells in rows.items():
        if table not in definition_tables or 1 not in cells or 2 not in cells:
            continue
        index, cell = cells[1]
        term = cell.text.strip('"')
        if cell.kind == "table-cell" and term[:1].isupper() and len(term.split()) <= 8:
            start = cell.text.find(term)
            yield Definition(term, index, start, start + len(term), cells[2][1].text, "table")


def _defined(index: int, match: re.Match[str], kind: DefinitionKind, meaning: str) -> Definition | None:
    term = re.sub(r"\((?:s|es)\)$", "", match["term"], flags=re.I)  # "CUSTOMER(S)" defines "CUSTOMER"
    if term in _NOT_TERMS:
        return None
    start = match.start("term")
    return Definition(term, index, start, start + len(term), meaning.strip(), kind)


def _sentence_rest(text: str, start: int) -> str:
    end = _SENTENCE_END.search(text, start)
    return text[start : end.start() if end else len(text)][:400]


def _sentence_before(text: str, end: int) -> str:
    start = max(text.rfind(". ", 0, end) + 2, text.rfind("; ", 0, end) + 2, 0)
    return text[start:end][-200:]


def _strip_determiner(term: str) -> str:
    return re.sub(r"^(?:The|This|Such|Any|Each|All)\s+", "", term)
