"""Job histories in Azure Storage: ``abfs://`` and ``az://`` URLs, fetched through fsspec.

A URL names a blob, a folder (every blob below it) or a glob (``*``, ``**``), e.g.
``abfs://insights-logs-addonazurebackupjobs/resourceId=/SUBSCRIPTIONS/**/PT1H.json`` or
``abfs://container@account.dfs.core.windows.net/path``. adlfs finds the credentials as the
Azure SDK does: ``AZURE_STORAGE_CONNECTION_STRING``, or ``AZURE_STORAGE_ACCOUNT_NAME``
with ``AZURE_STORAGE_ACCOUNT_KEY`` (or ``AZURE_STORAGE_SAS_TOKEN``), else
``DefaultAzureCredential`` (environment, managed identity, ``az login``).

Azure Monitor's archive keeps one folder per hour (``y=/m=/d=/h=``, see
``ingest.diagnostic_archive``): with ``--since``/``--until`` a folder whose hour cannot
hold a record of a job started in the period is skipped before anything below it is
listed, so a week of a year-long archive lists and fetches a week (and a few days).
Each blob is copied into the run's scratch folder and read as a local file named by its
URL; a blob that cannot be listed or fetched is an input error naming it, not a stop.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from analyzer.errors import InputError
from analyzer.inputs import InputFile, Workspace

SCHEMES = ("abfs://", "abfss://", "az://")
Period = tuple[datetime | None, datetime | None]
NO_PERIOD: Period = (None, None)
# A record reaches the blob of the hour it is received in; at the turn of an hour it may
# still go to the one before (Microsoft's note on PT1H.json blobs), hence the hour of slack.
RECEIVED_LATE = timedelta(hours=1)
# A job's last record comes when it ends, and Azure Monitor may deliver a record up to 48
# hours after it was made: jobs started before --until are looked for this long after it.
LAST_RECORD_AFTER = timedelta(days=3)
_HOUR_PART = re.compile(r"^(y|m|d|h)=(\d{1,4})$")
_PART_ORDER = "ymdh"
_CREDENTIALS_HINT = (
    "set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT_NAME with"
    " AZURE_STORAGE_ACCOUNT_KEY, or sign in for DefaultAzureCredential (az login)"
)


def is_remote(spec: str) -> bool:
    """Whether an input names Azure Storage rather than a local path."""
    return spec.lower().startswith(SCHEMES)


@dataclass(frozen=True)
class Fetched:
    """The blobs of every storage URL, copied locally, and what could not be read."""

    inputs: list[InputFile]
    errors: list[InputError]


def fetch(
    specs: Sequence[str],
    ws: Workspace,
    period: Period = NO_PERIOD,
    progress: Callable[[str], None] = lambda _: None,
) -> Fetched:
    """Every blob the URLs name, copied into ``ws`` (folders pruned to ``period``)."""
    inputs: list[InputFile] = []
    errors: list[InputError] = []
    for spec in specs:
        try:
            fs, root = _filesystem(spec)
            scheme = spec.split("://", 1)[0]
            names, walked = blob_names(fs, root, period)
            if not names:
                errors.append(InputError(spec, "no blob matches this URL"))
            for n, name in enumerate(names, 1):
                progress(f"fetching {spec} ({n}/{len(names)})")
                local = ws.new_path(".blob")
                fs.get_file(name, str(local))
                inputs.append(InputFile(f"{scheme}://{name}", local, walked=walked))
        except InputError as exc:
            errors.append(exc)
        except FileNotFoundError:
            errors.append(InputError(spec, "no such container, folder or blob"))
        except Exception as exc:  # the SDK's errors (auth, network, permissions)
            errors.append(
                InputError(
                    spec, f"cannot read from storage ({_first_line(exc)})", _CREDENTIALS_HINT
                )
            )
    return Fetched(inputs, errors)


def _filesystem(spec: str) -> tuple[Any, str]:
    """The fsspec filesystem of a URL and the path inside it."""
    try:
        import adlfs  # noqa: F401  (fsspec finds it by the scheme; checked for the hint)
        from fsspec.core import url_to_fs
    except ImportError:
        raise InputError(
            spec,
            "reading Azure Storage needs adlfs",
            "install the azure extra: pip install 'bjla[azure]'",
        ) from None
    fs, path = url_to_fs(spec, anon=False)
    return fs, str(path)


def blob_names(fs: Any, root: str, period: Period = NO_PERIOD) -> tuple[list[str], bool]:
    """The blobs under ``root`` (a blob, a folder or a glob), sorted; and whether they
    were found by walking (a folder or a glob) rather than named."""
    if glob.has_magic(root):
        from fsspec.utils import glob_translate

        head = root[: re.search(r"[*?\[]", root).start()]  # type: ignore[union-attr]
        base = head.rsplit("/", 1)[0] if "/" in head else ""  # "" lists the containers
        pattern = re.compile(glob_translate(root.strip("/")))
        found = [name for name in walk(fs, base, period) if pattern.match(name.strip("/"))]
        return sorted(found), True
    if fs.isfile(root):
        return [root], False
    return sorted(walk(fs, root, period)), True


def walk(fs: Any, root: str, period: Period = NO_PERIOD) -> Iterator[str]:
    """Every file below ``root``, not listing an hourly folder outside ``period``."""
    stack: list[tuple[str, tuple[int, ...]]] = [(root.rstrip("/"), ())]
    while stack:
        folder, hour = stack.pop()
        for entry in fs.ls(folder, detail=True):
            name = str(entry["name"]).rstrip("/")
            if entry.get("type") != "directory":
                yield name
                continue
            deeper = hour_parts(hour, name.rsplit("/", 1)[-1])
            if deeper is not None and not may_hold(deeper, period):
                continue
            stack.append((name, hour if deeper is None else deeper))


def hour_parts(parts: tuple[int, ...], folder: str) -> tuple[int, ...] | None:
    """The year, month, day, hour so far with this folder's (``y=2026`` after none,
    ``m=11`` after the year, ...); None for any other folder (``m=00`` minutes too)."""
    found = _HOUR_PART.match(folder)
    if not found or len(parts) >= len(_PART_ORDER) or found.group(1) != _PART_ORDER[len(parts)]:
        return None
    return (*parts, int(found.group(2)))


def may_hold(parts: tuple[int, ...], period: Period) -> bool:
    """Whether a folder of these parts can hold a record of a job started in ``period``."""
    since, until = period
    try:
        start, end = _span(parts)
    except ValueError:  # not a real date (m=13): not Azure's; read it rather than guess
        return True
    if since is not None and end + RECEIVED_LATE <= since:
        return False  # every record in it was received, so its job started, before since
    return not (until is not None and start >= until + LAST_RECORD_AFTER)


def _span(parts: tuple[int, ...]) -> tuple[datetime, datetime]:
    """The instants a folder of (year[, month[, day[, hour]]]) covers: [start, end)."""
    year, month, day, hour = (*parts, *(1, 1, 0)[len(parts) - 1 :])
    start = datetime(year, month, day, hour, tzinfo=UTC)
    if len(parts) == 1:
        return start, start.replace(year=year + 1)
    if len(parts) == 2:
        return start, (start + timedelta(days=31)).replace(day=1)
    return start, start + (timedelta(days=1) if len(parts) == 3 else timedelta(hours=1))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
