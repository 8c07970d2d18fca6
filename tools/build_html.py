#!/usr/bin/env python3
"""make html: both editions of the notebooks, with their stored outputs,
as a static site.

    python -m tools.build_html [--out build/html]

Writes, for the English notebooks (notebooks/) into OUT and for the Chinese
ones (notebooks/zh/) into OUT/zh (tools/editions.py), NN-name.html for each
notebook (title, prev/next links, a link to the same page in the other language) and an
index.html listing them in order with each one's first sentence. Nothing is
fetched at build or view time: nbconvert's lab page without its CDN
scripts (tools/html_templates/d2lmini), math turned into MathML here
(latex2mathml) instead of MathJax, figures the stored SVG. The build fails
if a page still loads or links anything from another host.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

import nbformat
from jinja2 import pass_context
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from tools.editions import EN, ZH, Edition, notebooks

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / 'tools' / 'html_templates'
# on every page and on the index; the index page itself (a %-template)
CSS = (TEMPLATES / 'd2lmini.css').read_text(encoding='utf-8')
INDEX = (TEMPLATES / 'contents.html').read_text(encoding='utf-8')


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with $...$, $$...$$ and \\begin{...} as MathML."""

    def inline_math(self, body: str) -> str:
        return latex_to_mathml(body)

    def block_math(self, body: str) -> str:
        return latex_to_mathml(body, display='block')

    def latex_environment(self, name: str, body: str) -> str:
        return self.block_math('\\begin{%s}%s\\end{%s}' % (name, body, name))


class OfflineHTMLExporter(HTMLExporter):
    """The lab HTML export, minus everything it would fetch."""

    @pass_context
    def markdown2html(self, context, source):
        # HTMLExporter.markdown2html, with MathMLRenderer for IPythonRenderer
        cell = context.get('cell', {})
        renderer = MathMLRenderer(
            escape=False,
            attachments=cell.get('attachments', {}),
            embed_images=self.embed_images,
            path=context.get('resources', {}).get('metadata', {}).get('path', ''),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)


# What a browser fetches or follows: a URL in an attribute that loads or
# links (src, href, ...) or in CSS (url(), @import). Namespace names such as
# xmlns="http://www.w3.org/2000/svg" and text are not fetched.
REFERENCE = re.compile(
    r"""(?:\s(?:src|href|srcset|poster|data|action|formaction|xlink:href|background|manifest|ping)"""
    r"""\s*=\s*["']?|url\(\s*["']?|@import\s+["'])([^"'\s)>]*)""",
    re.I,
)


def external_references(page: str) -> list[str]:
    """URLs in `page` that point at another host (or any absolute URL)."""
    return [
        url
        for url in REFERENCE.findall(page)
        if re.match(r'([a-z][a-z0-9+.-]*:|//)', url, re.I) and not url.startswith('data:')
    ]


def title_and_summary(nb, edition: Edition = EN) -> tuple[str, str]:
    """The first cell's heading, and the first sentence after it (markdown)."""
    heading, _, rest = nb.cells[0].source.partition('\n')
    paragraph = ' '.join(rest.strip().split('\n\n')[0].split())
    summary = re.split(edition.sentence_end, paragraph, maxsplit=1)[0]
    return heading.lstrip('# ').strip(), summary


def inline_markdown(exporter: OfflineHTMLExporter, text: str) -> str:
    return re.sub(r'^<p>|</p>\s*$', '', exporter.markdown2html({}, text))


def build(
    notebooks: list[pathlib.Path], out: pathlib.Path, edition: Edition, other: tuple[Edition, str]
) -> list[pathlib.Path]:
    """Write one page per notebook and index.html into `out`; return them.
    `other`: the other edition and the relative URL of its folder: each
    page (and the index) links to its counterpart, which every page has
    (tests/test_editions.py)."""
    out.mkdir(parents=True, exist_ok=True)
    exporter = OfflineHTMLExporter(
        template_name='d2lmini', extra_template_basedirs=[str(TEMPLATES)]
    )
    exporter.language_code = edition.lang
    nbs = [nbformat.read(path, as_version=4) for path in notebooks]
    entries = [
        (path.stem + '.html', *title_and_summary(nb, edition)) for path, nb in zip(notebooks, nbs)
    ]
    # prev and next: the heading as plain text, code marks dropped
    links = [{'href': href, 'title': title.replace('`', '')} for href, title, _ in entries]
    switch = {'label': other[0].switch, 'lang': other[0].lang}
    pages = []
    for i, (path, nb) in enumerate(zip(notebooks, nbs)):
        nb.metadata['title'] = links[i]['title']  # in memory only: <title>
        resources = {
            'metadata': {'name': path.stem, 'path': str(path.parent)},
            'd2lmini': {
                'prev': links[i - 1] if i > 0 else None,
                'next': links[i + 1] if i + 1 < len(links) else None,
                'contents': edition.contents,
                'switch': dict(switch, href=other[1] + links[i]['href']),
                'css': CSS,
            },
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        pages.append((out / links[i]['href'], body))
    items = [
        '<li><a href="%s">%s</a><br>%s</li>'
        % (href, inline_markdown(exporter, title), inline_markdown(exporter, summary))
        for href, title, summary in entries
    ]
    index = INDEX % dict(
        edition._asdict(),
        items='\n'.join(items),
        css=CSS,
        other_href=other[1] + 'index.html',
        other_lang=other[0].lang,
        other_label=other[0].switch,
    )
    pages.append((out / 'index.html', index))
    for page, text in pages:
        bad = external_references(text)
        if bad:
            raise SystemExit('%s refers to other hosts: %s' % (page.name, bad[:5]))
        page.write_text(text, encoding='utf-8')
    return [page for page, _ in pages]


def build_site(out: pathlib.Path) -> list[pathlib.Path]:
    """Both editions: English pages in `out`, Chinese ones in `out`/zh."""
    built = build(notebooks('en'), out, EN, (ZH, ZH.folder + '/'))
    return built + build(notebooks('zh'), out / ZH.folder, ZH, (EN, '../'))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', type=pathlib.Path, default=ROOT / 'build' / 'html')
    args = parser.parse_args(argv)
    for page in build_site(args.out):
        print(page)
    return 0


if __name__ == '__main__':
    sys.exit(main())
