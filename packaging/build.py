"""Build the self-contained app folder ``dist/annotator/`` with PyInstaller (``make package``).

Steps: compile the Qt translations (``python -m annotator.i18n compile``), validate the Linux
desktop entry and AppStream metainfo (``desktop-file-validate``, ``appstreamcli validate``;
installed with apt-get when missing and running as root), run PyInstaller on
``packaging/annotator.spec``, check that the built ``annotator --version`` runs, and record
the fingerprint of the sources it was built from in ``dist/annotator/BUILD-SOURCE`` (written
last, so a folder without it is an unfinished build). ``--if-stale`` skips the build when
that fingerprint matches the sources now (the bundle test uses it).

Run with the project's Python (``.venv/bin/python packaging/build.py``): PyInstaller freezes
the environment it runs in. This file is imported by the tests, so it has no side effects at
import time.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "annotator.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "annotator"
FINGERPRINT_FILE = "BUILD-SOURCE"
APP_ID = "org.annotator.Annotator"  # annotator.paths.APP_ID; a test checks they agree
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO_FILE = PACKAGING / f"{APP_ID}.metainfo.xml"

# What the bundle is made from: a change to any of these makes a built folder stale.
SOURCE_GLOBS = (
    "annotator/**/*.py",
    "resources/**/*",
    "seeds/**/*",
    "packaging/entry.py",
    "packaging/annotator.spec",
    "pyproject.toml",
)
# Debian packages of the validators, by the command each one provides.
VALIDATORS = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}
BUILD_TIMEOUT = 1200  # seconds


def log(message: str) -> None:
    print(f"[package] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- freshness
def source_files(root: Path = ROOT) -> list[Path]:
    found: set[Path] = set()
    for pattern in SOURCE_GLOBS:
        for path in root.glob(pattern):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(path)
    return sorted(found)


def fingerprint(root: Path = ROOT) -> str:
    """SHA-256 over the bundle's sources (paths and contents) and the freezing toolchain."""
    digest = hashlib.sha256()
    toolchain = [sys.version, platform.machine(), _version_of("PyInstaller")]
    toolchain += [_version_of("PySide6"), _version_of("pyqtgraph")]
    digest.update("\n".join(toolchain).encode())
    for path in source_files(root):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version_of(module: str) -> str:
    from importlib import metadata

    names = {"PySide6": "PySide6-Essentials", "PyInstaller": "pyinstaller"}
    try:
        return metadata.version(names.get(module, module))
    except metadata.PackageNotFoundError:
        return f"{module}: none"


def bundle_dir(dist: Path = DIST) -> Path:
    return dist / NAME


