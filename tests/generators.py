"""The real static site generators, for tests that build a site and check its HTML.

Jekyll and Hugo are Debian's (``apt-get install jekyll hugo``); Hexo 7 is the npm install that
``.ci/run`` makes with ``npm ci`` from ``tests/fixtures/sites/hexo-runtime/`` into
``$HEXO_RUNTIME_DIR`` (default ``${XDG_CACHE_HOME:-~/.cache}/translate-tests/hexo``); a test never runs
npm. Without a generator, the fixture named after it skips its test with a one-line reason.

Builds are offline and leave nothing outside the site folder: Jekyll without a Gemfile, its disk cache
off; Hugo with its cache and build lock in a scratch folder; Hexo through the runtime's
``node_modules``, linked into the site. A build that fails, or that warns (Jekyll's "Conflict: …
shared by multiple files", Hugo's WARN, a Hexo warning), raises ``BuildError`` with the generator's
output. What the generators do with an English edition (URLs, ``post_url``, ``ref``, ``post_link``,
heading ids) was found by experiment and is written down in ``tests/fixtures/sites/README.md``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

SITES_DIR = Path(__file__).parent / "fixtures" / "sites"
"""The test sites, one folder per generator, and the Hexo runtime's package files."""

HEXO_RUNTIME_VARIABLE = "HEXO_RUNTIME_DIR"
"""Where the Hexo runtime is installed, when not in the default folder (not ``TRANSLATE_*``: the tests clear those)."""

BUILD_TIMEOUT = 120
"""Seconds a build may take; the test sites take well under one."""

HEXO_DRIVER = r"""
const path = require('path');
const util = require('util');
const [runtime, site, output] = process.argv.slice(1);
const Hexo = require(path.join(runtime, 'node_modules', 'hexo'));
const hexo = new Hexo(site, {silent: true});
hexo.env.init = true;  // what hexo-cli sets for a folder holding a site
const show = args => util.format(...args.map(a => (a && a.err) ? (a.err.stack || String(a.err)) : a));
let failed = false;
for (const level of ['warn', 'error', 'fatal']) {
  hexo.log[level] = (...args) => {
    failed = failed || level !== 'warn';
    console.error(`${level.toUpperCase()} ${show(args)}`);
  };
}
hexo.init()
  .then(() => { hexo.public_dir = output + path.sep; return hexo.call('generate', {}); })
  .then(() => hexo.exit())
  .then(() => { if (failed) process.exitCode = 1; })
  .catch(err => { console.error(err && err.stack || String(err)); process.exitCode = 1; return hexo.exit(err); });
"""
"""Builds the Hexo site ``argv[2]`` into ``argv[3]`` with the Hexo 7 installed in ``argv[1]``.

It does what ``hexo generate`` does (plugins from the site's package.json, found in its node_modules),
with every warning and error written to stderr and any error making the exit status 1: a missing
``post_link`` target is an error, a plugin that fails to load is only logged by Hexo itself.
"""

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class BuildError(Exception):
    """A generator failed to build a site, or warned while building it."""


def hexo_runtime() -> Path:
    """The folder holding the Hexo runtime's ``node_modules``."""
    if os.environ.get(HEXO_RUNTIME_VARIABLE):
        return Path(os.environ[HEXO_RUNTIME_VARIABLE])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "translate-tests" / "hexo"


def _jekyll_command(program: str, site: Path, public: Path, scratch: Path) -> list[str]:
    return [program, "build", "-s", str(site), "-d", str(public), "--disable-disk-cache"]


def _hugo_command(program: str, site: Path, public: Path, scratch: Path) -> list[str]:
    return [program, "-s", str(site), "-d", str(public), "--noBuildLock", "--cacheDir", str(scratch)]


def _hexo_command(program: str, site: Path, public: Path, scratch: Path) -> list[str]:
    return [program, "--no-warnings", "-e", HEXO_DRIVER, str(hexo_runtime()), str(site), str(public)]


def _hexo_missing() -> str | None:
    runtime = hexo_runtime()
    if not (runtime / "node_modules" / "hexo" / "package.json").is_file():
        return (f"hexo not installed: no {runtime}/node_modules/hexo "
                f"(npm ci --prefix it from tests/fixtures/sites/hexo-runtime, as .ci/run does)")
    return None


