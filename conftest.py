"""pytest hooks for the notebooks. This file sits at the top of the
repository so that pytest loads it however it is called (`make test`, or
`pytest notebooks/01-...ipynb`); the kernel recipe and its traps are in
tools/kernel.py."""

from tools.kernel import SANITIZE, apply_to_nbval


def pytest_configure(config):
    """Start every notebook kernel as tools/kernel.py says."""
    apply_to_nbval()
    # An absolute path, so the suite also runs from outside the checkout.
    if config.option.nbval_sanitize_with is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
