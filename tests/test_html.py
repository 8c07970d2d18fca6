"""make html: one offline page per notebook, with its figures, and an index."""

from __future__ import annotations

import base64
import importlib.util
import pathlib
import re
from html.parser import HTMLParser

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / 'notebooks').glob('[0-9]*.ipynb'))


@pytest.fixture(scope='module')
def builder():
    """tools/build_html.py, loaded here rather than at collection: nbconvert
    costs each test worker a third of a second to import."""
    spec = importlib.util.spec_from_file_location('build_html', ROOT / 'tools' / 'build_html.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def site(builder, tmp_path_factory):
    out = tmp_path_factory.mktemp('html')
    builder.build(NOTEBOOKS, out)
    return out


def tags(page: str, name: str) -> list[dict[str, str]]:
    """The attributes of every <name> tag in page, in order."""
    found = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.append(dict(attrs)) if tag == name else None
    parser.feed(page)
    return found


def svgs_in(page: str) -> list[str]:
    """The SVG figures a page shows, decoded (nbconvert embeds them as data URIs)."""
    prefix = 'data:image/svg+xml;base64,'
    sources = [img['src'] for img in tags(page, 'img') if img['src'].startswith(prefix)]
    return [base64.b64decode(src[len(prefix) :]).decode() for src in sources]


def test_one_page_per_notebook_named_after_it_and_an_index(site):
    expected = sorted([path.stem + '.html' for path in NOTEBOOKS] + ['index.html'])
    assert sorted(path.name for path in site.iterdir()) == expected


@pytest.mark.parametrize('path', NOTEBOOKS, ids=lambda path: path.stem)
def test_each_page_shows_its_stored_figures(site, path):
    nb = nbformat.read(path, as_version=4)
    stored = [
        output['data']['image/svg+xml']
        for cell in nb.cells
        for output in cell.get('outputs', [])
        if 'image/svg+xml' in output.get('data', {})
    ]
    assert stored  # every notebook has figures
    assert svgs_in((site / (path.stem + '.html')).read_text()) == stored


def test_index_lists_the_notebooks_in_order_with_a_summary(site):
    index = (site / 'index.html').read_text()
    items = re.findall(r'<li><a href="([^"]+)">(.+?)</a><br>(.+?)</li>', index)
    assert [href for href, _, _ in items] == [path.stem + '.html' for path in NOTEBOOKS]
    for (_, title, summary), path in zip(items, NOTEBOOKS):
        assert title.startswith(path.stem[:2] + ' · ')
        assert len(summary) > 40 and summary.endswith(('.', ')'))


def test_pages_link_to_the_previous_and_next_notebook(site):
    names = [path.stem + '.html' for path in NOTEBOOKS]
    for i, name in enumerate(names):
        links = tags((site / name).read_text(), 'a')
        assert {'href': 'index.html'} in links
        prev = [a['href'] for a in links if a.get('rel') == 'prev']
        following = [a['href'] for a in links if a.get('rel') == 'next']
        assert prev == ([names[i - 1]] * 2 if i > 0 else [])  # top and bottom
        assert following == ([names[i + 1]] * 2 if i + 1 < len(names) else [])


def test_math_is_mathml_not_tex_for_a_cdn_script(site):
    page = (site / '03-what-param-grad-holds.html').read_text()
    assert '<math' in page
    assert '$X^\\top' not in page and 'MathJax' not in page


def test_every_kind_of_markdown_math_becomes_mathml(builder):
    markdown = 'Inline $x^2$, display $$\\sum_i r_i$$, \\begin{pmatrix} a \\\\ b \\end{pmatrix}.'
    html = builder.OfflineHTMLExporter().markdown2html({}, markdown)
    assert html.count('<math') == 3
    assert '$' not in html and '\\begin' not in html


def test_no_page_refers_to_another_host(builder, site):
    for page in site.iterdir():
        assert builder.external_references(page.read_text()) == [], page.name


def test_external_references_finds_what_a_browser_would_fetch(builder):
    page = (
        '<script src="https://cdn.example/require.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<style>@import "http://css.example/a.css";'
        'p { background: url(https://img.example/b.png) }</style>'
        '<p style="background: url(\'http://img.example/c.png\')">'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>https://matplotlib.org/</text></svg>'
        '<img src="data:image/svg+xml;base64,AAAA"><a href="#top">top</a>'
        '<a href="02-gradient-shapes.html">next</a>'
    )
    assert builder.external_references(page) == [
        'https://cdn.example/require.js',
        '//fonts.example/css',
        'http://css.example/a.css',
        'https://img.example/b.png',
        'http://img.example/c.png',
    ]


def test_the_build_fails_on_a_notebook_that_loads_from_another_host(builder, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell('# 99 · A page\n\nIt shows ![a](https://img.example/a.png).')
    ]
    path = tmp_path / '99-a-page.ipynb'
    nbformat.write(nb, path)
    with pytest.raises(SystemExit, match='99-a-page.html refers to other hosts'):
        builder.build([path], tmp_path / 'html')
