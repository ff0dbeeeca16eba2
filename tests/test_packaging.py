"""The wheel, installed into a fresh virtual environment, runs from its own files.

Nothing is downloaded: the wheel is built without build isolation (setuptools comes with the ``test``
extra) and installed with ``--no-deps --no-index``. The fresh environment finds the dependencies
installed for the tests through a ``.pth`` file that lists their folders after its own
site-packages, so the wheel's ``translate`` comes first; the ``.pth`` files in those folders (an
editable install of this repository, say) are not run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from fidelity import REPO_ROOT

from translate import __version__
from translate.source.post import toml_module

pytestmark = pytest.mark.xdist_group("wheel")  # one worker builds the wheel (a module fixture) for all of them

POST = "---\ntitle: 新年随笔\n---\n\n今年我在上海工作，后来搭建了一个服务。\n\n我常去浦东。\n"

_NOT_INHERITED = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV")
"""Variables that would point the fresh environment's Python at the source tree or another environment."""


@dataclass(frozen=True, slots=True)
class Installed:
    """A wheel of the project and the fresh virtual environment it is installed in."""

    wheel: Path
    """The built wheel."""
    prefix: Path
    """The virtual environment's folder."""

    def command(self, name: str) -> Path:
        """The path of the environment's script ``name`` (``python``, ``translate``)."""
        return self.prefix / ("Scripts" if sys.platform == "win32" else "bin") / name


def distribution_name() -> str:
    """The project's distribution name, from pyproject.toml."""
    data = toml_module().loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    name: str = data["project"]["name"]
    return name


def environment() -> dict[str, str]:
    """This test's environment (private cache, no key) without what would shadow the installed wheel."""
    return {name: value for name, value in os.environ.items() if name not in _NOT_INHERITED}


def ran(command: Sequence[str | Path], *, cwd: Path | None = None) -> str:
    """The output of ``command``, which must succeed."""
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=environment(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The project built into a wheel from a copy of its files, and installed into a fresh environment."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"  # a copy: the build's build/ and *.egg-info folders stay out of the work tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    shutil.copytree(REPO_ROOT / "translate", source / "translate", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    ran([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--no-cache-dir", "-w", work / "dist", source])
    [wheel] = (work / "dist").glob("*.whl")
    prefix = work / "venv"
    venv.create(prefix, with_pip=False, symlinks=sys.platform != "win32")
    result = Installed(wheel=wheel, prefix=prefix)
    python = result.command("python")
    ran([*pip, "--python", python, "install", "--no-deps", "--no-index", "--no-cache-dir", wheel])
    purelib = Path(ran([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).strip())
    folders = [entry for entry in sys.path if Path(entry).name in ("site-packages", "dist-packages")]
    (purelib / "_test_dependencies.pth").write_text("".join(f"{folder}\n" for folder in folders), encoding="utf-8")
    return result


def test_the_wheel_is_named_after_the_distribution_and_version(installed: Installed) -> None:
    name = re.sub(r"[-_.]+", "_", distribution_name())
    assert installed.wheel.name == f"{name}-{__version__}-py3-none-any.whl"


def test_the_wheel_holds_every_file_of_the_package(installed: Installed) -> None:
    packaged = set(zipfile.ZipFile(installed.wheel).namelist())
    files = {path.relative_to(REPO_ROOT).as_posix() for path in (REPO_ROOT / "translate").rglob("*")
             if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}
    assert files - packaged == set()
    assert "translate/py.typed" in packaged


def test_the_installed_package_runs_from_the_wheel_and_imports_no_heavy_module(installed: Installed) -> None:
    code = (
        "import importlib.metadata as metadata, json, sys, translate\n"
        "heavy = [m for m in ('jieba', 'openai', 'markdown_it') if m in sys.modules]\n"
        f"dist = metadata.distribution({distribution_name()!r})\n"
        "print(json.dumps({'file': translate.__file__, 'version': dist.version, 'dist': str(dist.locate_file('')),"
        " 'heavy': heavy}))\n"
    )
    found = json.loads(ran([installed.command("python"), "-c", code], cwd=installed.prefix))
    prefix = installed.prefix.resolve()
    assert Path(found["file"]).resolve().is_relative_to(prefix), found
    assert Path(found["dist"]).resolve().is_relative_to(prefix), found
    assert found["version"] == __version__
    assert found["heavy"] == []


@pytest.mark.parametrize("command", [["translate"], ["python", "-m", "translate"]], ids=["script", "module"])
def test_the_installed_command_prints_its_version(installed: Installed, command: list[str]) -> None:
    assert ran([installed.command(command[0]), *command[1:], "--version"]) == f"translate {__version__}\n"


def test_the_installed_command_sets_up_a_blog_and_plans_a_run(installed: Installed, tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("title: 博客\nurl: https://example.com\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    (blog / "_posts" / "2024-01-01-a.md").write_text(POST, encoding="utf-8")
    translate = installed.command("translate")
    ran([translate, "init", "--no-glossary"], cwd=blog)
    assert (blog / "translate.toml").is_file()
    report = json.loads(ran([translate, "run", "--dry-run", "--json"], cwd=blog))
    assert report["dry_run"] is True
    assert [(post["post"], post["written"]) for post in report["posts"]] == [("_posts/2024-01-01-a.md", False)]
    assert report["requests"] >= 1
    assert not (blog / "en").exists()
