"""Notebook hygiene: what readers get from GitHub and from `make notebooks`.
The rules are written in docs/notebook-rules.md; each test names its rule."""

from __future__ import annotations

import copy
import io
import json
import pathlib
import re
import tokenize

import nbformat
import pytest

from tools import notebook_mutants
from tools.editions import EDITIONS, notebooks
from tools.run_notebooks import KERNELSPEC

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS, ZH_NOTEBOOKS = notebooks('en'), notebooks('zh')
# Hygiene holds for both editions alike. A Chinese notebook's code, outputs
# and metadata are the English one's, byte for byte (tests/test_editions.py),
# so the rules about them run on the English edition, those about prose on both.
BOTH = [(edition, path) for edition in EDITIONS for path in notebooks(edition)]
# Every way nbval offers to skip a cell or not compare its output: as a cell
# tag, or as a comment in the cell's first line (nbval/plugin.py).
NBVAL_ESCAPES = re.compile(r'^\s*#\s*NBVAL_\w+|nbval-\w[\w-]*', re.M)
LOCAL_PATH = re.compile(r'/root/|/home/\w|/Users/\w|/work/|/tmp/|C:\\\\|site-packages|\.venv')


def test_every_notebook_belongs_to_an_edition():
    """Rule 1: strict nbval, make lint and these checks see exactly the
    notebooks of tools/editions.py; none sits in another folder of notebooks/."""
    found = [
        p for p in (ROOT / 'notebooks').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts
    ]
    assert sorted(found) == sorted(path for _, path in BOTH)


def test_notebooks_are_numbered_in_reading_order():
    """Rule 1: NN-short-name.ipynb, from 01 with no gap (zh: the same names)."""
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 5
    assert [n[:3] for n in names] == ['%02d-' % i for i in range(1, len(names) + 1)], (
        'docs/notebook-rules.md, rule 1'
    )


def read(edition: str, path: pathlib.Path) -> tuple[str, dict]:
    text = path.read_text(encoding='utf-8')
    nb = json.loads(text)
    nb['edition'] = edition  # in memory only: 'en' or 'zh'
    return text, nb


@pytest.fixture(params=BOTH, ids=lambda p: '%s/%s' % (p[0], p[1].name))
def notebook(request):
    return read(*request.param)


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def english(request):
    return read('en', request.param)


def test_stored_as_make_notebooks_ran_it(english):
    """Rules 4 and 5: run top to bottom, outputs stored, at least one figure
    (an error only where a cell raises on purpose: rule 8, below)."""
    _, nb = english
    code = [c for c in nb['cells'] if c['cell_type'] == 'code']
    assert [c['execution_count'] for c in code] == list(range(1, len(code) + 1))
    assert sum(bool(c['outputs']) for c in code) >= 3, 'docs/notebook-rules.md, rule 4'
    figures = [o for c in code for o in c['outputs'] if 'image/svg+xml' in o.get('data', {})]
    assert figures, 'docs/notebook-rules.md, rule 5: every notebook has at least one figure'


def test_stored_byte_for_byte_as_jupyter_writes_it(english):
    """Rule 7: the bytes nbformat.write gives (1-space indent, sorted keys, a
    final newline), as make notebooks and JupyterLab's save both write them.
    Else opening and saving in make lab changes the file (a notebook edited
    by script lost its final newline, which nbstripout --verify lets pass)."""
    text, _ = english
    assert text == nbformat.writes(nbformat.reads(text, as_version=4)) + '\n'


def test_metadata_is_clean(notebook):
    """Rule 7."""
    text, nb = notebook
    # what make notebooks stores: no Python version, no paths, no timestamps
    assert nb['nbformat'] == 4
    assert nb['metadata'] == {'kernelspec': KERNELSPEC, 'language_info': {'name': 'python'}}
    assert not any('execution' in cell['metadata'] for cell in nb['cells'])
    assert not LOCAL_PATH.search(text)


def test_starts_by_saying_what_it_shows_and_ends_with_a_summary(notebook):
    """Rule 2."""
    _, nb = notebook
    assert starts_and_ends_as_the_rules_ask(nb['cells'], EDITIONS[nb['edition']].summary)


def starts_and_ends_as_the_rules_ask(cells: list[dict], summary: str) -> bool:
    """Rule 2: a `# NN · Title` markdown cell first, a summary last."""
    first, last = cells[0], cells[-1]
    return (
        first['cell_type'] == 'markdown'
        and re.match(r'# \S+ · ', ''.join(first['source'])) is not None
        and last['cell_type'] == 'markdown'
        and ''.join(last['source']).startswith(summary)
    )


