"""The word lists the house rules read (English): who is not an accountable actor, and
what makes a sentence a judgment rather than background."""

from __future__ import annotations

import re

UNACCOUNTABLE_ACTORS: tuple[str, ...] = (
    "we",
    "us",
    "our",
    "you",
    "they",
    "all",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "stakeholders",
    "all stakeholders",
    "relevant stakeholders",
    "key stakeholders",
    "the international community",
    "international community",
    "the west",
    "partners",
    "our partners",
    "all partners",
    "relevant partners",
    "all parties",
    "parties",
    "relevant parties",
    "concerned parties",
    "all actors",
    "relevant actors",
    "actors",
    "policymakers",
    "policy makers",
    "decision makers",
    "decision-makers",
    "leaders",
    "officials",
    "the authorities",
    "relevant authorities",
    "the government",
    "government",
    "governments",
    "the administration",
    "tbd",
    "tbc",
    "n/a",
)
"""Actors no one can be held to (lower case, the whole actor after a leading "the")."""

_JUDGMENT = re.compile(
    r"\b(?:should|must|ought|need(?:s)? to|ha(?:s|ve) to|will|won[’']t|would|cannot|can[’']t|"
    r"can not|could not|is not|are not|isn[’']t|aren[’']t|no longer|never|only|"
    r"impossible|possible|unrealistic|realistic|necessary|unnecessary|essential|crucial|vital|"
    r"misguided|mistaken|wrong|right|correct|flawed|futile|premature|counterproductive|"
    r"effective|ineffective|best|better|worse|worst|sound|unsound|wise|unwise|risky|"
    r"dangerous|justified|unjustified|warranted|unwarranted|viable|unviable|out of reach|"
    r"overstated|understated|persuasive|unpersuasive|convincing|unconvincing|doomed|"
    r"illusory|wishful|fails?|succeeds?|threatens?|undermines?|outweighs?|requires?|"
    r"costs?|benefits?|recommends?|urges?|argues? (?:rightly|wrongly|persuasively)|"
    r"likely|unlikely|probably|probable|almost certain(?:ly)?|remote|even chance)\b",
    re.IGNORECASE,
)
"""Words that commit a sentence to a view: modals, negations, evaluations, estimates."""

_BACKGROUND_OPENING = re.compile(
    r"^(?:in (?:\d{4}|the (?:\d{4}s|past|last|early|late|wake)|a recent|this|his|her|their|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december)|on \d|since|last (?:week|month|year)|earlier|historically|background|"
    r"for (?:decades|years|centuries)|the (?:essay|article|op-ed|author|piece|paper)|"
    r"this (?:essay|article|op-ed|piece|paper|brief)|[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)* "
    r"(?:writes|argues|says|notes|describes|reviews|discusses|examines|explores))\b",
    re.IGNORECASE,
)
"""How background opens: a date, "Since…", or a description of the essay."""


def is_unaccountable(actor: str) -> bool:
    lowered = " ".join(actor.lower().strip(" .;:").split())
    if not any(c.isalpha() for c in lowered):
        return True  # "-", ".", "?": no one
    return lowered in UNACCOUNTABLE_ACTORS or lowered.removeprefix("the ") in UNACCOUNTABLE_ACTORS


def is_judgment(sentence: str) -> bool:
    """Whether ``sentence`` commits to a view (and does not merely set the scene)."""
    if _JUDGMENT.search(sentence):
        return True
    from briefgen.lint.verbs import starts_with_verb

    return starts_with_verb(sentence)[0]  # an instruction is a judgment too


def opens_as_background(sentence: str) -> bool:
    return _BACKGROUND_OPENING.match(sentence.strip()) is not None
