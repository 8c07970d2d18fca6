"""JupyterLab as a learner meets it, in a real browser (make test-browser).

`make lab` itself serves JupyterLab (free port, token, its Jupyter and
IPython folders in a temporary directory); Debian's Chromium, driven by
Playwright through Lab's command registry as JupyterLab's own Galata tests
do, opens every notebook of both editions, then the `make html` pages.
What each step checks: docs/testing.md (make test-browser) and the
comments below. Screenshots go to build/browser/ for people to look at.
Not part of `make test`: it needs Chromium (apt-get install chromium).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from tools.editions import runnable

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHOTS = ROOT / 'build' / 'browser'
CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
# as root, and with nothing reaching for the network
CHROMIUM_ARGS = (
    '--no-sandbox --disable-gpu --no-first-run --disable-background-networking'
    ' --disable-component-update --disable-sync'
).split()
RUN_ALL_SECONDS = 120
PANEL = '.jp-NotebookPanel:not(.lm-mod-hidden)'  # the notebook on show

sync_api = pytest.importorskip('playwright.sync_api')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def git_status() -> str:
    status = ['git', 'status', '--porcelain', '--untracked-files=all']
    return subprocess.run(status, cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    """`make lab` on a free port with a token; yields its base URL."""
    home = tmp_path_factory.mktemp('jupyter')
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        HOME=str(home),  # JupyterLab's build check runs npm, which logs under HOME
        JUPYTER_DATA_DIR=str(home / 'data'),
        JUPYTER_CONFIG_DIR=str(home / 'config'),
        JUPYTER_RUNTIME_DIR=str(home / 'runtime'),
        IPYTHONDIR=str(home / 'ipython'),
    )
    env.pop('PYTEST_CURRENT_TEST', None)
    lab_args = (
        '--no-browser --port=%d --ServerApp.token=%s --LabApp.expose_app_in_browser=True'
        % (port, token)
    )
    make = ['make', '--no-print-directory', 'lab', 'PYTHON=' + sys.executable]
    make += ['VENV=' + sys.prefix, 'LAB_ARGS=' + lab_args]
    log = open(home / 'lab.log', 'w')
    proc = subprocess.Popen(
        make, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = 'http://127.0.0.1:%d' % port
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen('%s/api/status?token=%s' % (url, token), timeout=2)
            break
        except OSError:
            assert proc.poll() is None, (home / 'lab.log').read_text()[-3000:]
            assert time.monotonic() < deadline, 'JupyterLab did not answer within 60 s'
            time.sleep(0.2)
    yield url, token
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope='module')
def browser(tmp_path_factory):
    if not os.access(CHROMIUM, os.X_OK):
        # make test-browser asks for the browser test: there it is a failure
        missing = pytest.fail if os.environ.get('D2LMINI_BROWSER_REQUIRED') else pytest.skip
        missing('no Chromium at %s (apt-get install chromium)' % CHROMIUM)
    # Playwright's driver (node) and Chromium write logs and crash-report
    # settings under HOME whatever the profile: give them a throw-away one.
    home = tmp_path_factory.mktemp('browser-home')
    with pytest.MonkeyPatch.context() as env:
        env.setenv('HOME', str(home))
        env.setenv('XDG_CONFIG_HOME', str(home / '.config'))
        env.setenv('XDG_CACHE_HOME', str(home / '.cache'))
        with sync_api.sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@pytest.fixture(scope='module')
def git_before():
    """git status before any notebook is opened; compared at the end."""
    return git_status()


def figure_count(nb) -> int:
    return sum(
        'image/svg+xml' in o.get('data', {}) for c in nb.cells for o in c.get('outputs', [])
    )


def title(path: pathlib.Path) -> str:
    """A notebook's title as Lab renders its heading: no '# ', no backticks."""
    heading = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
    return heading.lstrip('# ').replace('`', '')


