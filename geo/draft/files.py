"""Drafts on disk, and back: the CSV a reviewer edits (records.csv's columns, the review columns, the article's
source row), and ``accept``, which moves reviewed rows into records.csv and sources.csv.

``accept`` treats the drafts file as hostile input like any other: it is read by the project's CSV reader (size
bound, strict UTF-8, no formula runs), every kept row is checked as records.csv checks its rows, every place it
names must be placed by the data's own geocoder (an ambiguous or unresolved place is refused), and a row whose
``review`` cell still holds a reason is refused: a reviewer empties it once they have checked the row. Either
every kept row is appended, or nothing is written and every problem is reported.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..csvsafe import guard, unguard
from ..errors import DataError, Problem
from ..export import write_all, write_atomic
from ..records import RECORD_COLUMNS, RECORD_OPTIONAL, SOURCE_COLUMNS, read_records, read_sources
from ..tables import Table, split_list
from .draft import DRAFT_SOURCE_COLUMNS, REVIEW_COLUMNS, SOURCE_PREFIX, Draft

DRAFT_COLUMNS = [*RECORD_COLUMNS, *RECORD_OPTIONAL, *REVIEW_COLUMNS, *DRAFT_SOURCE_COLUMNS]


def drafts_csv(draft: Draft) -> str:
    """The drafts file's text: one row per draft record, cells a spreadsheet never runs as formulas."""
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
    w.writeheader()
    source = {SOURCE_PREFIX + k: v for k, v in draft.source.items() if SOURCE_PREFIX + k in DRAFT_SOURCE_COLUMNS}
    for r in draft.records:
        w.writerow({k: guard(v) for k, v in {**r.row(), **source}.items()})
    return out.getvalue()


def write_drafts(draft: Draft, path: Path) -> Path:
    """Write the drafts file whole or not at all (an earlier file stays as it was on failure)."""
    return write_atomic(path, drafts_csv(draft))


@dataclass(frozen=True)
class Accepted:
    records: list[str]
    sources: list[str]


