"""The Chinese edition (notebooks/zh/) is the English one with its prose
translated: the same code cells, outputs, execution counts, ids and metadata,
and a translation for every markdown cell (tools/editions.py). Strict nbval
runs the English notebooks; this proves the Chinese ones store exactly those
outputs, so nothing runs twice."""

from __future__ import annotations

import io
import pathlib
import re
import tokenize

import nbformat
import pytest

from tools import editions

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = editions.notebooks('en')
STEPS = editions.key('# 10 · Steps')  # the key of new_notebook()'s heading


def test_the_chinese_edition_is_the_english_one_translated():
    """docs/notebook-rules.md, rule 9: a Chinese notebook and a translation
    file for each English notebook, nothing else (a file missing leaves
    every cell untranslated), all current."""
    assert editions.check() == []


def test_a_translation_file_is_sections_under_markers():
    text = (
        '<!-- notes -->\n\n<!-- en 0123abcd -->\n# 标题\n\n正文。\n\n<!-- en 89abcdef -->\n小结\n'
    )
    assert editions.parse(text) == {'0123abcd': '# 标题\n\n正文。', '89abcdef': '小结'}
    with pytest.raises(ValueError, match='text before the first'):
        editions.parse('# 标题\n<!-- en 0123abcd -->\n正文')
    with pytest.raises(ValueError, match='two sections for <!-- en 0123abcd -->'):
        editions.parse('<!-- en 0123abcd -->\n一\n<!-- en 0123abcd -->\n二\n')


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """tools/editions.py pointed at an empty project in tmp_path; yields the
    English notebooks' folder and the translations' folder."""
    en_dir, translations = tmp_path / 'notebooks', tmp_path / 'translations' / 'zh'
    translations.mkdir(parents=True)
    en_dir.mkdir()
    monkeypatch.setattr(editions, 'ROOT', tmp_path)
    monkeypatch.setattr(editions, 'NOTEBOOK_DIR', en_dir)
    monkeypatch.setattr(editions, 'TRANSLATIONS', translations)
    return en_dir, translations


def new_notebook(en_dir: pathlib.Path) -> pathlib.Path:
    """A new English notebook, notebooks/10-new.ipynb, not yet translated."""
    nb = nbformat.v4.new_notebook(metadata={'kernelspec': {'name': 'py', 'display_name': 'Py'}})
    nb.cells = [
        nbformat.v4.new_markdown_cell('# 10 · Steps'),
        nbformat.v4.new_code_cell('1 + 1', execution_count=1),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output('execute_result', {'text/plain': '2'})]
    nbformat.write(nb, en_dir / '10-new.ipynb')
    return en_dir / '10-new.ipynb'


def test_make_notebooks_zh_writes_nothing_while_a_cell_is_untranslated(tree, capsys):
    """The first run prints the section each new cell needs and writes
    nothing; translated, the run writes a notebook that checks. Once its
    English changes, the run names the section it may replace."""
    en_dir, translations = tree
    en = new_notebook(en_dir)
    assert editions.main([]) == 1
    printed = capsys.readouterr().out
    assert not (en_dir / 'zh').exists()
    assert printed == (
        'translations/zh/10-new.md needs this section, translated:\n'
        '<!-- en %s -->\n# 10 · Steps\n\n' % STEPS
    )
    section = printed.split('\n', 1)[1].replace('Steps', '步骤')
    (translations / '10-new.md').write_text(section, encoding='utf-8')
    assert editions.main([]) == 0
    zh = nbformat.read(en_dir / 'zh' / en.name, as_version=4)
    assert zh.cells[0].source == '# 10 · 步骤'
    assert zh.cells[1] == nbformat.read(en, as_version=4).cells[1]
    assert editions.check() == []
    edited(en, lambda nb: nb.cells[0].update(source='# 10 · Steps, edited'))
    capsys.readouterr()
    assert editions.main([]) == 1
    assert capsys.readouterr().out.endswith(
        'It may replace a section whose English changed: <!-- en %s -->\n\n' % STEPS
    )


