"""The classifier's findings in the catalogue: one code per span category, ML01-ML11.

The trained sentence classifier (`contractlint.model`, issue #4) is one more rule source.  Its
findings need codes like any rule's so that `--select`/`--ignore`, `severity`, inline suppressions,
`explain` and every output format treat them alike.  These entries carry metadata only: they are
not in `REGISTRY` (they have no check function and no examples — what fires is learnt, not
listed); `lint.py` hands the parsed document to `model.check`, which emits them.  The code is
"ML" + the category's position in `finding.SPAN_CATEGORIES` (ML01 vague-term ... ML11
one-sided-term), so it never changes when categories gain or lose a model.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import CATEGORY_ABOUT, SPAN_CATEGORIES, Severity
from .base import Hit, Rule

PREFIX = "ML"

# As the category's rules: a probable placeholder is as serious as a certain one.
_SEVERITY = {"placeholder": Severity.ERROR, "number-mismatch": Severity.ERROR, "unsupported-claim": Severity.INFO}


def code_for(category: str) -> str:
    return f"{PREFIX}{SPAN_CATEGORIES.index(category) + 1:02d}"


def _no_hits(unit: object) -> Iterator[Hit]:
    return iter(())


def _doc(code: str, category: str) -> str:
    meaning, fix = CATEGORY_ABOUT[category]
    return (
        f"{code} model-{category}: the classifier finds {category} where no rule did.\n\n"
        "What it flags\n"
        f"    {category}: {meaning}.\n"
        "    A sentence the trained classifier scores for this category with a calibrated probability\n"
        "    at or above the category's validated threshold (or --min-score), where no rule of the\n"
        "    category fired.  The excerpt spans the words that raised the score most; `score` is the\n"
        "    probability.\n\n"
        "Why it matters\n"
        "    Word lists miss paraphrases and context: the classifier learnt from labelled sentences of\n"
        "    real statements of work.  It is probabilistic; sort by score, and see models/README.md\n"
        "    for its measured precision per category.\n\n"
        "How to fix\n"
        f"    {fix}  A false alarm can be silenced with `contractlint: ignore {code}`, `--ignore ML`\n"
        "    or `--min-score`; `--no-model` turns the classifier off."
    )


def _rule(category: str) -> Rule:
    code = code_for(category)
    meaning, fix = CATEGORY_ABOUT[category]
    return Rule(
        code=code,
        name=f"model-{category}",
        category=category,
        severity=_SEVERITY.get(category, Severity.WARNING),
        summary=f"Classifier: {meaning} (no rule fired; see the score)",
        hint=fix,
        doc=_doc(code, category),
        fires=(),
        passes=(),
        check=_no_hits,
        scope="model",
    )


MODEL_RULES: tuple[Rule, ...] = tuple(_rule(category) for category in SPAN_CATEGORIES)
BY_CATEGORY: dict[str, Rule] = {rule.category: rule for rule in MODEL_RULES}
