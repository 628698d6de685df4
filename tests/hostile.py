"""Hostile input and what a response to it must never be, for the generated suite in
tests/app/test_hostile_input.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import html5lib

SITE = Path(__file__).resolve().parent.parent / "site" / "mentorhub"

SCRIPT = "<script>hostile()</script>"
ATTRIBUTE_BREAK = '"><svg onload=hostile()>'
TEXT = f"{SCRIPT}{ATTRIBUTE_BREAK}\x00\x01\x1b\x7f\u202eevil\u2066"
LONG = "A" * 5_000
HUGE = str(2**63)  # one past the largest 64-bit integer
HUGER = "9" * 400
DEEP_JSON = "[" * 5_000 + "]" * 5_000
ALIAS_BOMB = (
    b'---\nextends: x\nbase_version: 1\nprogramme: &a ["lol", "lol", "lol", "lol"]\n'
    b"revision: &b [*a, *a, *a, *a]\n---\n"
)
# What a hostile value may never come back as, in an HTML page.
UNESCAPED = ("<script>hostile()", "<svg onload=hostile()>")

FIELD_VALUES = {"text": TEXT, "long": LONG, "huge": HUGE, "json": DEEP_JSON}
FILE_VALUES = {
    "text": TEXT.encode(),
    "long": LONG.encode(),
    "huge": HUGE.encode(),
    "json": ALIAS_BOMB,
}
QUERY_VALUES = {"text": TEXT + LONG, "huge": HUGE}
PATH_VALUES = {  # no "/" in these: it would split the value into two route parts
    "int": [str(2**31), HUGER],
    "default": [TEXT.replace("/", ""), LONG, HUGE],
}

COMMON_QUERY_NAMES = {"next", "page", "q", "id", "sort", "revision", "programme", "version"}
_QUERY_NAME_RES = [
    re.compile(r'request\.args\.get\(\s*"([\w-]+)"'),
    re.compile(r'request\.args\["([\w-]+)"\]'),
    re.compile(r'query_int\(\s*"([\w-]+)"'),
    re.compile(r'_(?:int|date)\(\s*"([\w-]+)"'),
]
_FORM_NAME_RE = re.compile(r'request\.form\.get\(\s*"([\w-]+)"')


def names_in_source(patterns: list[re.Pattern[str]]) -> set[str]:
    """Every name the site's code reads with one of `patterns`."""
    found: set[str] = set()
    for path in SITE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            found.update(pattern.findall(text))
    return found


def query_names() -> set[str]:
    return COMMON_QUERY_NAMES | names_in_source(_QUERY_NAME_RES)


def raw_form_names() -> set[str]:
    """Form values views read straight from the request, besides their forms."""
    return names_in_source([_FORM_NAME_RE])


def path_value(value: str) -> str:
    return quote(value, safe="")


@dataclass
class FormFields:
    """The fields of the forms that post to one URL: names, and which take files."""

    names: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    csrf: set[str] = field(default_factory=lambda: {"csrf_token"})


class _FormFinder(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: dict[str, FormFields] = {}
        self._current: FormFields | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "get").lower() == "post":
            action = urlsplit(urljoin(self.page_url, values.get("action") or self.page_url)).path
            self._current = self.forms.setdefault(action, FormFields())
        elif tag in ("input", "textarea", "select", "button") and self._current is not None:
            name = values.get("name")
            if name and name.endswith("csrf_token"):  # a prefixed form has its own
                self._current.csrf.add(name)
            elif name:
                self._current.names.add(name)
                if (values.get("type") or "").lower() == "file":
                    self._current.files.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def forms_on(page_url: str, html: str) -> dict[str, FormFields]:
    """Forms on a page that post, by the path they post to."""
    finder = _FormFinder(page_url)
    finder.feed(html)
    return finder.forms


_valid_pages: set[int] = set()  # hashes of pages already found valid (many are alike)


def problems_with(url: str, response, exceptions: list[BaseException]) -> list[str]:
    """What is wrong with a response to hostile input: a server error (with the
    exception the app raised, if any), a payload come back as markup, or a page that
    is not valid HTML."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"{response.status_code} {exceptions[-1]!r}" if exceptions else "5xx")
    exceptions.clear()
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        problems += [f"unescaped {bad!r}" for bad in UNESCAPED if bad in page]
        if hash(page) not in _valid_pages:
            parser = html5lib.HTMLParser(strict=False)
            parser.parse(page)
            if parser.errors:
                problems += [f"HTML error {code} at {at}" for at, code, _ in parser.errors[:3]]
            else:
                _valid_pages.add(hash(page))
    return [f"{url[:150]!r}: {problem}" for problem in problems]
