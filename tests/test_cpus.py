"""The suite leaves OpenBLAS's choice of kernels to the CPU (issue 20);
make test-cpus (tools/test_cpus.py) runs strict nbval under each core type."""

from __future__ import annotations

import pathlib

import d2lmini_nbval

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_kernels_get_the_openblas_kernels_of_the_cpu(monkeypatch):
    """No core type is forced on a kernel (the old trap 5), and the one
    make test-cpus sets reaches it."""
    monkeypatch.delenv('OPENBLAS_CORETYPE', raising=False)
    assert 'OPENBLAS_CORETYPE' not in d2lmini_nbval.kernel_env()
    monkeypatch.setenv('OPENBLAS_CORETYPE', 'Prescott')
    assert d2lmini_nbval.kernel_env()['OPENBLAS_CORETYPE'] == 'Prescott'
    server_config = (ROOT / 'tools' / 'jupyter_server_config.py').read_text()
    assert 'OPENBLAS_CORETYPE' not in server_config
