"""A notebook's seeded `random` is the notebook's alone, in any frontend.

IPython 9 picks its banner's tip with the global `random` (IPython/core/tips.py,
`pick_tip`) each time a kernel answers a kernel_info_request. JupyterLab sends
those when it likes (after a restart, on reconnecting), so Restart and Run All
in Lab drew once more from a stream the notebook had just seeded, sometimes:
notebook 03's first minibatch came out as other examples than stored (issue
25). No upstream report found; ipython#10036 is the same symptom in 2016, from
other code. d2lmini_hook takes the tip away once mxnet is imported in a kernel.
"""

from __future__ import annotations

import random

from tools.kernel import KernelManager, kernel_env

SEEDED = random.Random(0).random()


def run(kc, code: str) -> str:
    out = []
    reply = kc.execute_interactive(
        code,
        timeout=120,
        output_hook=lambda msg: out.append(msg['content'].get('text', '')),
    )
    assert reply['content']['status'] == 'ok', reply['content']
    return ''.join(out)


def first_draw_after_kernel_info(kc) -> float:
    """random.seed(0), three kernel_info requests as Lab may send, then a draw."""
    run(kc, 'import random\nrandom.seed(0)')
    for _ in range(3):
        kc.kernel_info(reply=True, timeout=30)
    return float(run(kc, 'print(repr(random.random()))'))


def test_kernel_info_leaves_a_seeded_random_alone_once_mxnet_is_in():
    """Before mxnet is imported the hook has done nothing and IPython still
    draws: when that first assert fails, IPython no longer does, and the tip
    line of d2lmini_hook.fix_ipython can go."""
    km = KernelManager(kernel_name='python3')
    km.start_kernel(env=kernel_env())
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        assert first_draw_after_kernel_info(kc) != SEEDED
        run(kc, 'from mxnet import autograd, nd')  # the book's first line
        assert first_draw_after_kernel_info(kc) == SEEDED
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
