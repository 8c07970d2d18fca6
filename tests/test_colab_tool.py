"""tools/test_colab.py's own parts, offline (make test-colab itself installs
from PyPI and runs outside make test)."""

import re

import pytest

from tools.bookcode import percent_cells
from tools.test_colab import REQUIREMENTS, local_cell, readme_cell

CELL = (
    '%pip install requests graphviz matplotlib setuptools\n'
    '%pip install --no-deps mxnet==1.9.1 git+https://github.com/someone/d2lmini'
)


def test_colab_packages_are_pinned_exactly_and_name_their_source():
    text = REQUIREMENTS.read_text()
    pins = [line for line in text.splitlines() if line and not line.startswith('#')]
    assert pins, 'no packages'
    for line in pins:
        assert re.fullmatch(r'[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*', line), line
    names = {line.split('==')[0] for line in pins}
    # what the test is about: Colab's numpy 2, IPython 7.34 and pip
    assert {'numpy', 'ipython', 'ipykernel', 'pip', 'setuptools', 'graphviz'} <= names
    assert 'googlecolab/backend-info' in text


def test_the_cell_installs_from_the_snapshot_with_the_same_flags(tmp_path):
    assert local_cell(CELL, tmp_path) == CELL.replace(
        'git+https://github.com/someone/d2lmini', 'git+file://%s' % tmp_path
    )


@pytest.mark.parametrize('urls', [0, 2])
def test_the_cell_must_name_the_repository_once(tmp_path, urls):
    cell = '%pip install --no-deps mxnet==1.9.1' + ' git+https://x.org/d2lmini' * urls
    with pytest.raises(ValueError, match=r"found \[.*\] in '%pip install"):
        local_cell(cell, tmp_path)


def test_the_cell_is_read_from_after_its_marker(tmp_path):
    readme = tmp_path / 'README.md'
    readme.write_text('```python\nnot this\n```\n<!-- colab-cell -->\n```python\n%s\n```\n' % CELL)
    assert readme_cell(readme) == CELL
    readme.write_text('```python\n%s\n```\n' % CELL)
    with pytest.raises(SystemExit, match='has no <!-- colab-cell --> python block'):
        readme_cell(readme)


def test_percent_cells_are_the_text_after_each_marker(tmp_path):
    book = tmp_path / '3.2-x.txt'
    book.write_text('# a header, not code\n\n# %%\nx = 1\n\n# %%\nprint(x)\n')
    assert percent_cells(book) == ['x = 1', 'print(x)']
