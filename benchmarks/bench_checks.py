"""What d2lmini's checks cost a learner: the book's 3-epoch training loop of
3.2 (its own cell, tests/bookcode/) with the book's bare helpers and with
d2lmini's, in this one process, ROUNDS times, in turn. CPU seconds, which
other jobs on the machine disturb less than wall time; the overhead is the
median of each round's ratio. Then the checks alone: the time spent inside
d2lmini._checks during d2lmini's loop. The target: at most TARGET.

Usage: python -m benchmarks.bench_checks   (make bench; it reports, never fails)
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on numpy 2 too
from d2lmini import _checks

import contextlib
import functools
import io
import random
import statistics
import sys
import time

import mxnet as mx
from mxnet import autograd, nd

from tests import book

ROUNDS = 15
TARGET = 0.10
NAMES = ('data_iter', 'linreg', 'squared_loss', 'sgd')
(LOOP,) = [cell for cell in book.CELLS if cell.startswith('lr = 0.03')]


def train(module) -> float:
    """CPU seconds of the book's loop (its prints captured) with module's
    helpers, from 3.2.3's w and b, on 3.2.1's data."""
    random.seed(0)
    mx.random.seed(0)
    features, labels = d2l.synthetic_data([2, -3.4], 4.2, 1000)
    w, b = nd.random.normal(scale=0.01, shape=(2, 1)), nd.zeros(shape=(1,))
    w.attach_grad()
    b.attach_grad()
    cell = {name: getattr(module, name) for name in NAMES}
    cell.update(autograd=autograd, features=features, labels=labels, w=w, b=b, batch_size=10)
    nd.waitall()
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        exec(LOOP, cell)
    nd.waitall()  # MXNet is asynchronous: wait for the last update
    return time.process_time() - start


def time_in_checks() -> tuple[float, float]:
    """(seconds inside d2lmini._checks, seconds of the whole loop): d2lmini's
    loop once more, each check wrapped in a timer."""
    spent = [0.0]

    def timed(check):
        @functools.wraps(check)
        def wrapper(*args):
            start = time.process_time()
            try:
                return check(*args)
            finally:
                spent[0] += time.process_time() - start

        return wrapper

    originals = {name: getattr(_checks, name) for name in NAMES}
    for name, check in originals.items():
        setattr(_checks, name, timed(check))
    try:
        total = train(d2l)
    finally:
        for name, check in originals.items():
            setattr(_checks, name, check)
    return spent[0], total


def main() -> None:
    times = {book: [], d2l: []}
    for i in range(ROUNDS):
        for module in (book, d2l) if i % 2 else (d2l, book):
            times[module].append(train(module))
    ratio = statistics.median(ours / bare for bare, ours in zip(times[book], times[d2l]))
    checks, total = time_in_checks()
    print(
        "mxnet %s, Python %d.%d: the book's 3-epoch loop of 3.2, CPU seconds, %d rounds"
        % (mx.__version__, *sys.version_info[:2], ROUNDS)
    )
    print(
        "  the book's helpers: best %.3f s; d2lmini's: best %.3f s; median ratio %.3f"
        % (min(times[book]), min(times[d2l]), ratio)
    )
    print(
        '  inside the checks: %.3f s of %.3f s; the checks add %.1f%% (target: at most %.0f%%)'
        % (checks, total, 100 * checks / (total - checks), 100 * TARGET)
    )


if __name__ == '__main__':
    main()
