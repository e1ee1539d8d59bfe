"""Worker processes that end with the build that started them.

``--workers 2`` runs extraction in processes that spaCy forks (``nlp.pipe(n_process=2)``). If the build
is killed (``kill -9``) they would live on, orphaned, each blocked on a pipe with 150-200 MB. Linux can
signal a child when its parent dies (``prctl(PR_SET_PDEATHSIG)``); :func:`end_with_parent` arms it in
every process this one forks from then on, right after the fork, and a child whose parent died before
that (the signal would never come) exits at once.

>>> end_with_parent() in (True, False)
True
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
_state = {"registered": False, "parent": None}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _before_fork() -> None:
    _state["parent"] = os.getpid()


def _arm_in_child() -> None:
    try:
        if _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return
    except (OSError, AttributeError):
        return
    if os.getppid() != _state["parent"]:  # the parent died between the fork and the prctl
        os._exit(1)


def end_with_parent() -> bool:
    """Make every child forked from now on die with this process (Linux); whether that is armed."""
    if not sys.platform.startswith("linux"):
        return False
    if not _state["registered"]:
        os.register_at_fork(before=_before_fork, after_in_child=_arm_in_child)
        _state["registered"] = True
    return True
