"""Controlled vocabularies shared by modules and programmes: kept in one place."""

from __future__ import annotations

#: Focus tags, in the order the library shows them, with their plain labels.
FOCUS_TAGS: dict[str, str] = {
    "core": "Core training",
    "transitions": "Moving on from care",
    "housing": "Housing and tenancy",
    "homelessness": "Homelessness",
    "substance-use": "Drugs and alcohol",
    "wellbeing": "Wellbeing",
    "group-work": "Peer-led group work",
    "education-employment": "Education and work",
}

#: Kinds of block a module may contain, and the label a reader sees on each.
BLOCK_KINDS: dict[str, str] = {
    "activity": "Activity",
    "reflection": "Think about it",
    "trainer": "Trainer notes",
    "local": "In your programme",
    # Only ever written by an adaptation (a programme's notes and intro), never by a module.
    "programme": "From your programme",
}
