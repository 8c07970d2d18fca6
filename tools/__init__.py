"""The project's maintenance tools, run from the checkout as `python -m tools.NAME`."""
