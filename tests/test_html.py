"""make html: one offline page per notebook of each edition, with its figures,
an index per edition, and a language switch between them."""

from __future__ import annotations

import base64
import collections
import functools
import pathlib
import re
from html.parser import HTMLParser

import nbformat
import pytest

from tools.editions import EDITIONS, notebooks

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = notebooks('en')


@pytest.fixture(scope='module')
def builder():
    """tools/build_html.py, loaded here rather than at collection: nbconvert
    costs each test worker a third of a second to import."""
    from tools import build_html

    return build_html


@pytest.fixture(scope='module')
def site(builder, tmp_path_factory):
    out = tmp_path_factory.mktemp('html')
    builder.build_site(out)
    return out


@functools.cache
def start_tags(page: pathlib.Path) -> dict[str, list[dict[str, str]]]:
    """The attributes of every start tag of the page at `page`, by tag name,
    in order: each page is parsed once (a parse takes tens of ms)."""
    found = collections.defaultdict(list)
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found[tag].append(dict(attrs))
    parser.feed(page.read_text(encoding='utf-8'))
    return found


def tags(page: pathlib.Path, name: str) -> list[dict[str, str]]:
    return start_tags(page.resolve()).get(name, [])


def svgs_in(page: pathlib.Path) -> list[str]:
    """The SVG figures a page shows, decoded (nbconvert embeds them as data URIs)."""
    prefix = 'data:image/svg+xml;base64,'
    sources = [img['src'] for img in tags(page, 'img') if img['src'].startswith(prefix)]
    return [base64.b64decode(src[len(prefix) :]).decode() for src in sources]


def test_one_page_per_notebook_named_after_it_and_an_index_per_edition(site):
    names = [path.stem + '.html' for path in NOTEBOOKS] + ['index.html']
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html')) == sorted(
        names + ['zh/' + name for name in names]
    )


# Where each edition's first sentence may end: the summary on its index
# (docs/notebook-rules.md, rule 2).
SENTENCE_END = {'en': ('.', ')'), 'zh': ('。', '）')}


@pytest.mark.parametrize('edition', EDITIONS)
def test_index_lists_the_notebooks_in_order_with_a_summary(site, edition):
    paths, folder = notebooks(edition), EDITIONS[edition].folder
    assert tags(site / folder / 'index.html', 'html') == [{'lang': EDITIONS[edition].lang}]
    index = (site / folder / 'index.html').read_text()
    items = re.findall(r'<li><a href="([^"]+)">(.+?)</a><br>(.+?)</li>', index)
    assert [href for href, _, _ in items] == [path.stem + '.html' for path in paths]
    for (_, title, summary), path in zip(items, paths):
        assert title.startswith(path.stem[:2] + ' · ')
        assert len(summary) > 20 and summary.endswith(SENTENCE_END[edition])
    if edition == 'zh':  # the Chinese index shows the Chinese titles
        assert all(re.search('[\u4e00-\u9fff]', title) for _, title, _ in items)


@pytest.mark.parametrize('edition', EDITIONS)
def test_each_page_shows_its_stored_figures_and_links_its_neighbours(site, edition):
    paths = notebooks(edition)
    names = [path.stem + '.html' for path in paths]
    for i, (path, name) in enumerate(zip(paths, names)):
        page = site / EDITIONS[edition].folder / name
        stored = [
            output['data']['image/svg+xml']
            for cell in nbformat.read(path, as_version=4).cells
            for output in cell.get('outputs', [])
            if 'image/svg+xml' in output.get('data', {})
        ]
        assert svgs_in(page) == stored, name
        assert tags(page, 'html') == [{'lang': EDITIONS[edition].lang}]
        links = tags(page, 'a')
        assert {'href': 'index.html'} in links
        prev = [a['href'] for a in links if a.get('rel') == 'prev']
        following = [a['href'] for a in links if a.get('rel') == 'next']
        assert prev == ([names[i - 1]] * 2 if i > 0 else [])  # top and bottom
        assert following == ([names[i + 1]] * 2 if i + 1 < len(names) else [])


def switches(page: pathlib.Path) -> list[str]:
    """The targets of a page's links to its other-language counterpart."""
    return [a['href'] for a in tags(page, 'a') if 'hreflang' in a]


def test_every_page_switches_language_to_its_own_counterpart(site):
    """Each page, top and bottom (an index once), links the same page in the
    other language, and that page links back."""
    pages = sorted(site.rglob('*.html'))
    for page in pages:
        targets = switches(page)
        assert len(targets) == (1 if page.name == 'index.html' else 2), page
        assert len(set(targets)) == 1
        counterpart = (page.parent / targets[0]).resolve()
        assert counterpart.name == page.name and counterpart.parent != page.parent
        assert counterpart.is_file(), targets[0]
        back = {(counterpart.parent / t).resolve() for t in switches(counterpart)}
        assert back == {page.resolve()}
    english = tags(site / 'index.html', 'a')
    assert {'href': 'zh/index.html', 'hreflang': 'zh-CN', 'lang': 'zh-CN'} in english


def test_math_is_mathml_not_tex_for_a_cdn_script(builder, site):
    for folder in ('', 'zh'):
        page = (site / folder / '06-why-squared-loss-reshapes.html').read_text()
        assert '<math' in page
        assert '$X^\\top' not in page and 'MathJax' not in page
    markdown = 'Inline $x^2$, display $$\\sum_i r_i$$, \\begin{pmatrix} a \\\\ b \\end{pmatrix}.'
    html = builder.OfflineHTMLExporter().markdown2html({}, markdown)
    assert html.count('<math') == 3
    assert '$' not in html and '\\begin' not in html


def test_the_build_fails_on_a_notebook_that_loads_from_another_host(builder, tmp_path):
    """make html checks every page it writes (the site above was built)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell('# 99 · A page\n\nIt shows ![a](https://img.example/a.png).')
    ]
    path = tmp_path / '99-a-page.ipynb'
    nbformat.write(nb, path)
    with pytest.raises(SystemExit, match='99-a-page.html refers to other hosts'):
        builder.build([path], tmp_path / 'html', builder.EN, (builder.ZH, 'zh/'))
