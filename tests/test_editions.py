"""The Chinese edition (notebooks/zh/) is the English one with its prose and
code comments translated: the same code, outputs, execution counts, ids and metadata,
and a translation for every markdown cell (tools/editions.py). Strict nbval
runs the English notebooks; this proves the Chinese ones store exactly those
outputs, so nothing runs twice."""

from __future__ import annotations

import copy
import io
import pathlib
import re
import tokenize

import nbformat
import pytest

from tools import editions

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = editions.notebooks('en')


def test_every_english_notebook_has_a_chinese_one_and_nothing_else_does():
    zh = [p.name for p in editions.notebooks('zh')]
    translations = sorted(p.stem for p in (ROOT / 'translations' / 'zh').glob('*.md'))
    assert zh == [p.name for p in NOTEBOOKS]
    assert translations == [p.stem for p in NOTEBOOKS]
    assert editions.orphans() == []


@pytest.mark.parametrize('path', NOTEBOOKS, ids=lambda p: p.stem)
def test_the_chinese_notebook_is_the_english_one_translated(path):
    """docs/notebook-rules.md, rule 9."""
    assert editions.check_notebook(path) == []


@pytest.fixture(scope='module')
def pair():
    """The first notebook's two editions and its translations, in memory."""
    en = nbformat.read(NOTEBOOKS[0], as_version=4)
    zh = nbformat.read(editions.zh_path(NOTEBOOKS[0]), as_version=4)
    return en, zh, editions.read_translations(NOTEBOOKS[0])


def first(nb, cell_type, with_outputs=False):
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == cell_type and (not with_outputs or c.get('outputs'))
    )


def changed(pair, edit):
    en, zh, sections = (copy.deepcopy(x) for x in pair)
    edit(en, zh, sections)
    return editions.differences(en, zh, sections)


def test_the_pair_as_stored_has_no_difference(pair):
    assert changed(pair, lambda en, zh, sections: None) == []


def test_one_code_cell_changed_in_one_edition_only_is_reported(pair):
    en, zh, _ = pair
    code = first(en, 'code', with_outputs=True)

    def in_zh(en, zh, sections):
        zh.cells[code].source += '\nprint(1)'

    def in_en(en, zh, sections):
        en.cells[code].source += '\nprint(1)'

    for edit in (in_zh, in_en):
        assert changed(pair, edit) == [
            'cell %d (id %s): code differs from the English' % (code, en.cells[code].id)
        ]


def test_an_english_comment_is_translated_and_reported_until_it_is(pair):
    """A comment is translated like prose: a new English comment has no
    section (and the Chinese cell, still without it, differs); with a
    section, the Chinese cell carries it in the English comment's place."""
    en, _, _ = pair
    code = first(en, 'code', with_outputs=True)
    where = 'cell %d (id %s)' % (code, en.cells[code].id)

    def untranslated(en, zh, sections):
        en.cells[code].source += '\n# a new comment'

    def translated(en, zh, sections):
        untranslated(en, zh, sections)
        sections[editions.key('# a new comment')] = '# 新的注释'
        zh.cells[code].source += '\n# 新的注释'

    def wrong_place(en, zh, sections):
        translated(en, zh, sections)
        zh.cells[code].source = '# 新的注释\n' + zh.cells[code].source[: -len('\n# 新的注释')]

    assert changed(pair, untranslated) == [
        "%s: no translation of the comment '# a new comment' (add <!-- en %s -->)"
        % (where, editions.key('# a new comment')),
        '%s: code differs from the English' % where,
    ]
    assert changed(pair, translated) == []
    assert changed(pair, wrong_place) == ['%s: code differs from the English' % where]


def test_the_book_s_chinese_comments_and_directives_are_not_translated():
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


def test_code_tokens_set_aside_comments_and_nothing_else():
    assert code_tokens('x = 1  # one\n') == code_tokens('x = 1  # 一\n')
    assert code_tokens('x = 1  # one\n') != code_tokens('x = 2  # one\n')
    assert code_tokens("print('# one')\n") != code_tokens("print('# 一')\n")


@pytest.mark.parametrize('path', NOTEBOOKS, ids=lambda p: p.stem)
def test_each_chinese_code_cell_is_the_english_one_token_for_token(path):
    """Issue 27: comments translated, the code itself one source."""
    en = nbformat.read(path, as_version=4).cells
    zh = nbformat.read(editions.zh_path(path), as_version=4).cells
    pairs = [(e.source, z.source) for e, z in zip(en, zh) if e.cell_type == 'code']
    assert len(en) == len(zh) and pairs
    assert [code_tokens(e) for e, _ in pairs] == [code_tokens(z) for _, z in pairs]
    sections = editions.read_translations(path)
    english = [c.string for e, _ in pairs for c in editions.comments(e)]
    assert english and [c for c in english if editions.key(c) not in sections] == []


def test_an_output_or_execution_count_changed_in_one_edition_is_reported(pair):
    en, _, _ = pair
    code = first(en, 'code', with_outputs=True)

    def output(en, zh, sections):
        zh.cells[code].outputs[0]['text'] = 'another output\n'

    def count(en, zh, sections):
        zh.cells[code].execution_count += 1

    assert [p.split(': ', 1)[1] for p in changed(pair, output)] == [
        'stored outputs differ from the English'
    ]
    assert [p.split(': ', 1)[1].split(',')[0] for p in changed(pair, count)] == [
        'execution count %d' % (en.cells[code].execution_count + 1)
    ]