def imports_the_helpers_as_the_book_does(cells: list[dict]) -> bool:
    """Rule 3: `import d2lmini as d2l` at or before the first cell that uses
    `d2l.`, and no helper from the notebook's folder or path."""
    code = [''.join(c['source']) for c in cells if c['cell_type'] == 'code']
    uses = [i for i, source in enumerate(code) if re.search(r'\bd2l\.', source)]
    imports = [i for i, s in enumerate(code) if re.search(r'^import d2lmini as d2l\b', s, re.M)]
    local = any(re.search(r'sys\.path|^import d2lzh|^from d2lzh', s, re.M) for s in code)
    return (not uses or bool(imports) and imports[0] <= uses[0]) and not local


def test_every_notebook_imports_the_helpers_as_the_book_does(english):
    """Rule 3: the helpers come from the installed package, as the book's
    `import d2lzh as d2l`, never from the notebook's folder."""
    _, nb = english
    assert imports_the_helpers_as_the_book_does(nb['cells']), 'docs/notebook-rules.md, rule 3'


def test_the_import_rule_finds_a_missing_or_local_import():
    def cells(*sources):
        return [{'cell_type': 'code', 'source': s} for s in sources]

    assert imports_the_helpers_as_the_book_does(cells('import random', 'random.seed(0)'))
    assert imports_the_helpers_as_the_book_does(cells('import d2lmini as d2l', 'd2l.sgd'))
    assert not imports_the_helpers_as_the_book_does(cells('import random', 'd2l.sgd'))
    assert not imports_the_helpers_as_the_book_does(cells('d2l.sgd', 'import d2lmini as d2l'))
    assert not imports_the_helpers_as_the_book_does(
        cells("import sys\nsys.path.append('..')\nimport d2lmini as d2l", 'd2l.sgd')
    )


def test_the_template_starts_as_the_rules_ask():
    """make new-notebook copies docs/notebook-template.ipynb: rules 2 and 3
    hold from the start, and its first code cell draws nothing yet."""
    cells = json.loads((ROOT / 'docs' / 'notebook-template.ipynb').read_text())['cells']
    assert starts_and_ends_as_the_rules_ask(cells, EDITIONS['en'].summary)
    assert imports_the_helpers_as_the_book_does(cells)
    assert re.search(r'^import d2lmini as d2l\b', ''.join(cells[1]['source']), re.M)
    assert any('plt.plot' in ''.join(c['source']) for c in cells)  # rule 5, once run
    wrong = [dict(c, source='Summary first') for c in cells]
    assert not starts_and_ends_as_the_rules_ask(wrong, EDITIONS['en'].summary)


# The book's vocabulary (../shared/STYLE.md), names a figure may use even
# where its notebook's code does not.
BOOK_NAMES = set('X y y_hat w b lr batch_size num_epochs net loss epoch'.split())
SVG_TEXT = re.compile(r'<g id="text_\d+">\s*<!--\s*(.*?)\s*-->', re.S)


def code_names(nb: dict) -> set[str]:
    """Every name (NAME token) in the notebook's code cells, magics aside."""
    names = set()
    for cell in nb['cells']:
        if cell['cell_type'] != 'code':
            continue
        source = ''.join(
            line for line in cell['source'] if not line.lstrip().startswith(('%', '!'))
        )
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.NAME:
                names.add(token.string)
    return names


def foreign_words(text: str, names: set[str]) -> list[str]:
    """The words of a figure's text that are neither math ($...$), a quoted
    code literal ('add'), a number, nor a name from the code or the book."""
    text = re.sub(r'\$[^$]*\$|\'[^\']*\'|"[^"]*"', ' ', text)
    return [w for w in re.findall(r'[^\W\d]\w*', text) if w not in names | BOOK_NAMES]


def test_figures_hold_no_words_of_one_language(english):
    """Rule 6: both editions show the same figures (their outputs are one
    source), so what is drawn in them is language-neutral: numbers, math, code names.
    Matplotlib's SVG draws text as paths, with the text in a comment."""
    _, nb = english
    names = code_names(nb)
    texts = [
        text
        for cell in nb['cells']
        for output in cell.get('outputs', [])
        for text in SVG_TEXT.findall(''.join(output.get('data', {}).get('image/svg+xml', '')))
    ]
    assert texts  # the figures' text is found
    words = {t: foreign_words(t, names) for t in texts if foreign_words(t, names)}
    assert words == {}, 'docs/notebook-rules.md, rule 6'


def test_the_language_check_finds_words_but_not_code():
    names = {'w', 'grad', 'd2l', 'sgd', 'grad_req'}
    assert foreign_words('training loss', names) == ['training']
    assert (
        foreign_words('10 gradients and their mean', names) == 'gradients and their mean'.split()
    )
    assert foreign_words('训练损失', names) == ['训练损失']
    assert foreign_words("grad_req='add', w.grad[:] = 0", names) == []
    assert foreign_words('$\\mathdefault{10^{-1}}$', names) == []
    assert foreign_words('d2l.sgd', names) == foreign_words('−3.4', names) == []


