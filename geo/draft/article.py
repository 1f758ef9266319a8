"""A report as ``liptako draft`` reads it: a ``.txt`` (title on its first line, date given) or a saved ``.html``
page (title, publisher, date and the text of its paragraphs taken from the markup), and its sentences.

The file is hostile input like any other: read with a size bound, decoded strictly, and its markup parsed by the
standard library's tolerant HTML parser for text only (no script runs, nothing of it is kept but text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import LiptakoError

MAX_ARTICLE = 20_000_000  # bytes: a saved page with its inline scripts; a report's text is a few kB
_SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"})
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "li", "blockquote", "figcaption", "pre", "div", "br", "tr"})
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Article:
    """A report's text and what is known of it. ``date``: the publication date relative dates resolve against."""

    path: str
    title: str
    date: dt.date
    text: str
    url: str = ""
    publisher: str = ""


def read_article(
    path: Path, *, date: dt.date | None = None, url: str | None = None, publisher: str | None = None
) -> Article:
    """The article in ``path`` (``.txt``, ``.html`` or ``.htm``); ``date``, ``url`` and ``publisher`` override
    what a page says.
    :class:`LiptakoError` naming the file and what to do when it cannot be read or has no date."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE:
            raise LiptakoError(
                f"{path}: {size:,} bytes, more than {MAX_ARTICLE // 1_000_000} MB; is it a report? "
                "Save the article's page or text only"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise LiptakoError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LiptakoError(f"{path}: not UTF-8 text (byte {exc.start}); save the article as UTF-8") from None
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        page = _Page()
        page.feed(content)
        page.close()
        title, text, found, found_publisher = page.title(), page.text(), page.date(), page.publisher
        page_url = page.url
    elif suffix in (".txt", ".text", ".md", ""):
        text = content.replace("\r\n", "\n").replace("\r", "\n")
        title = next((line.strip() for line in text.split("\n") if line.strip()), "")
        found, found_publisher, page_url = None, "", ""
    else:
        raise LiptakoError(f"{path}: a {suffix} file; give the article as a .txt or a saved .html page")
    when = date or found
    if when is None:
        raise LiptakoError(
            f"{path}: no publication date"
            + (" in the page" if suffix in (".html", ".htm") else "")
            + "; give it with `date` (YYYY-MM-DD) (relative dates such as 'last Sunday' resolve against it)"
        )
    if not text.strip():
        raise LiptakoError(f"{path}: no text found; is it the article's page?")
    return Article(str(path), title[:500], when, text, url or page_url, (publisher or found_publisher)[:200])


class _Page(HTMLParser):
    """Text, title, date and publisher of a saved page: paragraphs of <article> (or of the body), meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.publisher = ""
        self.url = ""
        self._title: list[str] = []
        self._parts: list[tuple[bool, str]] = []  # (inside an <article>, text)
        self._stack: list[str] = []
        self._skip = 0
        self._article = 0
        self._in_title = False
        self._time: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical":
            self.url = self.url or a.get("href", "")
        if tag == "time" and a.get("datetime") and self._time is None:
            self._time = a["datetime"]
        if tag in ("br", "img", "hr", "input", "link", "meta"):
            if tag == "br":
                self._parts.append((self._article > 0, "\n"))
            return
        self._stack.append(tag)
        if tag in _SKIP:
            self._skip += 1
        elif tag == "article":
            self._article += 1
        elif tag == "title":
            self._in_title = True
        if tag in _BLOCKS:
            self._parts.append((self._article > 0, "\n\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            top = self._stack.pop()
            if top in _SKIP:
                self._skip -= 1
            elif top == "article":
                self._article -= 1
            elif top == "title":
                self._in_title = False
            if top in _BLOCKS:
                self._parts.append((self._article > 0, "\n\n"))
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip and self._stack:
            self._parts.append((self._article > 0, data))

    def title(self) -> str:
        title = self.meta.get("og:title") or "".join(self._title)
        self.publisher = self.meta.get("og:site_name", "")
        return " ".join(title.split())

    def text(self) -> str:
        inside = [t for a, t in self._parts if a]
        chosen = inside if "".join(inside).strip() else [t for _, t in self._parts]
        paragraphs = (" ".join(p.split()) for p in "".join(chosen).split("\n\n"))
        return "\n\n".join(p for p in paragraphs if p)

    def date(self) -> dt.date | None:
        for value in (*(self.meta.get(k) for k in _DATE_META), self._time):
            m = _ISO_DAY.search(value or "")
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    continue
        return None


# A sentence ends at . ! ? or … (with closing quotes or brackets after it) before a space and a capital letter,
# a quote or a digit, or at a line break; abbreviations and initials do not end it.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“«(\[]?[^\W\d_a-zà-ÿ0-9]|\s+\d|\s*$)|\n")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Capt|Sgt|Cpl|Maj|Brig|Gov|Sen|Rep|Prof|Mt|No|vs|etc|cf|M|Mme|Mlle|Me|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|av|env|art|p|pp)|\b[A-Z](?:\.[A-Z])*)\.$"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without the spaces around it; a line break always ends one."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group() != "\n" and _ABBREVIATIONS.search(text[max(start, end - 12) : end].rstrip("\"'”’»)]")):
            continue
        _add(text, start, end, out)
        start = end
    _add(text, start, len(text), out)
    return out


def _add(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        out.append((a, b))
