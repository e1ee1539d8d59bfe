"""The build's output folder: ``graph.json``, ``nodes.csv``, ``edges.csv`` and ``map.html`` replaced as one set.

Inside ``OUT``::

    graph.json -> .current/graph.json    the outputs are symbolic links (made once) through ...
    .current -> .sets/<id>               ... one link to the current set: renaming a new link over it
    .sets/<id>/graph.json, ...           swaps every output at once (rename(2) is atomic)
    .lock                                held (flock) by the build writing here; the kernel drops it if that dies
    .cache/                              extractions (whofunds.cache)

A build stages its files in a new folder under ``.sets``, flushes them to disk, and commits by renaming a
new ``.current`` link over the old one. Whoever opens ``OUT/graph.json`` (a reader, or a build killed at
any step) finds the old set or the new one, never a mix; a run that fails before the commit leaves
the old set byte for byte. Old sets and whatever a killed build left are removed under the lock.
Plain files from before this layout are adopted as the current set first, without changing a byte.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> with OutputFolder(out).locked() as folder:
...     folder.write_set(lambda staged: (staged / "graph.json").write_text("{}"))
['graph.json']
>>> (out / "graph.json").read_text(), (out / "graph.json").is_symlink()
('{}', True)
"""
from __future__ import annotations

import errno
import fcntl
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

OUTPUT_NAMES = ("graph.json", "nodes.csv", "edges.csv", "map.html")
CURRENT = ".current"
SETS = ".sets"
LOCK = ".lock"


class OutputError(Exception):
    """The output folder cannot be used: ``str()`` names it and says why."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class OutputLocked(OutputError):
    """Another build is writing to the same folder."""


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_file() and not entry.is_symlink():
            fd = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _replace_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` in one step: a new link under a temporary name, renamed over it."""
    tmp = link.with_name(f"{link.name}.tmp-{secrets.token_hex(4)}")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class OutputFolder:
    """One build's view of ``OUT``: :meth:`locked` for the whole run, :meth:`write_set` to replace the outputs."""

    def __init__(self, path: str | os.PathLike):
        self.root = Path(path)
        self._lock_fd: int | None = None

    # ------------------------------------------------------------------ the lock

    @contextmanager
    def locked(self) -> Iterator["OutputFolder"]:
        """Hold ``OUT/.lock`` for the duration; :class:`OutputLocked` at once if another build holds it."""
        self._acquire()
        try:
            yield self
        finally:
            self._release()

    def _acquire(self) -> None:
        root = self.root
        if root.exists() and not root.is_dir():
            raise OutputError(root, "exists and is not a folder (--out names the folder for graph.json, "
                                    "nodes.csv, edges.csv and map.html)")
        try:
            root.mkdir(parents=True, exist_ok=True)
            fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            raise OutputError(root, "a file is in the way of this folder") from None
        except NotADirectoryError:
            raise OutputError(root, "a parent of this path is a file, not a folder") from None
        except OSError as exc:
            raise OutputError(root, f"cannot write here ({_describe(exc)})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise OutputLocked(root, f"another whofunds build (pid {holder}) is writing here; "
                                     "wait for it to finish, or build into another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd

    def _release(self) -> None:
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            os.close(fd)  # releases the flock

    # ------------------------------------------------------------------ writing a set

    def write_set(self, write: Callable[[Path], object]) -> list[str]:
        """Call ``write(staging_folder)`` to make the outputs, then make them the current set in one step.

        If ``write`` or the commit fails (disk full included) the exception propagates and the previous
        set is untouched. Returns the output names of the new set.
        """
        if self._lock_fd is None:
            raise RuntimeError("write_set needs the folder locked (use OutputFolder(...).locked())")
        self.clean()
        sets = self.root / SETS
        sets.mkdir(exist_ok=True)
        staged = sets / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
        staged.mkdir()
        try:
            write(staged)
            names = [n for n in OUTPUT_NAMES if (staged / n).is_file()]
            _fsync_tree(staged)
            _fsync_dir(sets)
            self._commit(staged, names)
        except BaseException:
            if self._current_set() != staged:
                shutil.rmtree(staged, ignore_errors=True)
            raise
        self.clean()
        return names

    def _current_set(self) -> Path | None:
        link = self.root / CURRENT
        try:
            target = os.readlink(link)
        except OSError:
            return None
        return (self.root / target) if not os.path.isabs(target) else Path(target)

    def _commit(self, staged: Path, names: list[str]) -> None:
        self._adopt_plain_files()
        for name in names:
            link = self.root / name
            points_to = os.readlink(link) if link.is_symlink() else None
            if points_to != os.path.join(CURRENT, name):
                _replace_link(link, os.path.join(CURRENT, name))
        _replace_link(self.root / CURRENT, os.path.relpath(staged, self.root))  # the commit
        _fsync_dir(self.root)
        for name in OUTPUT_NAMES:  # outputs this set does not have (map.html after --no-map) go with it
            link = self.root / name
            if name not in names and link.is_symlink() and os.readlink(link) == os.path.join(CURRENT, name):
                link.unlink()

    def _adopt_plain_files(self) -> None:
        """Outputs written as plain files (before this layout) become the current set, byte for byte, then links."""
        plain = [n for n in OUTPUT_NAMES if (self.root / n).is_file() and not (self.root / n).is_symlink()]
        if not plain:
            return
        for name in OUTPUT_NAMES:
            entry = self.root / name
            if entry.exists() and not entry.is_file():
                raise OutputError(entry, "is in the way of an output file (a folder or a special file)")
        current = self._current_set()
        if current is None or not current.is_dir():
            adopted = self.root / SETS / f"adopted-{secrets.token_hex(4)}"
            adopted.mkdir(parents=True)
            for name in plain:
                try:
                    os.link(self.root / name, adopted / name)
                except OSError:
                    shutil.copy2(self.root / name, adopted / name)
            _fsync_tree(adopted)
            _replace_link(self.root / CURRENT, os.path.relpath(adopted, self.root))
            _fsync_dir(self.root)
        for name in plain:  # each name keeps its bytes: the plain file, then a link to its copy
            _replace_link(self.root / name, os.path.join(CURRENT, name))
        _fsync_dir(self.root)

    def clean(self) -> None:
        """Remove what is not the current set: old sets, folders of killed builds, temporary files."""
        current = self._current_set()
        sets = self.root / SETS
        if sets.is_dir():
            for entry in sets.iterdir():
                if current is None or entry.resolve() != current.resolve():
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
        for entry in self.root.iterdir():
            name = entry.name
            if name.startswith(".") and (name.endswith(".tmp") or ".tmp-" in name) and not entry.is_dir():
                entry.unlink(missing_ok=True)  # .map.html.*.tmp of older versions, links of a killed commit


def output_error_reason(exc: OSError) -> str:
    """Why writing failed, in words (``disk full`` for ENOSPC)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "a file grew over the size this process may write"
    return _describe(exc)
