"""The Linux desktop entry and AppStream metainfo: valid (desktop-file-validate, appstreamcli)
and consistent with the app (one application id, the package's version and licence)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.paths import APP_ID
from tests.packaging.buildscript import ROOT, build

PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def pyproject_value(key: str) -> str:
    found = re.search(rf'^{key} = (?:\{{ text = )?"([^"]+)"', PYPROJECT, re.MULTILINE)
    assert found is not None, key
    return found.group(1)


@pytest.fixture(scope="module")
def validators() -> None:
    """The validators, installed by the build step's helper when missing (apt-get, as root).
    Missing in CI is a failure, elsewhere a skip."""
    missing = build.ensure_validators()
    if missing:
        message = f"not installed: {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def desktop_entry(path: Path = build.DESKTOP_FILE) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


@pytest.mark.slow
@pytest.mark.usefixtures("validators")
def test_the_validators_pass() -> None:
    for command in build.validate_commands():
        done = run(command)
        output = (done.stdout + done.stderr).strip()
        print(" ".join(command[:2]), "->", output or "(nothing)")
        assert done.returncode == 0, output
        # Errors and warnings fail; AppStream's infos (e.g. a tag newer than this appstream
        # knows) do not.
        assert not re.search(r"^[EW]: ", output, re.MULTILINE), output


@pytest.mark.slow
@pytest.mark.usefixtures("validators")
def test_the_validators_do_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / build.DESKTOP_FILE.name
    text = build.DESKTOP_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("Type=Application\n", ""), encoding="utf-8")
    assert run(["desktop-file-validate", str(broken)]).returncode != 0
    meta = tmp_path / build.METAINFO_FILE.name
    text = build.METAINFO_FILE.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"<summary>.*?</summary>", "", text), encoding="utf-8")
    assert run(["appstreamcli", "validate", "--no-net", str(meta)]).returncode != 0


def test_one_application_id() -> None:
    assert build.APP_ID == APP_ID == "org.annotator.Annotator"
    assert build.DESKTOP_FILE.name == f"{APP_ID}.desktop"
    assert build.METAINFO_FILE.name == f"{APP_ID}.metainfo.xml"
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "annotator"
    assert entry["Categories"] == "Office;Education;Science;"
    svg = ROOT / "resources" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.is_file()


def test_the_metainfo_matches_the_package() -> None:
    root = ET.parse(build.METAINFO_FILE).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == build.DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "annotator"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == pyproject_value("license") == "MIT"
    assert root.findtext("name") == desktop_entry()["Name"] == "Annotator"
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == pyproject_value("version")
    assert root.find("content_rating") is not None
    for image in root.iter("image"):
        name = (image.text or "").rsplit("/", 1)[-1]
        assert (ROOT / "docs" / "images" / name).is_file(), name


def test_make_package_and_make_test_have_what_they_need() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    package = re.search(r"^package:.*\n\t(.+)$", makefile, re.MULTILINE)
    assert package is not None and "packaging/build.py" in package.group(1)
    extras = {  # stamp -> the extras its recipe installs
        m.group(1): m.group(2).split(",")
        for m in re.finditer(
            r"^\$\((\w+)\):.*\n(?:\t.*\n)*?\t.*pip install .*-e '\.\[([a-z,]+)\]'",
            makefile,
            re.MULTILINE,
        )
    }
    assert "package" in extras["STAMP"] and "test" in extras["STAMP"]
    assert re.search(r"^package: \$\(STAMP\)", makefile, re.MULTILINE)
    assert re.search(r"^test: \$\(STAMP\)", makefile, re.MULTILINE)
    assert re.search(r'^package = \["pyinstaller', PYPROJECT, re.MULTILINE)


def test_make_run_installs_only_what_the_app_needs_after_a_display_check() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_target = re.search(r"^run: (.*)$", makefile, re.MULTILINE)
    assert run_target is not None
    prerequisites = run_target.group(1).split()
    assert prerequisites[0] == "display" and "$(RUN_STAMP)" in prerequisites
    assert "$(STAMP)" not in prerequisites  # not the test, packaging and consumer extras
    recipe = re.search(r"^\$\(RUN_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe is not None
    assert re.findall(r"-e '\.\[([a-z,]+)\]'", recipe.group(1)) == ["postgres"]


def test_install_for_one_user(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    folder = dist / build.NAME
    folder.mkdir(parents=True)
    exe = build.executable(dist)
    exe.write_text("#!/bin/sh\necho annotator 0.1.0\n")
    exe.chmod(0o755)
    prefix = tmp_path / "local"
    with pytest.raises(SystemExit):  # an unfinished build is not installed
        build.install(prefix, dist)
    (folder / build.FINGERPRINT_FILE).write_text("f" * 64 + "\n")
    entry_file = build.install(prefix, dist)
    build.install(prefix, dist)  # again, over the first: replaced
    installed = prefix / "opt" / build.NAME / build.NAME
    assert run([str(prefix / "bin" / "annotator")]).stdout.strip() == "annotator 0.1.0"
    entry = desktop_entry(entry_file)
    assert entry["Exec"] == f"{installed} gui"
    assert entry["TryExec"] == str(installed)
    assert entry["Icon"] == APP_ID
    icon = prefix / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png"
    assert icon.is_file()
    assert (prefix / "share" / "metainfo" / build.METAINFO_FILE.name).is_file()
    if shutil.which("desktop-file-validate"):
        assert run(["desktop-file-validate", str(entry_file)]).returncode == 0
