"""undefined-term (UT01): a Capitalised Term used as a defined term that the document never defines.

What it flags
    Capitalised words and Title Case phrases used the way defined terms are used ("the
    Deliverables", "any Change Order", "such Services", "all Content") in a document that defines
    its terms, when no definition of that term exists: no `"X" means`, no `(the "X")`, no entry in
    a definitions section or table, no `as defined in`.  Every use is reported; the message says
    how many there are.  Proper names, sentence-initial words, headings, acronyms, names of laws and
    standards, names of places (countries, states, provinces, regions, major cities), and words
    every contract reader knows (Agreement, Party, Section, Government, Contractor; the lists are
    data in `rules/patterns/common_terms.json`) are not flagged, nor are
    names joined by "and" ("the Securities and Exchange Commission"), sentences that are headings
    run into the text, or the title of a run-in heading ("1.1 Services. The Vendor shall ...": the
    section says what the term covers).  Definitions count in their usual forms, including
    `("the Customer")`, `(a party's "Proprietary Information")`, `"X" shall consist of`,
    `referred to as X` and run-on glossaries (`Due Period. The monthly period ...`).

    Runs on agreements only (`--profile agreement`, or what `auto` detects): statements of work,
    RFQs and proposals use capitals as emphasis and rely on the definitions of the master
    agreement they are issued under.

Why it matters
    A capital letter tells the reader "this word has a meaning fixed elsewhere".  When nothing
    fixes it, each side reads its own meaning in: "the Application System" may or may not include
    hosting, "the Schedule" may be a timeline or a price list.  Courts then read the term against
    the party that drafted it.

How to fix
    Define the term where it is first used (`the application system described in Exhibit A (the
    "Application System")`) or in the definitions section, or write it in lower case if it
    carries its ordinary meaning.  A document with fewer than three definitions is not checked:
    there capitals are a matter of style.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from ..fastpath import doc_text
from ..finding import Severity
from ..termlists import calendar_words
from ..termlists import word_lists as read_word_lists
from ..terms import defers_definitions, extract_definitions, is_acronym, term_key
from .base import DocumentUnit, Hit, make_rule
from .context import is_definition

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..document import Block

# Measured on ../shared/docs: documents with fewer definitions use capitals as style (federal PWSs).
MIN_DEFINITIONS = 3
_RUN_LINKS = frozenset({"of", "-", "&"})
_CONNECTORS = _RUN_LINKS | {"and", "or", ","}
_GAPS = frozenset({"of", "and", "or", "&", ","})
_TITLE_LINKS = frozenset({"of", "for", "on", "to", "in", "under"})
_CAPITAL_DETERMINERS = frozenset({"The", "This", "Any", "Such", "Each", "All", "These", "Those", "Every"})


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    return read_word_lists("common_terms.json")


def check(unit: DocumentUnit) -> Iterator[Hit]:
    blocks = unit.document.blocks
    definitions = extract_definitions(blocks)
    counted = {d.term for d in definitions if d.kind not in ("acronym", "alias", "entry") and not is_acronym(d.term)}
    if len({term_key(term) for term in counted}) < MIN_DEFINITIONS:
        return
    if defers_definitions(blocks):
        return  # "Variables have the meanings given on a Cover Page": the terms live in another document
    lists = word_lists()
    defined = {term_key(d.term) for d in definitions if d.kind != "entry"}
    titles = {term_key(d.term) for d in definitions if d.kind == "entry"}  # "1.1 Services. Consultant shall ..."
    known = defined | titles | {term_key(t) for t in lists["terms"] | calendar_words()}
    uses: dict[str, list[tuple[int, Span, bool]]] = defaultdict(list)
    for index, (block, doc) in enumerate(unit.parsed):
        if block.kind in ("heading", "table-header") or index in unit.outline.toc_blocks:
            continue
        for span, determined in _candidates(doc, known):
            if is_definition(span.sent):
                continue  # '"Maintenance Services" means the Software Update Service ...': the body of a definition
            if _link_text(unit.document.text, block, span):
                continue  # "[Privacy Statement](/site-policy/...)": the title of the page the link points to
            uses[term_key(span.text)].append((index, span, determined))
    for key, found in uses.items():
        if _built_on_known(key, defined):
            continue  # "Approved Subprocessors" from "Subprocessor", "Severity Level" from "Problem Severity Level"
        if " " in key and any(other.endswith(" " + key) for other in uses):
            continue  # "Severity Level" beside "Problem Severity Level": a short form of a name reported already
        if any(_expands_acronym(span) for _, span, _ in found):
            continue  # the name behind an acronym, spelt out once in the text
        if any(_named_here(span) for _, span, _ in found):
            continue  # 'the Web Design Agreement of even date (the "Web Agreement")': named where it is used
        determined = sum(d for _, _, d in found)
        if determined * 2 < len(found):
            continue  # mostly used bare, mid-sentence ("in Japan", "with House of Leather"): a proper name
        times = "once" if len(found) == 1 else f"{len(found)} times"
        for index, span, _ in found:
            if _modifies_noun(span):
                continue  # "the Customer Support hotline", "an Employee NDA form": this use is part of a longer name
            message = f"'{span.text}' is capitalised as a defined term but never defined (used {times})"
            yield Hit(span, message, block=unit.parsed[index][0])


def _modifies_noun(span: Span) -> bool:
    """The parse makes the run a modifier of a noun outside it ("the MS Access based application", "the
    Customer Support Services of ..."): the run is part of a longer name, not a term used on its own."""
    root = span.root
    head = root.head
    return (
        root.dep_ in ("compound", "nmod")
        and head.pos_ in ("NOUN", "PROPN")
        and not span.start <= head.i < span.end
    )


def _built_on_known(key: str, defined: set[str]) -> bool:
    """A phrase that ends in a term this document defines, or is the tail of one, is read through
    that definition (common contract words do not count: "Change Order" is not built on "Order")."""
    return any(key.endswith(" " + k) or k.endswith(" " + key) for k in defined if k)


def _candidates(doc: Doc, known: set[str]) -> Iterator[tuple[Span, bool]]:
    """Runs of capitalised words that no definition covers, mid-sentence, each with whether it is
    used as a defined term is (after a determiner or a possessive).

    A run opening a sentence has no determiner before it, so sentence-initial words never count;
    "The Services shall ..." counts through its capitalised determiner."""
    titles: dict[int, bool] = {}
    i = 0  # where the scan resumes: every position before it is read
    for capital in _capital_positions(doc):
        if capital < i:
            continue  # inside a run already read
        i = capital
        end = _run_end(doc, i)
        start = i
        while start < end - 1 and (doc[start].text in _CAPITAL_DETERMINERS or doc[start].text in _CONNECTORS):
            start += 1
        # "the Maintenance and Support Services": a defined name may itself contain "and".
        joined = _joined_end(doc, end)
        run = doc[start:end]
        if joined > end and (
            _covered(doc[start:joined], known) or _known(f"{doc[start:end].text} {doc[joined - 1].text}", known)
        ):
            i = joined  # "the Hosting and Support Services" when "Hosting Services" is defined
            continue
        if (longer := _known_extension(doc, start, end, known)) > end:
            i = longer  # "the Notice to Arbitrate" defined as a whole
            continue
        determined = start > i or _after_determiner(doc[i], known)
        mid_sentence = determined or not (doc[i].is_sent_start or i == 0 or not doc[i - 1].is_alpha)
        if (
            mid_sentence
            and _capitalised(run[0])
            and not _covered(run, known)
            and _looks_like_term(run)
            and (joined == end or _looks_like_term(doc[start:joined]))
            and not _title_line(run.sent, titles)
        ):
            yield run, determined
        i = end


def _known_extension(doc: Doc, start: int, end: int, known: set[str]) -> int:
    """End of a defined term that continues the run past a small word ("Notice to Arbitrate", "Statement of
    Work for Hosting"), or `end` when none does."""
    for stop in range(min(len(doc), end + 4), end + 1, -1):
        if doc[end].lower_ in _TITLE_LINKS and _capitalised(doc[stop - 1]) and _known(doc[start:stop].text, known):
            return stop
    return end


def _title_line(sentence: Span, cache: dict[int, bool]) -> bool:
    """A sentence with no verb whose content words are nearly all capitalised is a heading run into the
    text ("Section 2.05 The Contractor's Unrelated Activities.") or a name, not a use of a term."""
    if sentence.start not in cache:
        words = [t for t in sentence if t.is_alpha and not t.is_stop]
        capitals = sum(t.text[:1].isupper() for t in words)
        cache[sentence.start] = (
            bool(words) and capitals >= 0.75 * len(words) and not any(t.pos_ in ("VERB", "AUX") for t in sentence)
        )
    return cache[sentence.start]


def _capitalised(token: Token) -> bool:
    return _capital_text(token.text)


def _capital_text(text: str) -> bool:
    return text[:1].isupper() and text.replace("'", "").isalpha() and (not text.isupper() or len(text) > 1)


def _capital_positions(doc: Doc) -> list[int]:
    """The positions of the capitalised words, from the doc's word array: most words are not, and
    reading them this way spares a Token object for each (decided once per distinct word)."""
    from spacy.attrs import ORTH

    strings, known = doc.vocab.strings, _CAPITAL_WORDS
    if len(known) > 100_000:
        known.clear()  # a run over thousands of documents starts afresh rather than growing without bound
    positions = []
    for position, orth in enumerate(doc.to_array(ORTH).tolist() if len(doc) else []):
        capital = known.get(orth)
        if capital is None:
            capital = known[orth] = _capital_text(strings[orth])
        if capital:
            positions.append(position)
    return positions


_CAPITAL_WORDS: dict[int, bool] = {}  # word hash -> capitalised


def _run_end(doc: Doc, i: int) -> int:
    """End of the Title Case run starting at i: capitalised words, joined directly, by 'of' or '&', or
    by a hyphen inside a word ("Non-Disclosure").  A capitalised function word ("Upon", "Are") ends it:
    in run-together text it opens the next sentence (nouns on spaCy's stop list, "Amount", "Part", do not)."""
    j = i + 1
    while j < len(doc) and not doc[j - 1].is_sent_end:
        token = doc[j]
        if _capitalised(token) and not (token.is_stop and token.pos_ not in ("NOUN", "PROPN", "ADJ")):
            j += 1
        elif token.text in _RUN_LINKS and j + 1 < len(doc) and _capitalised(doc[j + 1]):
            if token.text == "-" and (doc[j - 1].whitespace_ or token.whitespace_):
                break
            j += 2
        else:
            break
    return j


def _expands_acronym(span: Span) -> bool:
    """Followed by "(IIS)" whose letters are the run's initials in order: a name spelt out before its
    short form ("Microsoft Internet Information Service (IIS)"), not a defined term (TAXONOMY.md)."""
    doc, i = span.doc, span.end
    inside = [t for t in doc[i + 1 : i + 5] if t.text not in ('"', "\u201c", "\u201d")]
    if i >= len(doc) or doc[i].text != "(" or len(inside) < 2 or inside[1].text != ")":
        return False
    short = inside[0].text
    if not (short.isupper() and short.isalpha() and len(short) >= 2):
        return False
    initials = iter(t.text[0] for t in span if t.text[:1].isupper())
    return all(letter in initials for letter in short)


# Right after a run, within its clause: a parenthesis that gives it a short name ('(the "Web Agreement")',
# '(hereinafter: "MVNE")'); group 1 is the short name.
_SHORT_NAME_NEXT = re.compile(
    r"^[^.;:()]{0,60}?\(\s*(?:the|a|an|hereinafter|hereafter|collectively|each|together)?[\s:,]*"
    r"(?:(?:referred to|called) as\s*)?(?:the\s*)?[\"\u201c]([^\"\u201d]{1,60})[\"\u201d]",
    re.IGNORECASE,
)


def _named_here(span: Span) -> bool:
    """The run is the full name of something the sentence gives a short name, and the short name is
    its short form: a word of it ('a Web Design and Consulting Agreement of even date (the "Web
    Agreement")') or its initials ('a full Mobile Virtual Network Enabler (hereinafter: "MVNE")').
    The name is introduced where it is used, not a defined term used without its definition.  A
    short name that shares nothing with the run names a larger phrase ('equipment which uses the
    Software (the "Equipment")'), which says nothing about the run."""
    match = _SHORT_NAME_NEXT.match(doc_text(span.doc)[span.end_char : span.sent.end_char])
    if match is None:
        return False
    short = match.group(1).strip()
    words = {t.lower_ for t in span if t.text[:1].isupper()}
    if words & {w.lower() for w in short.split()}:
        return True
    initials = "".join(t.text[0] for t in span if t.text[:1].isupper())
    return short.isupper() and short.isalpha() and len(short) >= 2 and short in initials


def _link_text(text: str, block: Block, span: Span) -> bool:
    """The run ends a Markdown link's text ("our [Privacy Statement](/site-policy/...)"): it names the
    page the link points to, which defines it better than a definitions section could.  Read from the
    document's own text, since the loader hides the link's markup from the parser."""
    end = block.offsets[span.end_char - 1] + 1
    return text[end : end + 2] == "]("


def _joined_end(doc: Doc, end: int) -> int:
    """End of a list of capitalised names joined by ',' and 'and'/'or' ("Deployment, Hosting and
    Maintenance Specifications"), or `end` when none follows."""
    j = end
    while j + 1 < len(doc) and doc[j].text == "," and _capitalised(doc[j + 1]):
        j = _run_end(doc, j + 1)
    if j > end and j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ in ("and", "or"):
        j += 1  # the serial comma: "the Federal Food, Drug, and Cosmetic Act"
    if j + 1 < len(doc) and doc[j].lower_ in ("and", "or", "&") and _capitalised(doc[j + 1]):
        return _run_end(doc, j + 1)
    return end


def _after_determiner(token: Token, known: set[str]) -> bool:
    """Preceded by 'the/any/such/each...', a known party's possessive, or one of those and an adjective.

    An unknown possessor makes one name ("the Investigator's Brochure"), not a party and a term."""
    determiners = word_lists()["determiners"]
    doc, i = token.doc, token.i
    if i == 0:
        return False
    if doc[i - 1].text == '"' and i >= 2:  # the "Contact Person"
        i -= 1
    before = doc[i - 1]
    if before.text in ("'s", "'"):
        return i >= 2 and (doc[i - 2].text.islower() or _known(doc[i - 2].text, known))
    if before.pos_ == "ADJ" and before.text.islower() and i >= 2:  # "any additional VIP Services"
        i, before = i - 1, doc[i - 2]
    if not (before.lower_ in determiners and before.text.islower()):
        return False
    # "Contracts for the International Sale of Goods": the run continues a longer proper name.
    return not (before.lower_ == "the" and i >= 3 and doc[i - 2].lower_ in _TITLE_LINKS and _capitalised(doc[i - 3]))


def _looks_like_term(run: Span) -> bool:
    lists = word_lists()
    words = [t for t in run if t.text not in _CONNECTORS]
    if all(t.text.isupper() or is_acronym(t.text) for t in words):
        return False  # an acronym ("APIs" too), or a heading set in capitals
    if any(t.text in lists["roles"] for t in words):
        return False  # "the Project Manager", "Managing Director Jan Smit", "Director Wholesale": a job title
    if _mixed_case(words[0].text):
        return False  # "the WeChat Official Account", "GitHub Privacy Statement": a brand's product or page
    if " ".join(run.text.split()) in lists["places"]:
        return False  # "the laws of the Netherlands", "in the Caribbean": the name of a place
    if len(words) > 1 and words[-1].text in lists["attachments"]:
        return False  # "the Current Capabilities Schedule": the title of an attachment, checked by UT04
    if len(words) > 1 and words[-1].text in lists["forms"]:
        return False  # "a Defects Report Sheet", "the Consent Form": the name of a form to fill in
    before = run.doc[run.start - 1] if run.start > 0 else None
    if before is not None and before.lower_ in ("this", "these") and words[-1].text in lists["document_types"]:
        return False  # "this License Agreement": the document's own name
    following = run.doc[run.end] if run.end < len(run.doc) else None
    if following is not None and (following.like_num or _is_label(following.text)):
        return False  # "Section 4", "Exhibit A", "Phase II": a reference, checked by UT04
    if following is not None and following.lower_ in lists["title_nouns"] and following.text.islower():
        return False  # "the Fees section", "the Login page": a title, not a term
    if len(words) > 1 and (
        any(t.text in lists["organisation_words"] for t in words)
        or words[-1].text in lists["law_words"]
        or any(t.text in lists["law_words"] and t.nbor(1).lower_ == "of" for t in words[:-1])
    ):
        return False  # "the Department of Labor", "the State of Delaware", "the Privacy Act", "Rules of Arbitration"
    if following is None or not following.text.islower():
        return True
    # "the Microsoft software", "the Non Exclusive license": a name or adjective modifying a common noun;
    # "a New York not-for-profit corporation": a place name before a description.
    if following.pos_ == "NOUN":
        return False
    return not (following.pos_ in ("ADJ", "ADV", "PART") and (len(words) == 1 or _previous(run).lower_ in ("a", "an")))


def _mixed_case(text: str) -> bool:
    """A capital after a lower-case letter inside the word ("WeChat", "GitHub", "SubService")."""
    return any(a.islower() and b.isupper() for a, b in pairwise(text))


def _previous(run: Span) -> Token:
    return run.doc[run.start - 1] if run.start > 0 else run.doc[run.start]


def _is_label(text: str) -> bool:
    return (len(text) == 1 and text.isupper()) or (text.isupper() and set(text) <= set("IVX"))


def _covered(run: Span, known: set[str]) -> bool:
    """The run is a known term, or known terms side by side or joined by 'of' / 'and'
    ("Customer Personal Data", "Confidential Information of PB", "Processing of Customer Data")."""
    words = [t for t in run if t.text not in _CONNECTORS or t.lower_ in _GAPS]
    reachable = {0}
    for end in range(1, len(words) + 1):
        if words[end - 1].lower_ in _GAPS:
            if end - 1 in reachable:
                reachable.add(end)
            continue
        for start in sorted(reachable):
            if start < end and words[start].lower_ not in _GAPS:
                piece = run.doc[words[start].i : words[end - 1].i + 1].text
                if _known(piece, known) or (start + 1 == end and words[start].text.isupper()):
                    reachable.add(end)
                    break
    return len(words) in reachable


def _known(piece: str, known: set[str]) -> bool:
    """A known term, or an inflection of one ("Processing"/"Processes" when "Process" is defined)."""
    key = term_key(piece)
    return key in known or any(key.endswith(end) and key[: -len(end)] in known for end in ("ing", "ed", "es", "e", "d"))


RULE = make_rule(
    __name__,
    check=check,
    code="UT01",
    name="undefined-term",
    category="undefined-term",
    severity=Severity.WARNING,
    summary="Capitalised Term used as a defined term but never defined",
    hint="Define the term (e.g. '(the \"Application System\")' or a Definitions entry) or write it in lower case.",
    scope="document",
    profiles=("agreement",),
    fires=(
        '"Services" means the hosting services in Exhibit A. "Fees" means the amounts in Exhibit B. '
        'This agreement is between Acme Inc. (the "Client") and Beta LLC (the "Developer").\n\n'
        "The Developer shall deliver the «Application System» and the Services to the Client for the Fees.",
        '"Deliverables" means the reports listed below. "Fees" means the amounts in Exhibit B. '
        'The vendor (the "Vendor") shall invoice the Fees.\n\n'
        "The Vendor shall not start work under any «Change Order» before it is signed, and shall submit the "
        "Deliverables monthly.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall fix each issue at the «Problem Severity Level» given, and shall not lower the "
        "Severity Level of an issue without notice.",
    ),
    passes=(
        '"Services" means the hosting services in Exhibit A. "Fees" means the amounts in Exhibit B. '
        'This agreement is between Acme Inc. (the "Client") and Beta LLC (the "Developer").\n\n'
        "The Developer shall deliver the Services to the Client for the Fees, as required by the Privacy Act.",
        "The contractor shall deliver the Application System to the Department of Labor within 30 days.",
        '"Services" means the hosting services in Exhibit A. "Fees" means the amounts in Exhibit B. "Data" means '
        'the client data. This agreement is between Acme Inc. (the "Client") and Beta LLC (the "Developer").\n\n'
        "The Developer, a company incorporated under the laws of the Netherlands, shall deliver the Services. "
        "This Agreement shall be governed by the laws of the Arizona, without regard to its conflict of laws rules.",
        'The "Vendor" is Acme Inc. "Fees" means the amounts in Exhibit B. "Deliverables" means the reports '
        "listed below.\n\nThe Vendor shall submit the Deliverables to the Contracting Officer and the Board.",
        'Acme Inc. ("the Customer") and Beta LLC ("the Supplier.") agree. "Fees" means the amounts in Exhibit B. '
        'Each party\'s "Proprietary Information" shall consist of its trade secrets.\n\n'
        "The Supplier shall invoice the Customer for the Fees and protect the Proprietary Information.",
        '"Fees" means the amounts in Exhibit B. "Notes" means the notes. "Vendor" means Acme Inc. '
        "Definitions. Due Period. The monthly period for which interest is paid. Trust Account. The account "
        "held by the trustee.\n\nThe Vendor shall pay the Fees on the Notes for each Due Period into the Trust "
        "Account, and file a report with the Securities and Exchange Commission.",
        '"Fees" means the amounts in Exhibit B. "Notes" means the notes. "Vendor" means Acme Inc.\n\n'
        "1.1 Services. The Vendor shall perform the following services: hosting and backup.\n\n"
        "The Vendor shall invoice the Fees for the Services monthly.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall host the Portal through the Acme Secure Transfer Service (STS) and shall not share "
        "the Portal with any Person during the Term, other than its Affiliates.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall file each Site Inspection Sheet and any Tax Residence Certificate with the Pensions "
        "Regulator and the Municipality of Springfield.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall run the Portal as the Federal Food, Drug, and Cosmetic Act requires, and send notices "
        "for the Vendor to its Managing Director Anna Berg.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall publish the Portal through the WeChat Official Account of the Client.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        'The Vendor shall watch the Portal from the Network Watch Station (hereinafter: "NWS") and keep the '
        "NWS logs for the Term.",
        '"Fees" means the amounts in Exhibit B. "Vendor" means Acme Inc. "Support" means the Help Desk Service '
        "and the Patch Release Service of the Vendor.\n\nThe Vendor shall provide the Support for the Fees.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall honour the [Privacy Statement](/policies/privacy) when it hosts the Portal.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc. A "Change '
        'Order" as that phrase is used here shall mean a signed change. The Vendor pays $90 a day (as the case may '
        'be, "Day Rate").\n\nThe Vendor shall not start work under any Change Order before it is signed, and shall '
        "pay the Day Rate from the Fees.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc. "Service '
        'Order" or "SO" means an order form.\n\nThe Vendor shall expose the Portal through the APIs and confirm '
        "each of the SOs within a day.",
        '"Fees" means the amounts in Exhibit B. "Portal" means the web site. "Vendor" means Acme Inc.\n\n'
        "The Vendor shall deliver the Equipment/Network Plan with the Portal and keep the Upgrade/Update page "
        "of the Portal current.",
    ),
)