OPEN_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.sessionContext && w.sessionContext.session &&
            w.sessionContext.kernelDisplayStatus === 'idle' && w.context.isReady);
}"""
# Run All is over when every code cell has its count (Lab sets it once the
# cell's reply and outputs are in), or when a cell not tagged to raise has
# an error (Run All stops there). A tagged cell's error is no end: the
# kernel is idle for a moment after it, between cells.
DONE_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = Array.from(w.content.model.cells).filter(c => c.type === 'code');
  const types = c => Array.from({length: c.outputs.length}, (_, i) => c.outputs.get(i).type);
  const stopped = cells.some(c => types(c).includes('error')
      && !(c.getMetadata('tags') || []).includes('raises-exception'));
  const counted = cells.every(c => c.executionCount !== null);
  return w.sessionContext.kernelDisplayStatus === 'idle' && (counted || stopped);
}"""
# figures Lab shows: its SVG renderer makes an <img>; one that decoded has
# a width (a broken SVG shows as an empty box)
RENDERED_JS = """() => {
  const panel = '.jp-NotebookPanel:not(.lm-mod-hidden) ';
  const svgs = Array.from(document.querySelectorAll(panel + '.jp-RenderedSVG'));
  return {
    svg: svgs.length,
    drawn: svgs.filter(e => Array.from(e.querySelectorAll('img')).some(
        i => i.complete && i.naturalWidth > 0) || e.querySelector('svg')).length,
    figureText: Array.from(document.querySelectorAll(panel + '.jp-OutputArea-output')).filter(
        e => e.innerText.includes('<Figure size')).length,
  };
}"""


def scroll_to(page, selector: str, which: str) -> None:
    """Bring the first or last match in the notebook on show into view, for
    the screenshot (none there: nothing to do; the asserts say why)."""
    page.evaluate(
        """([selector, which]) => {
          const all = document.querySelectorAll(selector);
          const el = which === 'first' ? all[0] : all[all.length - 1];
          if (el) el.scrollIntoView({block: 'center'});
        }""",
        [PANEL + ' ' + selector, which],
    )


# Once the kernel's info and spec are in, Lab has written them into the
# notebook's metadata (marking it modified where they differ from what was
# opened); then the notebook on show as the learner sees it.
UNTOUCHED_JS = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session.kernel;
  await kernel.info;
  await kernel.spec;
  await new Promise(resolve => setTimeout(resolve, 500));
  return {
    path: w.context.path,
    dirty: w.context.model.dirty,
    dirtyTabs: document.querySelectorAll('.lm-TabBar-tab.jp-mod-dirty').length,
    popups: Array.from(document.querySelectorAll('.Toastify__toast')).map(t => t.innerText),
  };
}"""
# the tab of the notebook on show: its text as drawn (a CSS ::before mark
# included) and its tooltip, which Lab fills in once it has the file's dates
TAB_JS = """() => {
  const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');
  const label = tab.querySelector('.lm-TabBar-tabLabel');
  const mark = getComputedStyle(label, '::before').content;
  return {
    text: (mark.startsWith('"') ? JSON.parse(mark) : '') + label.textContent,
    tooltip: tab.title,
  };
}"""
# closes the notebook on show as its tab's x does; false if it is still open
# after 3 s (Lab asks "Save changes?" about a modified one)
CLOSE_JS = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  const closed = new Promise(resolve => w.disposed.connect(() => resolve(true)));
  w.close();
  return await Promise.race([closed, new Promise(r => setTimeout(() => r(false), 3000))]);
}"""
HEADING_JS = """() => document.querySelector(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1').innerText"""
WIDGET_ID_JS = '() => window.jupyterapp.shell.currentWidget.id'
KERNEL_ID_JS = '() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id'


def open_in_lab(page, tree: str, kernel: str | None = None) -> str:
    """Open notebooks/<tree> in the Lab page as the file browser does (a
    kernel starts, or it joins the running kernel with id `kernel`); wait
    until it is ready and idle; its widget's id."""
    # awaited, but not returned: Playwright would serialize the whole widget
    # that the command returns (about 10 s)
    page.evaluate(
        "async ([path, id]) => { await window.jupyterapp.commands.execute('docmanager:open',"
        ' id ? {path, kernel: {id}} : {path}); }',
        [tree, kernel],
    )
    page.wait_for_function(
        '(path) => { const w = window.jupyterapp.shell.currentWidget;'
        ' return w && w.context && w.context.path === path && (%s)(); }' % OPEN_JS,
        arg=tree,
        timeout=60_000,
    )
    return page.evaluate(WIDGET_ID_JS)


def assert_untouched(page, tree: str) -> None:
    """Opened and its kernel started: nothing to save, nothing in the way."""
    state = page.evaluate(UNTOUCHED_JS)
    assert state == {'path': tree, 'dirty': False, 'dirtyTabs': 0, 'popups': []}, (
        'an untouched notebook as Lab shows it: %s' % state
    )


