"""pytest hooks for the notebooks. This file sits at the top of the
repository so that pytest loads it however it is called (`make test`, or
`pytest notebooks/01-...ipynb`). How kernels run the cells is the installed
plugin's (d2lmini_nbval.py), as in a teacher's plain nbval; this checkout
adds Unix sockets (tools/kernel.py) and its sanitize file."""

import nbval.kernel

from tools.kernel import SANITIZE, KernelManager


def pytest_configure(config):
    nbval.kernel.KernelManager = KernelManager  # what nbval's start_new_kernel builds
    # An absolute path, so the suite also runs from outside the checkout.
    if config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
