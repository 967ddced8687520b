"""The quantities a requirement sets and an answer states: durations, percentages, money, counts of
pages or users... each as (kind, low, high), so "2-3 weeks" and "3 weeks" can be compared.

Which way a quantity binds comes from the words before it: "within 6 months", "up to", "no more
than", "not to exceed" set a ceiling (delivering sooner meets a timeframe); "for 90 days", "at
least", "minimum" set a floor (backups kept for 30 days do not meet "kept for 90 days").  Without
such words a duration is a timeframe (a ceiling: milestone tables), a percentage a floor (an
availability or coverage target) and an amount a ceiling (a budget).  The hours of the week a
service is staffed ("24/7", "business hours", "Monday to Friday") are a floor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "hour": ("duration", 1 / 24), "day": ("duration", 1.0), "business day": ("duration", 1.4),
    "week": ("duration", 7.0), "month": ("duration", 30.0), "year": ("duration", 365.0),
    "%": ("percent", 1.0), "percent": ("percent", 1.0),
}  # fmt: skip
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
}  # fmt: skip
# A figure or a number word ("two-week sprints", "thirty days"); NM01 checks that the two agree when both are given.
_NUMBER = rf"(\d[\d,]*(?:\.\d+)?|{'|'.join(_WORDS)})"
_UNIT = r"(business days?|hours?|days?|weeks?|months?|years?|%|percent)"
_QUANTITY = re.compile(rf"(?<![\w.$]){_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?\)?(?:\s*|-)(?:\+\s*)?{_UNIT}(?!\w)", re.I)
_MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k|m|million|thousand)?\b", re.I)
_EXAMPLE = re.compile(r"\b(?:e\.g\.|for example|for instance|such as)\W*\S*$", re.I)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}
# Hours of the week a service is staffed: "24/7" asked is not met by "business hours" or "Monday to
# Friday" answered.  A standard working week is taken as 5 x 10 hours, a weekday service as 5 x 24.
_HOURS_OF_THE_WEEK = (
    (
        re.compile(
            r"\b24\s*(?:/|x)\s*7\b(?:\s*/\s*365)?|\b24 hours a day\b|\baround the clock\b|\bround-the-clock\b", re.I
        ),
        168.0,
    ),
    (re.compile(r"\bbusiness hours\b|\bworking hours\b|\boffice hours\b", re.I), 50.0),
    (re.compile(r"\bmonday (?:to|through|-|–) friday\b|\bweekdays\b", re.I), 120.0),
)


_CEILING = re.compile(
    r"\b(?:within|in|by|up to|no more than|not more than|not to exceed|not exceed|at most|maximum of|max\.?|under|"
    r"less than|fewer than)\s*$",
    re.I,
)
_FLOOR = re.compile(r"\b(?:for|at least|no less than|not less than|minimum of|min\.?|over|more than)\s*$", re.I)
_DEFAULT_BOUND = {"duration": "ceiling", "percent": "floor", "money": "ceiling"}


@dataclass(frozen=True)
class Quantity:
    kind: str  # "duration" (in days), "percent", "money", "service hours" (a week's staffed hours)
    low: float
    high: float
    text: str
    bound: str = "ceiling"  # "ceiling" (the answer may be lower) or "floor" (the answer may be higher)

    def met_by(self, answer: Quantity) -> bool:
        if answer.kind != self.kind:
            return False
        if self.bound == "floor":
            return answer.low >= self.low - 1e-9
        return answer.high <= self.high + 1e-9


def quantities(text: str) -> list[Quantity]:
    found = []
    for match in _QUANTITY.finditer(text):
        if _EXAMPLE.search(text[max(0, match.start() - 20) : match.start()]):
            continue  # "(e.g. >51% malicious attack)" illustrates; it sets no target
        unit = match.group(3).lower().rstrip("s") if match.group(3) != "%" else "%"
        kind, factor = _UNITS.get(unit, _UNITS.get(unit + "s", ("duration", 1.0)))
        low = _value(match.group(1)) * factor
        high = _value(match.group(2)) * factor if match.group(2) else low
        found.append(Quantity(kind, low, high, match.group(0), _bound(text[: match.start()], kind)))
    for pattern, hours in _HOURS_OF_THE_WEEK:
        for match in pattern.finditer(text):
            found.append(Quantity("service hours", hours, hours, " ".join(match.group(0).split()), "floor"))
    for match in _MONEY.finditer(text):
        value = _value(match.group(1)) * _SCALE.get((match.group(2) or "").lower(), 1.0)
        found.append(Quantity("money", value, value, match.group(0).strip(), _bound(text[: match.start()], "money")))
    return found


def _bound(before: str, kind: str) -> str:
    words = before[-30:]
    if _FLOOR.search(words):
        return "floor"
    if _CEILING.search(words):
        return "ceiling"
    return _DEFAULT_BOUND[kind]


def _value(number: str) -> float:
    word = _WORDS.get(number.lower())
    return float(word) if word is not None else float(number.replace(",", ""))


def unmet(required: list[Quantity], stated: list[Quantity]) -> list[tuple[Quantity, list[Quantity]]]:
    """Each required quantity no stated one meets, with the stated ones of its kind (maybe none)."""
    misses = []
    for need in required:
        same_kind = [q for q in stated if q.kind == need.kind]
        if not any(need.met_by(q) for q in same_kind):
            misses.append((need, same_kind))
    return misses
