"""Unit-test set-up. (Notebook kernels are set up in ../conftest.py.)"""
import atexit
import shutil
import tempfile

from hypothesis import configuration

# hypothesis caches under ./.hypothesis; a test run writes nothing into the
# checkout, so its cache lives in a temporary directory instead.
_home = tempfile.mkdtemp(prefix='d2lmini-hypothesis-')
atexit.register(shutil.rmtree, _home, True)
configuration.set_hypothesis_home_dir(_home)