def executable(dist: Path = DIST) -> Path:
    return bundle_dir(dist) / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def built_fingerprint(dist: Path = DIST) -> str | None:
    """The fingerprint a finished build recorded, or None (no build, or an unfinished one)."""
    try:
        return (bundle_dir(dist) / FINGERPRINT_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return None


def is_fresh(dist: Path = DIST) -> bool:
    return executable(dist).is_file() and built_fingerprint(dist) == fingerprint()


# ---------------------------------------------------------------- steps
def compile_translations() -> None:
    """``python -m annotator.i18n compile`` when the project has translations."""
    if importlib.util.find_spec("annotator.i18n") is None:
        log("no annotator.i18n module: no translations to compile")
        return
    if not any((ROOT / "resources" / "i18n").glob("*.ts")):
        log("no resources/i18n/*.ts: no translations to compile")
        return
    done = subprocess.run(
        [sys.executable, "-m", "annotator.i18n", "compile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"compiling the translations failed:\n{done.stdout}{done.stderr}")
    log(done.stdout.strip() or "translations compiled")


def missing_validators() -> list[str]:
    return [command for command in VALIDATORS if shutil.which(command) is None]


def ensure_validators() -> list[str]:
    """Install the validators' Debian packages when missing and we are root with apt-get;
    return the commands still missing."""
    missing = missing_validators()
    can_install = shutil.which("apt-get") is not None and getattr(os, "geteuid", lambda: 1)() == 0
    if missing and can_install:
        packages = sorted({VALIDATORS[command] for command in missing})
        log(f"installing {' '.join(packages)} (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        apt = ["apt-get", "-q", "-y", "-o", "Dpkg::Use-Pty=0"]
        subprocess.run(["apt-get", "-q", "update"], env=env, capture_output=True, check=False)
        done = subprocess.run(
            [*apt, "install", "--no-install-recommends", *packages],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            log(f"apt-get install failed: {done.stderr.strip()[-2000:]}")
        missing = missing_validators()
    return missing


def validate_commands() -> list[list[str]]:
    return [
        ["desktop-file-validate", str(DESKTOP_FILE)],
        ["appstreamcli", "validate", "--no-net", "--explain", str(METAINFO_FILE)],
    ]


def validate(*, strict: bool) -> None:
    """Run both validators; a finding fails the build. Missing tools fail only if ``strict``."""
    missing = ensure_validators()
    if missing:
        message = f"not installed: {', '.join(missing)} (Debian: {_packages(missing)})"
        if strict:
            raise SystemExit(f"cannot validate the desktop files: {message}")
        log(f"skipping validation of the desktop files, {message}")
    for command in validate_commands():
        if command[0] in missing:
            continue
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{output}")
        log(f"{command[0]}: ok{': ' + output if output else ''}")


def _packages(commands: Iterable[str]) -> str:
    return " ".join(sorted({VALIDATORS[c] for c in commands}))


def freeze(dist: Path = DIST, work: Path = WORK) -> None:
    """PyInstaller on the spec, into ``dist/annotator``."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise SystemExit(
            "PyInstaller is not installed: pip install -e '.[package]' (make test installs it)"
        )
    target = bundle_dir(dist)
    (target / FINGERPRINT_FILE).unlink(missing_ok=True)  # unfinished until written again
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    done = subprocess.run(command, cwd=ROOT, timeout=BUILD_TIMEOUT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"PyInstaller failed ({done.returncode})")


def smoke_test(dist: Path = DIST) -> str:
    """Run the built ``annotator --version``; return what it printed."""
    done = subprocess.run(
        [str(executable(dist)), "--version"], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise SystemExit(f"the built annotator --version failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(*, dist: Path = DIST, if_stale: bool = False, check: bool = True) -> Path:
    started = time.monotonic()
    compile_translations()
    if if_stale and is_fresh(dist):
        log(f"{bundle_dir(dist)} is current (fingerprint {fingerprint()[:12]}): not rebuilt")
        return bundle_dir(dist)
    if check:
        validate(strict=bool(os.environ.get("CI")))
    print_ = fingerprint()  # before freezing: a source edited meanwhile makes the build stale
    freeze(dist)
    version = smoke_test(dist)
    (bundle_dir(dist) / FINGERPRINT_FILE).write_text(print_ + "\n", encoding="ascii")
    size = folder_size(bundle_dir(dist))
    log(
        f"built {bundle_dir(dist)} ({version}) in {time.monotonic() - started:.0f} s, "
        f"{size / 2**20:.0f} MiB"
    )
    return bundle_dir(dist)


# ---------------------------------------------------------------- desktop install (Linux)
def install(prefix: Path, dist: Path = DIST) -> Path:
    """Install the built folder for one user (or a prefix): the folder under
    ``PREFIX/opt/annotator``, the command as ``PREFIX/bin/annotator``, the desktop entry (its
    Exec pointing at the installed executable), the metainfo and the hicolor icons under
    ``PREFIX/share``. Returns the installed desktop entry."""
    source = bundle_dir(dist)
    if built_fingerprint(dist) is None:
        raise SystemExit(f"no finished build in {source}: run make package first")
    target = prefix / "opt" / NAME
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    command = prefix / "bin" / NAME
    command.parent.mkdir(parents=True, exist_ok=True)
    command.unlink(missing_ok=True)
    command.symlink_to(target / NAME)
    share = prefix / "share"
    entry = share / "applications" / DESKTOP_FILE.name
    entry.parent.mkdir(parents=True, exist_ok=True)
    text = DESKTOP_FILE.read_text(encoding="utf-8")
    text = text.replace("\nExec=annotator ", f"\nExec={target / NAME} ")
    text = text.replace("\nTryExec=annotator\n", f"\nTryExec={target / NAME}\n")
    entry.write_text(text, encoding="utf-8")
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(METAINFO_FILE, share / "metainfo" / METAINFO_FILE.name)
    shutil.copytree(
        ROOT / "resources" / "icons" / "hicolor", share / "icons" / "hicolor", dirs_exist_ok=True
    )
    for tool in (
        ["update-desktop-database", str(entry.parent)],
        ["gtk-update-icon-cache", "-q", "-t", str(share / "icons" / "hicolor")],
    ):
        if shutil.which(tool[0]):
            subprocess.run(tool, capture_output=True, check=False)
    log(f"installed {target}, {command} and {entry}")
    return entry


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (default dist/)")
    parser.add_argument(
        "--if-stale", action="store_true", help="skip when the folder is built from these sources"
    )
    parser.add_argument(
        "--no-check", action="store_true", help="do not validate the desktop and metainfo files"
    )
    parser.add_argument(
        "--install",
        metavar="PREFIX",
        type=Path,
        nargs="?",
        const=Path.home() / ".local",
        help="then install it with its desktop entry and icons under PREFIX (default ~/.local)",
    )
    args = parser.parse_args(argv)
    build(dist=args.dist.resolve(), if_stale=args.if_stale, check=not args.no_check)
    if args.install is not None:
        install(args.install.expanduser().resolve(), args.dist.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