def written(tree) -> pathlib.Path:
    """notebooks/10-new.ipynb, its translation, and the Chinese notebook
    make notebooks-zh writes from them; the English one's path."""
    en = new_notebook(tree[0])
    section = '<!-- en %s -->\n# 10 · 步骤\n' % STEPS
    (tree[1] / '10-new.md').write_text(section, encoding='utf-8')
    assert editions.write() == 0
    return en


def edited(path: pathlib.Path, edit) -> None:
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    nbformat.write(nb, path)


NOT_WRITTEN = (
    'not what make notebooks-zh writes (edit the English notebook or translations/zh/10-new.md)'
)
UNTRANSLATED = "no translation of the English '%s' (add <!-- en %s -->)"
STALE = 'section <!-- en %s --> translates no cell (its English changed or is gone)'


@pytest.mark.parametrize(
    'edit, found',
    [
        (lambda en, zh: None, []),
        (  # code, an output, a count, an id or metadata: the English notebook's
            lambda en, zh: edited(zh, lambda nb: nb.cells[1].outputs[0].data.update(x='3')),
            [NOT_WRITTEN],
        ),
        (  # gettext's rule: a translation belongs to the exact English it was made from
            lambda en, zh: edited(en, lambda nb: nb.cells[0].update(source='# 10 · Steps!')),
            [UNTRANSLATED % ('# 10 · Steps!', editions.key('# 10 · Steps!'))]
            + [STALE % STEPS, NOT_WRITTEN],
        ),
        (  # a code comment is translated like prose, keyed to the English comment
            lambda en, zh: edited(en, lambda nb: nb.cells[1].update(source='1 + 1  # one')),
            [UNTRANSLATED % ('# one', editions.key('# one')), NOT_WRITTEN],
        ),
        (  # a section left in English, written into the Chinese notebook
            lambda en, zh: (
                editions.translation_path(en).write_text('<!-- en %s -->\nSteps\n' % STEPS),
                editions.write(),
            ),
            ['the translation of <!-- en %s --> has no Chinese in it' % STEPS],
        ),
    ],
    ids=['as written', 'edited in notebooks/zh', 'English changed', 'new comment', 'no Chinese'],
)
def test_every_difference_between_the_editions_is_named(tree, edit, found):
    en = written(tree)
    edit(en, en.parent / 'zh' / en.name)
    assert editions.check() == ['notebooks/zh/10-new.ipynb: ' + f for f in found]


@pytest.mark.parametrize(('readme', 'folder'), [('README.md', ''), ('README.zh.md', 'zh/')])
def test_each_readme_links_every_notebook_of_its_edition_in_order(readme, folder):
    text = (ROOT / readme).read_text(encoding='utf-8')
    links = re.findall(r'\]\((notebooks/[^)]+\.ipynb)\)', text)
    assert links == ['notebooks/%s%s' % (folder, p.name) for p in NOTEBOOKS]


def test_list_prints_what_the_makefile_runs_and_lints(capsys):
    """make lint, lab and notebooks take their notebooks from --list."""
    assert editions.main(['--list', 'en', 'zh']) == 0
    listed = capsys.readouterr().out.split('\n')[:-1]
    assert listed == [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS + editions.notebooks('zh')]
    assert all((ROOT / name).is_file() for name in listed)
    assert listed[len(NOTEBOOKS)] == 'notebooks/zh/' + NOTEBOOKS[0].name
    with pytest.raises(ValueError, match="edition must be one of en, zh, not 'fr'"):
        editions.main(['--list', 'fr'])


