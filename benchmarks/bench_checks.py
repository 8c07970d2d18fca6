"""What d2lmini's checks cost a learner: the book's 3-epoch training loop of
3.2 (its own cell, tests/bookcode/) with the book's bare helpers and with
d2lmini's, in turn, ROUNDS times in this one process. CPU seconds, which
other jobs on the machine disturb less than wall time. The checks' share is
the time spent inside d2lmini._checks (each check timed) over the rest of
d2lmini's loop, the median of the rounds; the target is at most TARGET.

Usage: python -m benchmarks.bench_checks   (make bench; it reports, never fails)
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on numpy 2 too
from d2lmini import _checks

import statistics
import sys
import time

import mxnet as mx

from tests import book

ROUNDS = 15
TARGET = 0.10
spent = [0.0]  # CPU seconds inside d2lmini._checks


def timed(check):
    def wrapper(*args):
        start = time.process_time()
        try:
            return check(*args)
        finally:
            spent[0] += time.process_time() - start

    return wrapper


def train(module) -> float:
    """CPU seconds of tests.book.train with module's helpers."""
    start = time.process_time()
    book.train(module, 0)
    return time.process_time() - start


def main() -> None:
    for name in book.NAMES:  # d2lmini's helpers look them up on each call
        setattr(_checks, name, timed(getattr(_checks, name)))
    bare, ours, share = [], [], []
    for _ in range(ROUNDS):
        bare.append(train(book))
        spent[0] = 0.0
        ours.append(train(d2l))
        share.append(spent[0] / (ours[-1] - spent[0]))
    python = 'Python %d.%d' % sys.version_info[:2]
    print("mxnet %s, %s, the book's 3-epoch loop" % (mx.__version__, python))
    best = (ROUNDS, min(bare), min(ours))
    print("  CPU seconds, best of %d: the book's helpers %.3f s, d2lmini's %.3f s" % best)
    added = (100 * statistics.median(share), 100 * TARGET)
    print('  the checks add %.1f%% (target: at most %.0f%%)' % added)


if __name__ == '__main__':
    main()