def _hexo_prepare(site: Path) -> None:
    """Give the site the runtime's plugins, as ``npm install`` in the site would, and a fresh database."""
    modules = site / "node_modules"
    if not modules.exists():
        modules.symlink_to(hexo_runtime() / "node_modules", target_is_directory=True)
    if not (site / "package.json").exists():
        shutil.copyfile(hexo_runtime() / "package.json", site / "package.json")
    (site / "db.json").unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Generator:
    """A static site generator the tests can run."""

    kind: str
    """``jekyll``, ``hugo`` or ``hexo``."""
    program: str
    """The executable looked up on PATH."""
    install: str
    """How to install the program, for the reason a test is skipped."""
    output: str
    """The folder inside the site that a build writes (the generator's own default)."""
    command: Callable[[str, Path, Path, Path], list[str]]
    """The build's command line, given the program's path, the site, the output folder and a scratch folder."""
    environment: tuple[tuple[str, str], ...] = ()
    """Variables set for the build."""
    also_missing: Callable[[], str | None] | None = None
    """Says what else is missing once the program is found, if anything."""
    prepare: Callable[[Path], None] | None = None
    """Readies the site folder before each build."""

    def missing(self) -> str | None:
        """Why this generator cannot run here, in one line; None when it can."""
        if shutil.which(self.program) is None:
            return f"{self.kind} not installed: no {self.program} on PATH ({self.install}, as .ci/run does)"
        return self.also_missing() if self.also_missing else None

    def build(self, site: Path, *, allow_warnings: bool = False) -> Path:
        """Build ``site`` into its output folder (emptied first) and return that folder."""
        program = shutil.which(self.program)
        if program is None:
            raise BuildError(self.missing())
        if self.prepare:
            self.prepare(site)
        public = site / self.output
        shutil.rmtree(public, ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix=f"{self.kind}-scratch-") as scratch:
            command = self.command(program, site, public, Path(scratch))
            done = subprocess.run(command, cwd=site, env={**os.environ, **dict(self.environment)}, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=BUILD_TIMEOUT)
        errors = ANSI_ESCAPE.sub("", done.stderr).strip()
        if done.returncode != 0 or (errors and not allow_warnings):
            what = "failed" if done.returncode != 0 else "warned"
            output = ANSI_ESCAPE.sub("", done.stdout).strip()
            raise BuildError(f"{self.kind} {what} building {site} (exit status {done.returncode}):\n{errors}"
                             + (f"\n--- stdout ---\n{output}" if output and done.returncode != 0 else ""))
        return public


GENERATORS = {
    "jekyll": Generator("jekyll", "jekyll", "apt-get install jekyll", "_site", _jekyll_command,
                        environment=(("JEKYLL_NO_BUNDLER_REQUIRE", "true"), ("LC_ALL", "C.UTF-8"))),
    "hugo": Generator("hugo", "hugo", "apt-get install hugo", "public", _hugo_command),
    "hexo": Generator("hexo", "node", "apt-get install nodejs npm", "public", _hexo_command,
                      also_missing=_hexo_missing, prepare=_hexo_prepare),
}
"""The generators by kind."""


def build(kind: str, site: Path, *, allow_warnings: bool = False) -> Path:
    """Build the ``kind`` site folder ``site`` into its output folder and return that folder."""
    return GENERATORS[kind].build(site, allow_warnings=allow_warnings)


def copy_site(kind: str, folder: Path) -> Path:
    """A copy of the test site ``tests/fixtures/sites/<kind>`` in ``folder``, to build or change."""
    return Path(shutil.copytree(SITES_DIR / kind, folder / kind, symlinks=True))


def available(kind: str) -> Generator:
    """The generator ``kind``, or skip the test with the reason it is missing."""
    generator = GENERATORS[kind]
    reason = generator.missing()
    if reason:
        pytest.skip(reason)
    return generator


@pytest.fixture
def jekyll() -> Generator:
    """Debian's Jekyll; the test is skipped without it."""
    return available("jekyll")


@pytest.fixture
def hugo() -> Generator:
    """Debian's Hugo; the test is skipped without it."""
    return available("hugo")


@pytest.fixture
def hexo() -> Generator:
    """Hexo 7 from the runtime folder, run by node; the test is skipped without them."""
    return available("hexo")