def test_a_markdown_cell_without_counterpart_is_reported(pair):
    en, _, _ = pair
    markdown = first(en, 'markdown')

    def dropped(en, zh, sections):
        del zh.cells[markdown]

    def added(en, zh, sections):
        zh.cells.insert(markdown, nbformat.v4.new_markdown_cell('多出来的一段。'))

    for edit in (dropped, added):
        problems = changed(pair, edit)
        assert problems[0] == '%d cells, the English has %d' % (
            len(en.cells) + (1 if edit is added else -1),
            len(en.cells),
        )
        assert len(problems) > 1  # and the cells that no longer line up


def test_a_changed_english_cell_leaves_its_translation_stale(pair):
    """gettext's rule: a translation belongs to the exact English it was made from."""
    en, _, _ = pair
    markdown = first(en, 'markdown')
    old = editions.key(en.cells[markdown].source)

    def edit(en, zh, sections):
        en.cells[markdown].source += ' And one more sentence.'

    problems = changed(pair, edit)
    assert len(problems) == 2
    assert problems[0].startswith(
        'cell %d (id %s): no translation of the English' % (markdown, en.cells[markdown].id)
    )
    assert problems[1] == (
        'section <!-- en %s --> translates no cell (its English changed or is gone)' % old
    )


def test_prose_edited_in_the_notebook_instead_of_its_translation_is_reported(pair):
    markdown = first(pair[0], 'markdown')

    def in_notebook(en, zh, sections):
        zh.cells[markdown].source += '\n\n补充一句。'

    def untranslated(en, zh, sections):
        zh.cells[markdown].source = '# 01 · Linear regression from scratch'
        sections[editions.key(en.cells[markdown].source)] = zh.cells[markdown].source

    assert [p.split(': ', 1)[1] for p in changed(pair, in_notebook)] == [
        'not the text of its translation section'
    ]
    assert [p.split(': ', 1)[1] for p in changed(pair, untranslated)] == [
        'the translation has no Chinese in it'
    ]


def test_metadata_changed_in_one_edition_is_reported(pair):
    def edit(en, zh, sections):
        zh.metadata['language_info']['version'] = '3.11.7'

    assert changed(pair, edit) == ['notebook metadata differs from the English']


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
    en_dir.mkdir()
    translations.mkdir(parents=True)
    for name, value in [
        ('ROOT', tmp_path),
        ('NOTEBOOK_DIR', en_dir),
        ('TRANSLATIONS', translations),
    ]:
        monkeypatch.setattr(editions, name, value)
    return en_dir, translations


def test_make_notebooks_zh_writes_nothing_while_a_cell_is_untranslated(tree, capsys):
    """A new English notebook: the first run prints the sections it needs
    and writes nothing; translated, the run writes a notebook that checks."""
    en_dir, translations = tree
    nb = nbformat.v4.new_notebook(
        metadata={'kernelspec': {'name': 'python3', 'display_name': 'Python 3'}}
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell('# 10 · A new notebook'),
        nbformat.v4.new_code_cell('1 + 1', execution_count=1),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output('execute_result', {'text/plain': '2'})]
    nbformat.write(nb, en_dir / '10-new.ipynb')

    assert editions.main([]) == 1
    printed = capsys.readouterr().out
    assert not (en_dir / 'zh').exists()
    assert printed == (
        'translations/zh/10-new.md needs this section, translated:\n'
        '<!-- en %s -->\n# 10 · A new notebook\n\n' % editions.key('# 10 · A new notebook')
    )
    section = printed.split('\n', 1)[1].replace('A new notebook', '新的笔记本')
    (translations / '10-new.md').write_text(section, encoding='utf-8')
    assert editions.main([]) == 0
    zh = nbformat.read(en_dir / 'zh' / '10-new.ipynb', as_version=4)
    assert zh.cells[0].source == '# 10 · 新的笔记本'
    assert zh.cells[1] == nb.cells[1]
    assert editions.check() == []


@pytest.mark.parametrize(('readme', 'folder'), [('README.md', ''), ('README.zh.md', 'zh/')])
def test_each_readme_links_every_notebook_of_its_edition_in_order(readme, folder):
    text = (ROOT / readme).read_text(encoding='utf-8')
    links = re.findall(r'\]\((notebooks/[^)]+\.ipynb)\)', text)
    assert links == ['notebooks/%s%s' % (folder, p.name) for p in NOTEBOOKS]


def test_a_stale_section_is_named_where_its_english_changed(tree, capsys):
    en_dir, translations = tree
    nb = nbformat.v4.new_notebook(metadata={'kernelspec': {'name': 'py', 'display_name': 'Py'}})
    nb.cells = [nbformat.v4.new_markdown_cell('# 10 · Steps, edited')]
    nbformat.write(nb, en_dir / '10-new.ipynb')
    old = editions.key('# 10 · Steps')
    (translations / '10-new.md').write_text('<!-- en %s -->\n# 10 · 步骤\n' % old)
    assert editions.main([]) == 1
    printed = capsys.readouterr().out
    assert printed.endswith(
        'It may replace a section whose English changed: <!-- en %s -->\n\n' % old
    )


def test_notebooks_refuses_an_edition_it_does_not_have():
    with pytest.raises(ValueError, match="edition must be one of en, zh, not 'fr'"):
        editions.notebooks('fr')


def test_list_prints_what_the_makefile_runs_and_lints(capsys):
    """make lint, lab and notebooks take their notebooks from --list."""
    assert editions.main(['--list', 'en', 'zh']) == 0
    listed = capsys.readouterr().out.split('\n')[:-1]
    assert listed == [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS + editions.notebooks('zh')]
    assert all((ROOT / name).is_file() for name in listed)
    assert listed[len(NOTEBOOKS)] == 'notebooks/zh/' + NOTEBOOKS[0].name


# Terms the Chinese edition must not use (issue 27), each with what it says instead.
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
