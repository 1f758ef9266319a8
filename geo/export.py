"""Writing output files all-or-nothing: a failed run never leaves half a map or clobbers the last good one.

Every file is first *staged*: written in full to a temporary file in its own folder
(``.NAME.PID.RANDOM.tmp``) and flushed to disk. Only when every output of a run is staged are
they renamed into place, and if one rename fails the ones already renamed are put back. A run
killed part-way (even by SIGKILL) leaves at most its temporary files; the next run into that
folder removes those whose process is gone.

A new file gets the mode the umask gives (as ``open()`` would); a replaced file keeps its mode.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from . import csvsafe, vocab
from .errors import OutputError
from .events import suggestions
from .terminal import shown
from .vocab import TABLE_FORMATS

_CHUNK = 1 << 20


def _umask() -> int:
    try:  # Linux: read it without changing it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stale_pattern(name: str) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(name)}\.(\d+)\.[0-9a-f]{{8}}(\.old)?\.tmp(\.[a-z]+)?$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def clean_stale(path: Path) -> list[Path]:
    """Remove temporary files that runs killed before finishing left next to ``path``."""
    path = Path(path)
    folder = path.parent  # Path("map.html").parent is Path(".")
    pattern = _stale_pattern(path.name)
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if m and not _alive(int(m.group(1))):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


@dataclass
class Staged:
    """A file written in full next to its target, waiting to be renamed into place."""

    target: Path
    tmp: Path

    def commit(self) -> None:
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def _cannot(path: Path, exc: OSError | str) -> OutputError:
    reason = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    return OutputError(f"cannot write {path}: {reason}; the previous file, if any, is unchanged")


_SPECIAL = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(path: Path) -> None:
    """Refuse an output path that exists and is not a regular file (a device, a FIFO, a socket, a folder).

    Writing goes through a temporary file renamed over the target, which would replace ``/dev/null``
    (as root) with a regular file, or a named pipe another program reads with a file it never sees.
    """
    try:
        mode = os.stat(path).st_mode  # follows a symbolic link to what it points at
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _cannot(path, exc) from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    for test, what in _SPECIAL:
        if test(mode):
            raise OutputError(
                f"cannot write {path}: it is {what}, not a regular file; outputs are written only "
                "as regular files: give a file name"
            )
    if not stat.S_ISREG(mode):
        raise OutputError(f"cannot write {path}: it is not a regular file; give a file name")


def stage(path: str | os.PathLike, data: bytes | str) -> Staged:
    """Write ``data`` (text is written as UTF-8) to a temporary file next to ``path`` and flush it.

    Raises
    ------
    OutputError
        When the folder does not exist or the write fails; nothing is left behind.
    """
    path = Path(path)
    folder = path.parent  # Path("map.html").parent is Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist; create it or choose another path")
    check_target(path)
    clean_stale(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise _cannot(path, exc) from None
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view[:_CHUNK])
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        Staged(path, tmp).discard()
        raise _cannot(path, exc) from None
    return Staged(path, tmp)


def write_all(outputs: list[tuple[str | os.PathLike, bytes | str]]) -> list[Path]:
    """Write every ``(path, data)``, or none of them.

    All files are staged first; then each is renamed into place. If a rename fails, the files
    already replaced get their previous contents back.
    """
    staged: list[Staged] = []
    try:
        for path, data in outputs:
            staged.append(stage(path, data))
    except OutputError:
        for s in staged:
            s.discard()
        raise
    backups: list[tuple[Staged, Path | None]] = []
    try:
        for s in staged:
            backup = None
            if s.target.exists():
                backup = s.tmp.with_name(s.tmp.name[:-4] + ".old.tmp")
                try:
                    os.link(s.target, backup)  # the previous file, kept until every rename is done
                except OSError:
                    shutil.copy2(s.target, backup)  # a file system without hard links
            backups.append((s, backup))
            s.commit()
    except OSError as exc:
        for s, backup in reversed(backups):
            if backup is not None:
                os.replace(backup, s.target)
            elif s.target.exists() and not s.tmp.exists():
                s.target.unlink()
        for s in staged:
            s.discard()
        raise _cannot(staged[len(backups) - 1].target, exc) from None
    finally:
        for _, backup in backups:
            if backup is not None and backup.exists():
                backup.unlink()
    return [s.target for s in staged]


def write_atomic(path: str | os.PathLike, text: bytes | str) -> Path:
    """Write ``text`` (str as UTF-8, or bytes) to ``path`` through a temporary file in the same folder.

    Raises
    ------
    OutputError
        When the folder does not exist or cannot be written; ``path`` is then untouched.
    """
    return write_all([(path, text)])[0]


# The exported columns, in order (see geo.events.SCHEMA and DERIVED for what each means).
EXPORT_COLUMNS = [
    "source_id",
    "source_format",
    "kind",
    "source_type",
    "start",
    "end",
    "date_precision",
    "date_label",
    "time_precision",
    "date_prec",
    "lat",
    "lon",
    "precision",
    "radius_km",
    "precision_why",
    "geo_precision",
    "where_prec",
    "place",
    "source_country",
    "source_admin1",
    "source_admin2",
    "source_admin3",
    "country",
    "admin1",
    "admin2",
    "border_km",
    "nearest_border",
    "border_pair",
    "tri_border_km",
    "actors",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "fatalities_text",
    "summary",
    "notes",
    "sources",
    "geocoded",
    "file",
    "row",
    "citation",
]


def choose_columns(text: str) -> list[str]:
    """The export columns named in ``text`` (comma-separated, spaces ignored), in the order given.

    Raises
    ------
    ValueError
        Naming an unknown column (with the closest names) and listing every column, or naming one given twice.
    """
    names = [c.strip() for c in text.split(",")]
    if not any(names):
        raise ValueError(f"no column named; choose among {', '.join(EXPORT_COLUMNS)}")
    seen: set[str] = set()
    for name in names:
        if not name:
            raise ValueError(f"an empty column name in '{shown(text)}'; separate the names by single commas")
        if name not in EXPORT_COLUMNS:
            near = suggestions(name, EXPORT_COLUMNS)
            hint = f"did you mean {' or '.join(near)}? " if near else ""
            raise ValueError(f"unknown column '{shown(name)}'; {hint}the columns are {', '.join(EXPORT_COLUMNS)}")
        if name in seen:
            raise ValueError(f"column '{name}' is named twice; name each column once")
        seen.add(name)
    return names


def export_frame(table, *, citations_by_format: dict[str, str], notes: bool = True, columns: list[str] | None = None):
    """The analysed event table as exported: ``columns`` (default :data:`EXPORT_COLUMNS`) in that order, the
    citation per row, and the point as geometry.

    ``start`` and ``end`` are dates (Arrow ``date32``: a GeoPackage DATE, a Parquet date32, YYYY-MM-DD in CSV
    and GeoJSON); the precision codes small integers, empty where the source has none. Only the chosen
    columns are made: the table itself is not copied.
    """
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa

    out = {}
    for col in columns or EXPORT_COLUMNS:
        if col == "citation":
            # A list, not Series.map: mapping an Arrow string column through an empty dict (no imported file)
            # raises ArrowInvalid under pandas 3.
            out[col] = pd.Series(
                [citations_by_format.get(f, "") for f in table["source_format"].astype(str)],
                index=table.index,
                dtype="string",
            )
        elif col == "notes" and not notes:
            out[col] = pd.Series("", index=table.index, dtype="string")
        elif col == "file":
            # The file's name, not where it lies on the exporting machine (a shared export leaked the user's
            # folders).
            files = table["file"].astype(str)
            out[col] = files.map({f: os.path.basename(f) for f in files.unique()}).astype("string")
        elif col in ("start", "end"):
            out[col] = pd.to_datetime(table[col]).astype("datetime64[s]").astype(pd.ArrowDtype(pa.date32()))
        elif col in ("country", "admin1", "admin2", "nearest_border", "border_pair"):
            out[col] = table[col].astype("string").fillna("")
        elif col in ("border_km", "tri_border_km"):
            out[col] = pd.to_numeric(table[col]).round(2)
        else:
            out[col] = table[col]
    frame = pd.DataFrame(out, index=table.index, copy=False)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")


def write_table(
    table,
    path: str | os.PathLike,
    *,
    fmt: str,
    citations: list[str],
    notes: bool = True,
    reports=(),
    columns: list[str] | None = None,
) -> Path:
    """Write an analysed event table as ``fmt`` (geojson, gpkg, csv, parquet), all-or-nothing; ``columns``
    chooses the columns and their order (default :data:`EXPORT_COLUMNS`; the GIS formats add the point).

    The file is written next to ``path`` under a temporary name, then renamed into place.
    """
    path = Path(path)
    folder = path.parent  # Path("map.html").parent is Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist; create it or choose another path")
    check_target(path)
    by_format = {}
    for r in reports:
        for c in citations:
            if r.format in vocab.SOURCE_FORMATS and vocab.SOURCE_FORMATS[r.format].cites(c):
                by_format[r.format] = c
    frame = export_frame(table, citations_by_format=by_format, notes=notes, columns=columns)
    clean_stale(path)
    # The GIS drivers want their own extension: keep it after ".tmp" (clean_stale knows the pattern).
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp.{fmt}"
    try:
        if fmt == "csv":
            csvsafe.to_csv(frame.drop(columns="geometry"), tmp, encoding="utf-8")
        elif fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            # Through Arrow, a date column becomes a GeoPackage DATE field (without it, text).
            frame.to_file(
                tmp,
                driver=TABLE_FORMATS[fmt],
                engine="pyogrio",
                layer="events" if fmt == "gpkg" else path.stem,
                use_arrow=True,
            )
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except Exception as exc:  # pyogrio, pyarrow and pandas raise many types; all mean "not written"
        Staged(path, tmp).discard()
        raise _cannot(path, exc if isinstance(exc, OSError) else f"{exc.__class__.__name__}: {exc}") from None
    return path
