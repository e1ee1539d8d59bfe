"""Opening files that someone else may have put there: regular files only, checked on the open file.

A path checked with ``stat`` and then opened can be swapped in between (a FIFO would then block the
read for ever, ``/dev/zero`` would never end). :func:`open_regular` opens without blocking
(``O_NONBLOCK``: opening a FIFO returns at once), asks the open descriptor what it is (``fstat``) and
refuses anything but a regular file, before a single byte is read. :func:`read_regular` also bounds
the read.

>>> import os, tempfile
>>> d = tempfile.mkdtemp(); p = os.path.join(d, "a.txt"); _ = open(p, "w").write("Hefei")
>>> read_regular(p)
b'Hefei'
>>> os.mkfifo(os.path.join(d, "pipe"))
>>> try:
...     read_regular(os.path.join(d, "pipe"))  # returns at once: no writer is waited for
... except NotARegularFile as exc:
...     print(exc.reason)
not a regular file (a named pipe)
"""
from __future__ import annotations

import errno
import os
import stat


class NotARegularFile(OSError):
    """The path is a folder, FIFO, socket or device: refused at open, nothing read."""

    def __init__(self, path: str | os.PathLike, kind: str):
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", os.fspath(path))
        self.kind = kind
        self.reason = f"not a regular file ({kind})"

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"


class FileTooLarge(OSError):
    """A regular file larger than the caller's limit."""

    def __init__(self, path: str | os.PathLike, limit: int, size: int | None = None):
        self.reason = (f"too large: {size:,} bytes, over the limit of {limit:,}" if size is not None
                       else f"too large: over the limit of {limit:,} bytes")
        super().__init__(errno.EFBIG, self.reason, os.fspath(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"


def file_kind(mode: int) -> str:
    """What a ``st_mode`` describes, in words.

    >>> file_kind(stat.S_IFIFO), file_kind(stat.S_IFREG)
    ('a named pipe', 'a regular file')
    """
    for test, kind in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return kind
    return "a special file"


def open_regular(path: str | os.PathLike, *, follow_symlinks: bool = True) -> int:
    """A blocking read-only descriptor of ``path``, or :class:`NotARegularFile` (and nothing read).

    ``follow_symlinks=False`` also refuses a symbolic link (``O_NOFOLLOW``): for files only this
    program writes, such as cache entries.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and exc.errno == errno.ELOOP and os.path.islink(path):
            raise NotARegularFile(path, "a symbolic link") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, file_kind(mode))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike, max_bytes: int | None = None, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file ``path``; :class:`FileTooLarge` past ``max_bytes`` (read no further)."""
    fd = open_regular(path, follow_symlinks=follow_symlinks)
    with os.fdopen(fd, "rb") as fh:
        if max_bytes is not None:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise FileTooLarge(path, max_bytes, size)
        data = fh.read(-1 if max_bytes is None else max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # grew while we read
        raise FileTooLarge(path, max_bytes)
    return data


def read_regular_text(path: str | os.PathLike, max_bytes: int | None = None, *, follow_symlinks: bool = True,
                      encoding: str = "utf-8") -> str:
    """:func:`read_regular`, decoded (``UnicodeDecodeError`` for bytes that are not ``encoding``)."""
    return read_regular(path, max_bytes, follow_symlinks=follow_symlinks).decode(encoding)
