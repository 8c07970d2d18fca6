#!/usr/bin/env python3
"""The editions of the notebooks (EDITIONS, notebooks()), and the Chinese
edition, notebooks/zh/, made from the English notebooks and translations/zh/
(CONTRIBUTING.md, "Changing a translation", says how to translate).

EDITIONS is the one place that says what an edition is: its folder, its
summary heading, its HTML page language and index. Every test, tool and
the Makefile (`python -m tools.editions --list en zh`) get the notebooks
from notebooks() here.

Usage:
    python -m tools.editions             write notebooks/zh/ (make notebooks-zh)
    python -m tools.editions --check     exit 1 naming every difference
    python -m tools.editions --list en zh    the notebooks of those editions
"""

from __future__ import annotations

import copy
import hashlib
import io
import pathlib
import re
import sys
import tokenize
from typing import NamedTuple

import nbformat

from d2lmini_nbval import missing

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / 'notebooks'
TRANSLATIONS = ROOT / 'translations' / 'zh'
MARKER = re.compile(r'^<!-- en ([0-9a-f]{8}) -->[ \t]*$', re.M)
CJK = re.compile(r'[\u4e00-\u9fff]')
DIRECTIVE = re.compile(r'#\s*(noqa|type:|fmt:|pragma|NBVAL)')


class Edition(NamedTuple):
    """What differs between the English and the Chinese edition."""

    name: str  # what notebooks() and --list take
    folder: str  # of the notebooks under notebooks/, and of the pages under build/html/
    summary: str  # the heading the last cell starts with (docs/notebook-rules.md, rule 2)
    lang: str  # <html lang> of the make html pages
    contents: str  # the link to index.html
    switch: str  # the link to the other edition's page, in its own language
    title: str  # of the index page
    intro: str  # the index page's paragraph (HTML)
    sentence_end: str  # a regex: where the first sentence ends


EN = Edition(
    name='en',
    folder='',
    summary='## Summary',
    lang='en',
    contents='Contents',
    switch='English',
    title='d2lmini: what param.grad holds',
    intro="""Notebooks for 《动手学深度学习》 (MXNet edition), 3.2 线性回归的从零开始实现:
why a minibatch of 10 examples gives <code>param.grad</code> of the parameter's own
shape, and why the book's <code>sgd</code> divides it by <code>batch_size</code>.
Every page shows the stored outputs of a tested run.""",
    sentence_end=r'(?<=[.!?])\s',
)
ZH = Edition(
    name='zh',
    folder='zh',
    summary='## 小结',
    lang='zh-CN',  # simplified Chinese, as in mainland China (BCP 47)
    contents='目录',
    switch='中文',
    title='d2lmini：param.grad 里装的是什么',
    intro=(
        '配合《动手学深度学习》（MXNet 版）3.2 节“线性回归的从零开始实现”的笔记本：'
        '一个小批量有 10 个样本，为什么 <code>param.grad</code> 的形状仍与参数相同，'
        '书中的 <code>sgd</code> 又为什么要除以 <code>batch_size</code>。'
        '每一页显示的都是经过测试的运行所保存的输出。'
    ),
    sentence_end=r'(?<=[。！？])',
)
EDITIONS = {edition.name: edition for edition in (EN, ZH)}


def edition_dir(edition: str) -> pathlib.Path:
    """The folder holding the notebooks of `edition` ('en' or 'zh')."""
    if edition not in EDITIONS:
        raise ValueError('edition must be one of %s, not %r' % (', '.join(EDITIONS), edition))
    return NOTEBOOK_DIR / EDITIONS[edition].folder


def notebooks(edition: str) -> list[pathlib.Path]:
    """The notebooks of `edition` ('en' or 'zh'), in reading order: every
    .ipynb in its folder (tests/test_notebooks.py checks they are numbered)."""
    return sorted(edition_dir(edition).glob('*.ipynb'))


def runnable(edition: str) -> list[pathlib.Path]:
    """notebooks(edition) but those needing a package this Python lacks (a
    cell tagged needs-NAME: notebook 12, run by make test-torch), for the
    tools that run every notebook (make notebooks, test-cpus, ...)."""
    return [p for p in notebooks(edition) if not missing(nbformat.read(p, as_version=4))]


def key(english: str) -> str:
    """The marker of a translation of `english`: its SHA-256, 8 hex digits."""
    return hashlib.sha256(english.encode('utf-8')).hexdigest()[:8]


def zh_path(en_path: pathlib.Path) -> pathlib.Path:
    return edition_dir('zh') / en_path.name


def translation_path(en_path: pathlib.Path) -> pathlib.Path:
    return TRANSLATIONS / (en_path.stem + '.md')


def parse(text: str, name: str = 'translation') -> dict[str, str]:
    """{marker hash: translated markdown} from a translation file's text.
    Before the first marker only an HTML comment (notes to translators)."""
    parts = MARKER.split(text)
    preamble = parts[0].strip()
    if preamble and not (preamble.startswith('<!--') and preamble.endswith('-->')):
        raise ValueError('%s: text before the first <!-- en ... --> marker' % name)
    sections: dict[str, str] = {}
    for digest, body in zip(parts[1::2], parts[2::2]):
        if digest in sections:
            raise ValueError('%s: two sections for <!-- en %s -->' % (name, digest))
        sections[digest] = body.strip('\n').rstrip()
    return sections


def read_translations(en_path: pathlib.Path) -> dict[str, str]:
    path = translation_path(en_path)
    if not path.exists():
        return {}
    return parse(path.read_text(encoding='utf-8'), str(path.relative_to(ROOT)))