def wait_for_figures(page, figures: int) -> dict:
    """The figures Lab draws in the notebook on show (at most 20 s for the
    stored count); the asserts after it say what is missing."""
    try:
        page.wait_for_function('() => (%s)().drawn >= %d' % (RENDERED_JS, figures), timeout=20_000)
    except sync_api.TimeoutError:
        pass
    return page.evaluate(RENDERED_JS)


def save(page) -> None:
    """Save the notebook on show through make lab's hook, as Ctrl+S does."""
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        '() => !window.jupyterapp.shell.currentWidget.context.model.dirty', timeout=20_000
    )


def close_without_question(page) -> None:
    closed = page.evaluate(CLOSE_JS)
    dialogs = page.locator('.jp-Dialog').all_inner_texts()
    assert closed and dialogs == [], 'closing asked: %s' % dialogs


def stop_kernels_and_close(page) -> None:
    """The page's kernels stop with it, whether or not the test passed."""
    with contextlib.suppress(sync_api.Error):
        page.evaluate('() => window.jupyterapp.serviceManager.sessions.shutdownAll()')
    page.close()


def show_tab(page, widget_id: str, tree: str) -> dict:
    """Click-free switch to a notebook's tab; its tab as drawn."""
    page.evaluate('(id) => window.jupyterapp.shell.activateById(id)', widget_id)
    page.wait_for_function(
        '(path) => window.jupyterapp.shell.currentWidget.context.path === path'
        ' && (%s)().tooltip.includes(path)' % TAB_JS,
        arg=tree,
        timeout=20_000,
    )
    return page.evaluate(TAB_JS)


def shot(path: pathlib.Path, what: str) -> str:
    """build/browser/NN-name-what.png, zh-NN-name-what.png for the Chinese
    edition (`path`: a notebook or its page)."""
    prefix = 'zh-' if path.parent.name == 'zh' else ''
    return str(SHOTS / ('%s%s-%s.png' % (prefix, path.stem, what)))


