"""Write generated files so that a failure or a kill never leaves a half-written tree.

Everything is rendered first, in memory. Then each changed file is written to a temporary file
in the same directory as its target (same file system) and fsynced; only when every temporary
file exists are they renamed over their targets, each rename atomic. A failure or a kill while
rendering or writing leaves every old file untouched (stray temporaries are removed by the next
run). The renames themselves are a short final loop of os.replace calls: a kill inside that loop
can leave some files new and some old, each one whole; the next `make regen` completes the set
and `make check` names any file left stale.
"""

from __future__ import annotations

import os
from pathlib import Path

TMP_SUFFIX = ".regen-tmp"


def stale(files: dict[str, str], root: Path) -> list[str]:
    """Relative paths whose content on disk differs from `files` (or is missing)."""
    out = []
    for rel, text in sorted(files.items()):
        target = root / rel
        try:
            current = target.read_bytes()
        except OSError:
            out.append(rel)
            continue
        if current != text.encode("utf-8"):
            out.append(rel)
    return out


def write_all(files: dict[str, str], root: Path) -> list[str]:
    """Write the files that changed; return their relative paths."""
    for rel in files:  # leftovers of a killed run, for our own targets only
        target = root / rel
        target.with_name(target.name + TMP_SUFFIX).unlink(missing_ok=True)
    changed = stale(files, root)
    temps: list[tuple[Path, Path]] = []
    try:
        for rel in changed:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + TMP_SUFFIX)
            temps.append((tmp, target))  # before writing: a failure mid-write removes it too
            with open(tmp, "wb") as fh:
                fh.write(files[rel].encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in temps:
        os.replace(tmp, target)
    return changed