def comments(code: str) -> list[tokenize.TokenInfo]:
    """The comments of `code` a translation replaces: all but the book's
    Chinese ones and tool directives."""
    return [
        token
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.COMMENT
        and not CJK.search(token.string)
        and not DIRECTIVE.match(token.string)
    ]


def translate_code(code: str, sections: dict[str, str]) -> tuple[str, list[str]]:
    """(`code` with each English comment replaced by its section, the
    comments with no section)."""
    lines = io.StringIO(code).readlines()
    missing = []
    for token in reversed(comments(code)):
        zh = sections.get(key(token.string))
        if zh is None:
            missing.insert(0, token.string)
            continue
        if not zh.startswith('#') or '\n' in zh:
            raise ValueError(
                '<!-- en %s -->: a comment is one line starting with #, not %r'
                % (key(token.string), zh)
            )
        row, col = token.start
        lines[row - 1] = lines[row - 1][:col] + zh + lines[row - 1][token.end[1] :]
    return ''.join(lines), missing


def translate(en_nb, sections: dict[str, str]):
    """(the Chinese notebook, the English markdown cells and comments with no section)."""
    zh_nb = copy.deepcopy(en_nb)
    missing = []
    for cell in zh_nb.cells:
        if cell.cell_type == 'markdown':
            if key(cell.source) in sections:
                cell.source = sections[key(cell.source)]
            else:
                missing.append(cell.source)
        elif cell.cell_type == 'code':
            cell.source, untranslated = translate_code(cell.source, sections)
            missing += untranslated
    return zh_nb, missing


def stale(en_nb, sections: dict[str, str]) -> list[str]:
    """The sections that translate no markdown cell or code comment of `en_nb`."""
    used = {key(c.source) for c in en_nb.cells if c.cell_type == 'markdown'}
    used |= {
        key(t.string) for c in en_nb.cells if c.cell_type == 'code' for t in comments(c.source)
    }
    return [digest for digest in sections if digest not in used]


def orphans() -> list[str]:
    """Chinese notebooks and translation files with no English notebook."""
    names = {p.name for p in notebooks('en')}
    return [
        '%s: no English notebook of that name' % p.relative_to(ROOT)
        for p in notebooks('zh') + sorted(TRANSLATIONS.glob('*.md'))
        if p.with_suffix('.ipynb').name not in names
    ]


def check_notebook(en_path: pathlib.Path) -> list[str]:
    """Every way the Chinese notebook is not the English one with its prose
    translated: a markdown cell with no (or a stale) translation, one with
    no Chinese in it, a section that translates no cell, and a file that is
    not byte for byte what make notebooks-zh writes (its code, outputs,
    counts, ids and metadata are the English notebook's)."""
    path = zh_path(en_path)
    if not path.exists():
        return ['%s: missing (make notebooks-zh)' % path.relative_to(ROOT)]
    en_nb = nbformat.read(en_path, as_version=4)
    try:
        sections = read_translations(en_path)
    except ValueError as err:
        return [str(err)]
    zh_nb, missing = translate(en_nb, sections)
    problems = [
        'no translation of the English %r (add <!-- en %s -->)'
        % (text.split('\n')[0][:60], key(text))
        for text in missing
    ]
    old = stale(en_nb, sections)
    problems += [
        'section <!-- en %s --> translates no cell (its English changed or is gone)' % digest
        for digest in old
    ]
    prose = {key(c.source) for c in en_nb.cells if c.cell_type == 'markdown'}
    problems += [
        'the translation of <!-- en %s --> has no Chinese in it' % digest
        for digest, text in sections.items()
        if digest in prose and not CJK.search(text)
    ]
    if path.read_text(encoding='utf-8') != nbformat.writes(zh_nb) + '\n':
        problems.append(
            'not what make notebooks-zh writes (edit the English notebook or %s)'
            % translation_path(en_path).relative_to(ROOT)
        )
    return ['%s: %s' % (path.relative_to(ROOT), p) for p in problems]


def check() -> list[str]:
    """Every difference between the two editions, as `path: what`."""
    found = orphans()
    for en_path in notebooks('en'):
        found += check_notebook(en_path)
    return found


def write() -> int:
    """Write every Chinese notebook; 1 (and nothing written) if a markdown
    cell has no translation, with the skeletons to add."""
    written = []
    missing = []
    for en_path in notebooks('en'):
        en_nb, sections = nbformat.read(en_path, as_version=4), read_translations(en_path)
        zh_nb, untranslated = translate(en_nb, sections)
        written.append((zh_path(en_path), zh_nb))
        old = stale(en_nb, sections)
        missing += [(translation_path(en_path), english, old) for english in untranslated]
    for path, english, old in missing:
        print('%s needs this section, translated:' % path.relative_to(ROOT))
        print('<!-- en %s -->\n%s\n' % (key(english), english))
        if old:
            print(
                'It may replace a section whose English changed: %s\n'
                % ', '.join('<!-- en %s -->' % digest for digest in old)
            )
    if missing:
        return 1
    edition_dir('zh').mkdir(exist_ok=True)
    for path, nb in written:
        nbformat.write(nb, path)
        print('wrote', path.relative_to(ROOT))
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ['--list'] and argv[1:]:
        print('\n'.join(p.relative_to(ROOT).as_posix() for e in argv[1:] for p in notebooks(e)))
        return 0
    if argv == ['--check']:
        found = check()
        print('\n'.join(found) or 'the two editions agree')
        return 1 if found else 0
    if argv:
        print(__doc__)
        return 2
    return write()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