@pytest.mark.parametrize('path', runnable('en'), ids=lambda p: p.name)
def test_notebook_in_jupyterlab(lab, browser, git_before, path):
    url, token = lab
    stored = nbformat.read(path, as_version=4)
    code = [c for c in stored.cells if c.cell_type == 'code']
    figures = figure_count(stored)
    before = path.read_bytes()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={'width': 1280, 'height': 1000})
    try:
        tree = path.relative_to(ROOT / 'notebooks').as_posix()
        # 1. opened as a learner does: not modified, nothing over it, and
        # the stored figures show as images before anything runs (?reset:
        # a fresh workspace, not the previous test's open tabs)
        page.goto('%s/lab/tree/%s?reset&token=%s' % (url, tree, token))
        page.wait_for_function(OPEN_JS, timeout=60_000)
        assert_untouched(page, tree)
        rendered = wait_for_figures(page, figures)
        scroll_to(page, '.jp-OutputArea-output', 'first')
        page.screenshot(path=shot(path, 'before'))
        assert rendered == {'svg': figures, 'drawn': figures, 'figureText': 0}, (
            'stored figures as Lab shows them before running: %s, stored %d' % (rendered, figures)
        )

        # 2. Restart Kernel and Run All, as the learner's menu does
        start = time.monotonic()
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
        page.locator('.jp-Dialog .jp-mod-accept').click(timeout=20_000)
        page.wait_for_function(
            '() => Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)'
            ".some(c => c.type === 'code' && c.executionCount === null)",
            timeout=20_000,
        )
        page.wait_for_function(DONE_JS, timeout=RUN_ALL_SECONDS * 1000, polling=200)
        seconds = time.monotonic() - start
        scroll_to(page, '.jp-RenderedSVG', 'last')
        page.screenshot(path=shot(path, 'after'))
        print('%s: Restart and Run All in %.1f s' % (tree, seconds))

        # 3. saved through make lab's hook: every cell's outputs and count as
        # stored (no stderr, an error only where the stored cell raises on
        # purpose, figures byte for byte, as strict nbval compares them), so
        # the file is the stored one and git is clean
        save(page)
        saved = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == 'code']
        differing = [
            want.execution_count
            for want, c in zip(code, saved)
            if (c.execution_count, c.outputs) != (want.execution_count, want.outputs)
        ]
        assert differing == [], 'the outputs of cells %s differ from the stored ones' % differing
        assert path.read_bytes() == before, 'saving changed %s' % path.name
        assert page.evaluate(RENDERED_JS)['drawn'] == figures

        # 4. edited as a learner does (a cell added at the end and run),
        # saved, closed and reopened: the server signed what it saved, so
        # the figures are still images, not `<Figure size ...>` text
        page.evaluate(
            """async () => {
              const app = window.jupyterapp, notebook = app.shell.currentWidget.content;
              notebook.activeCellIndex = notebook.widgets.length - 1;
              await app.commands.execute('notebook:insert-cell-below');
              notebook.activeCell.model.sharedModel.setSource("print('edited')");
              await app.commands.execute('notebook:run-cell');
            }"""
        )
        page.wait_for_function(
            '() => { const cells = window.jupyterapp.shell.currentWidget.content.model.cells;'
            ' const last = cells.get(cells.length - 1);'
            ' return last.executionCount !== null && last.outputs.length > 0; }',
            timeout=20_000,
        )
        save(page)
        edited = nbformat.reads(path.read_text(encoding='utf-8'), as_version=4)
        assert [c.source for c in edited.cells] == [c.source for c in stored.cells] + [
            "print('edited')"
        ]
        close_without_question(page)
        open_in_lab(page, tree)
        rendered = wait_for_figures(page, figures)
        scroll_to(page, '.jp-RenderedSVG', 'last')
        page.screenshot(path=shot(path, 'reopened'))
        assert rendered == {'svg': figures, 'drawn': figures, 'figureText': 0}, (
            'figures of the edited notebook, saved and reopened: %s, stored %d'
            % (rendered, figures)
        )
        assert_untouched(page, tree)

        # 5. the Chinese notebook of the same name beside it, as a learner
        # compares the two, not run again (its code and outputs are the
        # English one's; on this kernel: one kernel start less, the same
        # info): unmodified, its figures shown, the tabs told apart, and
        # saving keeps its bytes
        zh, zh_tree = ROOT / 'notebooks' / 'zh' / path.name, 'zh/' + path.name
        zh_before, english_id = zh.read_bytes(), page.evaluate(WIDGET_ID_JS)
        zh_id = open_in_lab(page, zh_tree, page.evaluate(KERNEL_ID_JS))
        assert_untouched(page, zh_tree)
        rendered = wait_for_figures(page, figures)
        assert rendered == {'svg': figures, 'drawn': figures, 'figureText': 0}, rendered
        english_tab = show_tab(page, english_id, tree)
        assert page.evaluate(HEADING_JS).startswith(title(path))
        zh_tab = show_tab(page, zh_id, zh_tree)
        assert page.evaluate(HEADING_JS).startswith(title(zh))
        page.screenshot(path=shot(zh, 'tabs'))
        assert english_tab['text'] == path.name
        assert zh_tab['text'] != english_tab['text'], (english_tab, zh_tab)
        assert zh_tab['text'].endswith(path.name), zh_tab
        save(page)
        assert zh.read_bytes() == zh_before, 'saving changed %s' % zh_tree
        close_without_question(page)
        close_without_question(page)
    finally:
        stop_kernels_and_close(page)
        if path.read_bytes() != before:  # the edit of step 4
            path.write_bytes(before)


def test_git_status_is_clean_after_all_notebooks_ran_and_were_saved(git_before):
    assert git_status() == git_before


def test_html_pages_load_nothing_from_another_host(browser, tmp_path):
    """make html's pages of both editions, opened from disk, ask the network
    for nothing but their own file (what each page holds, its figures, math
    and links: tests/test_html.py)."""
    from tools.build_html import build_site

    pages = build_site(tmp_path / 'html')
    page = browser.new_page(viewport={'width': 1280, 'height': 1000})
    requests = []
    page.on('request', lambda request: requests.append(request.url))
    try:
        for path in pages:
            page.goto(path.as_uri())
            page.wait_for_load_state('load')
            page.screenshot(path=shot(path, 'html'))
    finally:
        page.close()
    assert [u for u in requests if not u.startswith(('file://', 'data:'))] == []
    assert {u for u in requests if u.endswith('.html')} == {p.as_uri() for p in pages}