def test_the_book_s_chinese_comments_and_directives_are_not_translated():
    """Only an English comment is replaced, and only by a one-line comment:
    so a Chinese code cell, what editions.check() finds in it, is the
    English one token for token (issue 27)."""
    code = 'x = 1  # 书中的注释\nimport os  # noqa: F401\ny = 2  # why\n'
    assert [t.string for t in editions.comments(code)] == ['# why']
    assert editions.translate_code(code, {editions.key('# why'): '# 为什么'}) == (
        'x = 1  # 书中的注释\nimport os  # noqa: F401\ny = 2  # 为什么\n',
        [],
    )
    with pytest.raises(ValueError, match='a comment is one line starting with #'):
        editions.translate_code(code, {editions.key('# why'): '为什么'})


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of `source` but its comments: what Python runs."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(t.type, t.string) for t in tokens if t.type != tokenize.COMMENT]


@pytest.mark.parametrize('path', NOTEBOOKS, ids=lambda p: p.stem)
def test_each_chinese_code_cell_is_the_english_one_token_for_token(path):
    """Issue 27: comments translated, the code itself one source. Checked on
    the stored notebooks themselves, not through translate(): a zh notebook
    edited by hand or by another tool fails here too."""
    en = nbformat.read(path, as_version=4).cells
    zh = nbformat.read(editions.zh_path(path), as_version=4).cells
    pairs = [(e.source, z.source) for e, z in zip(en, zh) if e.cell_type == 'code']
    assert len(en) == len(zh) and pairs
    assert [code_tokens(e) for e, _ in pairs] == [code_tokens(z) for _, z in pairs]


BANNED = {
    '解析式': "解析解 (a solution) or 解析表达式 (a formula); 解析式 is a function's formula",
    '步子': '更新量: slang',
    '坑': '容易出错的地方: slang',
    '步长': '学习率 for η, 更新量 for the step: optimisation texts read 步长 as η',
    '存放梯度': "存储梯度的内存, the book's 2.3 wording",
    '梯度内存': "存储梯度的内存, the book's 2.3 wording",
    '一格': '单元格 for a notebook cell',
    '噪声水平': '噪声下限, defined in notebook 04 (噪声水平 reads as sigma)',
    'numpy': 'NumPy, the name (code spans keep numpy)',
    '"': '“” quotes in Chinese prose',
    '<=': 'LaTeX maths ($\\le$)',
    '√': 'LaTeX maths ($\\sqrt{}$)',
}
NOT_PROSE = re.compile(
    r'```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|<!--.*?-->|\]\([^)\n]*\)|^(?: {4}|\t).*$',
    re.S | re.M,
)


def banned_terms(markdown: str) -> list[str]:
    """Each banned term in the prose of `markdown` (code, maths, comments and
    link targets set aside), with its surroundings."""
    prose = NOT_PROSE.sub(' ', markdown)
    return [
        '%r in %r: use %s' % (term, prose[max(m.start() - 15, 0) : m.end() + 15], why)
        for term, why in BANNED.items()
        for m in re.finditer(re.escape(term), prose)
    ]


def test_banned_terms_are_found_in_prose_and_not_in_code():
    assert banned_terms('`"numpy"` 与 $a <= b$ 和 `grad` 的值。') == []
    assert banned_terms('    print("numpy")\n\n```\nx <= 1\n```') == []
    found = banned_terms('梯度有解析式，用 numpy 算，"引号"')
    assert [f.split(' in ')[0] for f in found] == ["'解析式'", "'numpy'", "'\"'", "'\"'"]


@pytest.mark.parametrize(
    'path', editions.notebooks('zh') + [ROOT / 'README.zh.md'], ids=lambda p: p.name
)
def test_the_chinese_edition_uses_none_of_the_banned_terms(path):
    if path.suffix == '.md':
        texts = [path.read_text(encoding='utf-8')]
    else:
        cells = nbformat.read(path, as_version=4).cells
        texts = [c.source for c in cells if c.cell_type == 'markdown']
    assert [found for text in texts for found in banned_terms(text)] == []
