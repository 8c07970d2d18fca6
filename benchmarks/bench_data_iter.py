"""d2lmini.data_iter against the book's data_iter and Gluon's DataLoader.

Run with `make bench`. Everything is timed in this one process, the three
readers interleaved round by round, best of ROUNDS; ratios are the book's
time over each reader's. Exits 1 if d2lmini is less than MIN_SPEEDUP times
faster than the book on the book's setting (1000 examples, batch 10).
"""

from __future__ import annotations

import d2lmini as d2l  # first: makes mxnet 1.9.1 import on Python 3.12+ too

import random
import sys
import time

import mxnet as mx
from mxnet import autograd, nd
from mxnet.gluon import data as gdata

# The book's data_iter (3.2.2), as the tests use it: the reference.
from tests.book import data_iter as book_data_iter

ROUNDS = 5
MIN_SPEEDUP = 8.0
BOOK_SETTING = (1000, 10)


def gluon_data_iter(batch_size, features, labels):
    """What the book's concise chapter (3.3) uses instead."""
    dataset = gdata.ArrayDataset(features, labels)
    return gdata.DataLoader(dataset, batch_size, shuffle=True)


READERS = {'book': book_data_iter, 'gluon': gluon_data_iter, 'd2lmini': d2l.data_iter}


def read_epochs(reader, batch_size, features, labels, num_epochs):
    for _ in range(num_epochs):
        for X, y in reader(batch_size, features, labels):
            pass
    nd.waitall()  # MXNet is asynchronous: wait for the last batch


def train(reader, batch_size, features, labels, num_epochs=3, lr=0.03):
    """The book's 3-epoch training loop with `reader` as data_iter."""
    w = nd.random.normal(scale=0.01, shape=(features.shape[1], 1))
    b = nd.zeros(shape=(1,))
    w.attach_grad()
    b.attach_grad()
    for _ in range(num_epochs):
        for X, y in reader(batch_size, features, labels):
            with autograd.record():
                l = d2l.squared_loss(d2l.linreg(X, w, b), y)
            l.backward()
            d2l.sgd([w, b], lr, batch_size)
    nd.waitall()


def best_times(job, configs):
    """{(config, reader): best seconds}, readers interleaved each round."""
    best = {}
    for _ in range(ROUNDS):
        for config in configs:
            for name, reader in READERS.items():
                start = time.perf_counter()
                job(reader, *config)
                elapsed = time.perf_counter() - start
                key = (config[:2], name)
                best[key] = min(best.get(key, elapsed), elapsed)
    return best


def main() -> int:
    random.seed(0)
    mx.random.seed(0)
    data = {n: d2l.synthetic_data([2, -3.4], 4.2, n) for n in (1000, 100000)}
    # Reading alone: 10 epochs of 1000 examples, 1 epoch of 100,000.
    read_configs = [
        (n, bs, *data[n], 10 if n == 1000 else 1) for n in (1000, 100000) for bs in (10, 100)
    ]
    reading = best_times(lambda r, n, bs, X, y, e: read_epochs(r, bs, X, y, e), read_configs)
    training = best_times(lambda r, n, bs, X, y: train(r, bs, X, y), [(1000, 10, *data[1000])])

    print(
        'mxnet %s, Python %d.%d; best of %d rounds, interleaved'
        % (mx.__version__, *sys.version_info[:2], ROUNDS)
    )
    print(
        '%-38s %9s %9s %9s %8s %9s' % ('job', 'book', 'gluon', 'd2lmini', 'gluon x', 'd2lmini x')
    )
    rows = [
        ('read, %d x 2, batch %d, %d epoch%s' % (n, bs, e, 's' * (e > 1)), reading, (n, bs))
        for n, bs, _, _, e in read_configs
    ]
    rows.append(('train 3 epochs, 1000 x 2, batch 10', training, (1000, 10)))
    for label, times, key in rows:
        book, gluon, ours = (times[key, name] for name in READERS)
        print(
            '%-38s %8.4fs %8.4fs %8.4fs %7.2fx %8.2fx'
            % (label, book, gluon, ours, book / gluon, book / ours)
        )
    speedup = reading[BOOK_SETTING, 'book'] / reading[BOOK_SETTING, 'd2lmini']
    if speedup < MIN_SPEEDUP:
        print(
            'FAIL: d2lmini.data_iter is %.1fx the book on its setting, '
            'below %.0fx' % (speedup, MIN_SPEEDUP)
        )
        return 1
    print(
        'OK: d2lmini.data_iter is %.1fx the book on its setting (1000 x 2, '
        'batch 10); the floor is %.0fx' % (speedup, MIN_SPEEDUP)
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