def accept(drafts: Path, data_dir: Path, *, only: tuple[str, ...] = (), geocoder=None) -> Accepted:
    """Append the reviewed rows of ``drafts`` (all, or those whose id is in ``only``) to ``data_dir``'s
    records.csv, and their sources to its sources.csv, both or neither.

    Raises
    ------
    DataError
        listing every problem (file, row, column, value, what to do); nothing is written then.
    """
    records_path, sources_path = Path(data_dir) / "records.csv", Path(data_dir) / "sources.csv"
    table = Table(
        drafts,
        [*RECORD_COLUMNS, "review", *DRAFT_SOURCE_COLUMNS],
        optional=[*RECORD_OPTIONAL, "sentence", "start", "end"],
        names=["id", "kind", "places", "sources"],
    )
    problems = list(table.problems)
    rows = [(line, {k: unguard(v) for k, v in cells.items()}) for line, cells in table]
    if not problems and not rows:
        problems.append(Problem(str(drafts), None, None, None, "no draft rows: draft an article first (liptako draft)"))
    if only:
        known = {cells.get("id", "") for _, cells in rows}
        problems += [
            Problem(str(drafts), None, "id", rid, f"`only` names a row the file does not have; ids: {_ids(known)}")
            for rid in only
            if rid not in known
        ]
        rows = [(line, cells) for line, cells in rows if cells.get("id") in only]
    old_sources, p = read_sources(sources_path)
    problems += p
    old_records_text = records_path.read_text(encoding="utf-8") if records_path.exists() else ""
    old_sources_text = sources_path.read_text(encoding="utf-8") if sources_path.exists() else ""
    old_ids = {r.get("id", "") for r in csv.DictReader(io.StringIO(old_records_text))}
    known_sources = {s.id: s for s in old_sources}
    new_sources: dict[str, dict[str, str]] = {}
    source_line: dict[str, int] = {}  # the drafts file's line that first cites each new source
    for line, cells in rows:
        if cells.get("review"):
            problems.append(
                Problem(
                    str(drafts), line, "review", cells["review"],
                    "a reason to review is left: check the row against its sentence, correct it, then empty this "
                    "cell (or leave the row out: accept only the others with `only`)",
                )
            )  # fmt: skip
        if cells.get("id") in old_ids:
            problems.append(
                Problem(str(drafts), line, "id", cells["id"], f"{records_path} already has this id; rename the draft")
            )
        for sid in split_list(cells.get("sources", "")):
            row = {"id": sid, **{c[len(SOURCE_PREFIX) :]: cells.get(c, "") for c in DRAFT_SOURCE_COLUMNS}}
            if sid in known_sources or sid in new_sources:
                continue
            new_sources[sid] = row
            source_line[sid] = line
    # The kept rows, checked exactly as records.csv's rows are (kind, date, fatalities, sources...).
    new_sources_text = _appended(old_sources_text, SOURCE_COLUMNS, list(new_sources.values()))
    new_records_text = _appended(old_records_text, [*RECORD_COLUMNS, *RECORD_OPTIONAL], [c for _, c in rows])
    lines = [line for line, _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        s_path, r_path = Path(tmp) / "sources.csv", Path(tmp) / "records.csv"
        s_path.write_text(_appended("", SOURCE_COLUMNS, list(new_sources.values())), encoding="utf-8")
        r_path.write_text(_appended("", [*RECORD_COLUMNS, *RECORD_OPTIONAL], [c for _, c in rows]), encoding="utf-8")
        _, p = read_sources(s_path)
        cited_on = list(source_line.values())
        problems += [
            _moved(replace(x, column=SOURCE_PREFIX + x.column if x.column else None), str(drafts), cited_on) for x in p
        ]
        _, p = read_records(r_path, old_sources, known_ids=set(new_sources))
        problems += [_moved(x, str(drafts), lines) for x in p]
    if geocoder is not None:
        for line, cells in rows:
            for name in split_list(cells.get("places", "")):
                m = geocoder(name)
                if m.place is None:
                    shown = "; ".join(
                        c.get("name", "") + f" ({c.get('country', '')})" for c in m.to_dict()["candidates"]
                    )
                    why = f"{m.status} in the gazetteer" + (f" (candidates: {shown})" if shown else "")
                    problems.append(
                        Problem(
                            str(drafts), line, "places", name,
                            f"{why}: write the place as places.csv names it, or 'Name, admin2', or add it to "
                            "places.csv with its sources",
                        )
                    )  # fmt: skip
    if problems:
        raise DataError(list({str(x): x for x in problems}.values()))
    write_all([(sources_path, new_sources_text), (records_path, new_records_text)])
    return Accepted([c["id"] for _, c in rows], list(new_sources))


def _ids(ids) -> str:
    shown = sorted(i for i in ids if i)
    return ", ".join(shown[:10]) + (" ..." if len(shown) > 10 else "")


def _moved(p: Problem, file: str, lines: list[int] | None) -> Problem:
    """A problem found in the temporary copy, told of the file the user edits (row: the drafts file's line)."""
    row = p.row
    if lines is not None and row is not None and row >= 2:
        row = lines[row - 2] if row - 2 < len(lines) else row
    return Problem(file, row, p.column, p.value, p.message)


def _appended(text: str, columns: list[str], rows: list[dict[str, str]]) -> str:
    """``text`` (a file's, or "" for a new file, which gets ``columns`` as its header) with ``rows`` appended in
    the file's own column order."""
    header = next(csv.reader(io.StringIO(text)), None) if text else None
    header = header or columns
    out = io.StringIO()
    if not text:
        csv.writer(out, lineterminator="\n").writerow(header)
    elif not text.endswith("\n"):
        out.write("\n")
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    for row in rows:
        w.writerow({c: row.get(c, "") for c in header})
    return text + out.getvalue()