def escapes(cells: list[dict]) -> list[str]:
    """Rules 4 and 8: each code cell that skips nbval or hides its output
    from comparison (tag or NBVAL_ comment), is tagged wrong-output, or
    stores an error or carries the raises-exception tag without all three:
    that tag, a stored error, and a comment saying it raises on purpose.
    Jupyter's Run All, nbclient under make notebooks and nbval honour the
    tag (nbval then checks that the cell still raises the stored error);
    nbval's own spellings (nbval-raises-exception, # NBVAL_RAISES_EXCEPTION)
    are not honoured by nbclient, so make notebooks would stop there."""
    found = []
    for i, cell in enumerate(cells):
        if cell['cell_type'] != 'code':
            continue
        source, tags = ''.join(cell['source']), cell['metadata'].get('tags', [])
        marks = NBVAL_ESCAPES.findall(source) + tags
        marks = [m.strip() for m in marks if 'nbval' in m.lower() or m == 'wrong-output']
        raises = 'raises-exception' in tags
        error = any(o['output_type'] == 'error' for o in cell['outputs'])
        said = re.search(r'#.*\braises on purpose\b', source)
        if (raises or error) and not (raises and error and said):
            marks.append('an error not marked as raised on purpose')
        found += ['cell %d: %s' % (i, mark) for mark in marks]
    return found


def test_no_cell_escapes_strict_nbval(english):
    """Rules 4 and 8: no skip, no ignored output, no wrong-output tag (that is
    for tests/nbfixtures/ only), an error only where a cell says it raises."""
    _, nb = english
    assert escapes(nb['cells']) == [], 'docs/notebook-rules.md, rules 4 and 8'


ERROR = {'output_type': 'error'}


@pytest.mark.parametrize(
    'source, tags, outputs, found',
    [
        ('x = 1', ['nbval-ignore-output'], [], 1),
        ('x = 1', ['nbval-raises-exception'], [], 1),
        ('# NBVAL_IGNORE_OUTPUT\nx = 1', [], [], 1),
        ('  # NBVAL_SKIP\nx = 1', [], [], 1),
        ('# NBVAL_RAISES_EXCEPTION\n1 / 0', [], [ERROR], 2),
        ('# raises on purpose\n1 / 0', ['nbval-raises-exception'], [ERROR], 2),
        ('# raises on purpose\n1 / 0', ['raises-exception'], [], 1),  # no error stored
        ('# raises on purpose\n1 / 0', [], [ERROR], 1),  # no tag
        ('1 / 0', ['raises-exception'], [ERROR], 1),  # not said
        ("print('raises on purpose')", ['raises-exception'], [ERROR], 1),  # not a comment
        ('x = 1', ['wrong-output'], [], 1),
        ('# raises on purpose: shapes (2, 3) do not combine', ['raises-exception'], [ERROR], 0),
    ],
)
def test_the_hygiene_check_finds_each_escape(source, tags, outputs, found):
    cell = {'cell_type': 'code', 'source': source, 'metadata': {'tags': tags}, 'outputs': outputs}
    assert len(escapes([cell])) == found


ASSERT_LINE = re.compile(r'^\s*(assert\b|np\.testing\.assert_\w+\().*$', re.M)


def assert_lines(nb) -> list[str]:
    """Each line of a code cell that starts an assert, stripped."""
    return [
        found.group(0).strip()
        for cell in nb.cells
        if cell.cell_type == 'code'
        for found in ASSERT_LINE.finditer(cell.source)
    ]


@pytest.mark.parametrize('path', NOTEBOOKS, ids=lambda p: p.stem)
def test_every_assert_has_a_mutant_that_makes_it_fail(path):
    """Rule 10: tests/notebook-mutants/NN-name.toml names, for each assert,
    a change that makes it fail (make mutants runs them); each mutant's `old`
    still occurs exactly once, and the assert it names is in the notebook."""
    nb = nbformat.read(path, as_version=4)
    mutants = [m for m in notebook_mutants.load() if m['notebook'] == path.stem]
    for mutant in mutants:
        assert set(mutant) == {'notebook', 'why', 'old', 'new', 'fails'}, mutant
        notebook_mutants.apply(copy.deepcopy(nb), mutant)  # ValueError unless once
        assert any(mutant['fails'] in line for line in assert_lines(nb)), mutant['fails']
    named = {m['fails'] for m in mutants}
    unnamed = [line for line in assert_lines(nb) if not any(f in line for f in named)]
    assert mutants and unnamed == [], 'asserts with no mutant: %s' % unnamed


def test_the_mutant_check_finds_an_assert_with_no_mutant():
    cell = nbformat.v4.new_code_cell('x = 1\nassert x == 1\nnp.testing.assert_allclose(x, 1)')
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert assert_lines(nb) == ['assert x == 1', 'np.testing.assert_allclose(x, 1)']
    with pytest.raises(ValueError, match='occurs 0 times'):
        notebook_mutants.apply(nb, {'notebook': 'x', 'old': 'y = 2', 'new': 'y = 3'})
