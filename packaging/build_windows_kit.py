"""Assemble, on any machine with Python and pip (Linux included), the offline Windows kit of 述职助手:
a folder to copy to a Windows 10/11 x64 PC without network that has (or gets) CPython 3.11.

    python packaging/build_windows_kit.py [--out DIR] [--python-version 3.11]

The kit (default dist/Shuzhi-<version>-windows-kit/, not tracked by git):

    wheels/              the app's own wheel and the win_amd64 wheels of all its dependencies
    requirements.txt     every wheel pinned with its sha256 (pip --require-hashes: a damaged copy fails)
    install.bat          makes a venv from the installed Python, installs with --no-index, shortcuts
    make_shortcut.ps1    desktop / start-menu shortcut (called by install.bat)
    uninstall.bat        removes the program (drafts in %APPDATA%\\Shuzhi stay)
    shuzhi.ico, README.txt (Chinese), LICENSE.txt, 校验结果.txt (the checks below)

Checks run here and printed (exit status 1 if one fails): every wheel's tags fit CPython 3.11 on
win_amd64, and pip resolves `shuzhi` for win_amd64 from the kit alone (`pip install --dry-run
--platform win_amd64 --only-binary=:all: --no-index --find-links wheels`, no pip configuration),
using every wheel of the kit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
PLATFORM = "win_amd64"
NO_DIST = re.compile(r"No matching distribution found for (\S+)")


def project_version() -> str:
    text = (ROOT / "core" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


def pip(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise RuntimeError(f"pip 失败：{' '.join(args)}\n{_pip_errors(proc)}")
    return proc


def _pip_errors(proc: subprocess.CompletedProcess) -> str:
    lines = (proc.stdout + proc.stderr).splitlines()
    return "\n".join(line for line in lines if not line.startswith("WARNING: Location")) or "(无输出)"


def isolated_env() -> dict:
    """pip with no configuration files and no index or find-links from the environment: the
    kit must resolve on its own, as on the office PC."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


# ---- wheel tags -------------------------------------------------------------------------------

def wheel_tags(filename: str) -> tuple[str, str, str, str]:
    """(name, python tag, abi tag, platform tag) of a wheel file name."""
    parts = filename[:-len(".whl")].split("-")
    if not filename.endswith(".whl") or len(parts) not in (5, 6):
        raise ValueError(f"不是 wheel 文件名：{filename}")
    return parts[0], parts[-3], parts[-2], parts[-1]


def windows_tags(python_version: str = "3.11") -> set[tuple[str, str, str]]:
    """The (python, abi, platform) tags pip accepts on CPython `python_version`, Windows x64."""
    major, minor = (int(x) for x in python_version.split(".")[:2])
    tags = {(f"cp{major}{minor}", f"cp{major}{minor}", PLATFORM)}
    for k in range(minor + 1):
        tags.add((f"cp{major}{k}", "abi3", PLATFORM))
        for plat in (PLATFORM, "any"):
            tags |= {(f"cp{major}{k}", "none", plat), (f"py{major}{k}", "none", plat)}
    tags |= {(f"py{major}", "none", PLATFORM), (f"py{major}", "none", "any")}
    return tags


def fits_windows(filename: str, python_version: str = "3.11") -> bool:
    """True if pip on CPython `python_version`, Windows x64, can install this wheel."""
    _name, pys, abis, plats = wheel_tags(filename)
    offered = {(py, abi, plat) for py in pys.split(".") for abi in abis.split(".") for plat in plats.split(".")}
    return bool(offered & windows_tags(python_version))


# ---- building ---------------------------------------------------------------------------------

def source_copy(dest: Path) -> Path:
    """The project's tracked files (as in a fresh clone, with local edits) in a scratch folder, so
    building the wheel leaves no build/ or egg-info in the source tree."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True)
        files = [f for f in out.stdout.decode("utf-8").split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not any(part.startswith((".", "build", "dist")) for part in p.relative_to(ROOT).parts)]
    for rel in files:
        src = ROOT / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def collect_wheels(wheels: Path, python_version: str, log) -> None:
    """The app's wheel, then the win_amd64 wheels of its dependencies.  A dependency published
    only as source (jieba) is built here into a pure-Python wheel, which any platform installs."""
    with tempfile.TemporaryDirectory(prefix="shuzhi-kit-src-") as tmp:
        src = source_copy(Path(tmp) / "shuzhi")
        pip("wheel", "--no-deps", "-q", "-w", str(wheels), str(src))
    log(f"  本程序的 wheel：{', '.join(p.name for p in wheels.glob('shuzhi-*.whl'))}")
    download = ["download", "-q", "--only-binary=:all:", "--platform", PLATFORM,
                "--python-version", python_version, "--implementation", "cp",
                "--abi", "cp" + python_version.replace(".", ""), "--abi", "abi3", "--abi", "none",
                "-d", str(wheels), "--find-links", str(wheels), "shuzhi"]
    built: set[str] = set()
    for _attempt in range(6):
        proc = pip(*download, check=False)
        if proc.returncode == 0:
            return
        missing = NO_DIST.search(proc.stdout + proc.stderr)
        if not missing or missing.group(1) in built:
            raise RuntimeError(f"下载 Windows 版依赖失败：\n{_pip_errors(proc)}")
        req = missing.group(1)
        built.add(req)
        before = set(wheels.glob("*.whl"))
        pip("wheel", "--no-deps", "-q", "-w", str(wheels), req)
        new = sorted(set(wheels.glob("*.whl")) - before)
        if not new or not all(p.name.endswith("-none-any.whl") for p in new):
            raise RuntimeError(f"{req} 在 PyPI 上没有 Windows 版 wheel，且不是纯 Python 包，无法离线安装")
        log(f"  {req} 只有源码包：已在本机编译为纯 Python wheel {', '.join(p.name for p in new)}")
    raise RuntimeError("下载 Windows 版依赖失败：重试次数过多")


def resolve_report(wheels: Path, python_version: str, report: Path) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="shuzhi-kit-target-") as target:
        return pip("install", "--dry-run", "--ignore-installed", "--no-index", "--find-links", str(wheels),
                   "--only-binary=:all:", "--platform", PLATFORM, "--python-version", python_version,
                   "--implementation", "cp", "--target", target, "--report", str(report), "shuzhi",
                   env=isolated_env(), check=False)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---- checks -----------------------------------------------------------------------------------

def check_kit(kit: Path, python_version: str) -> tuple[bool, list[str], list[tuple[str, str]]]:
    """(all passed, printable lines, resolved (name, version) pairs)."""
    wheels = kit / "wheels"
    lines: list[str] = []
    ok = True
    files = sorted(p.name for p in wheels.glob("*.whl"))
    lines.append(f"wheels/ 中共 {len(files)} 个 wheel（目标：Windows x64，CPython {python_version}）：")
    for name in files:
        fits = fits_windows(name, python_version)
        ok &= fits
        size = (wheels / name).stat().st_size / 1e6
        lines.append(f"  {'OK ' if fits else '不适用'} {name}  {size:.1f} MB")
    with tempfile.TemporaryDirectory(prefix="shuzhi-kit-report-") as tmp:
        report_path = Path(tmp) / "report.json"
        proc = resolve_report(wheels, python_version, report_path)
        cmd = (f"pip install --dry-run --no-index --find-links wheels --only-binary=:all: --platform {PLATFORM} "
               f"--python-version {python_version} --implementation cp --target <临时> shuzhi（不读 pip 配置）")
        lines.append(f"解析检查：{cmd}")
        resolved: list[tuple[str, str]] = []
        if proc.returncode != 0 or not report_path.is_file():
            ok = False
            lines.append("  失败：\n" + _pip_errors(proc))
            return ok, lines, resolved
        report = json.loads(report_path.read_text(encoding="utf-8"))
    used = set()
    for item in report.get("install", []):
        meta = item["metadata"]
        url = item["download_info"]["url"]
        fname = url.rsplit("/", 1)[-1]
        inside = url.startswith("file:") and (wheels / fname).is_file()
        ok &= inside
        used.add(fname)
        resolved.append((meta["name"], meta["version"]))
        lines.append(f"  {'OK ' if inside else '不在工具包中'} {meta['name']} {meta['version']}  ← {fname}")
    unused = sorted(set(files) - used)
    if unused:
        lines.append(f"  多余（未被用到）：{', '.join(unused)}")
    if not any(name.lower() == "shuzhi" for name, _v in resolved):
        ok = False
        lines.append("  失败：解析结果中没有 shuzhi")
    return ok, lines, resolved


def check_install_command(kit: Path, python_version: str) -> tuple[bool, list[str]]:
    """What install.bat runs (pinned, hash-checked, offline), as a dry run for win_amd64."""
    with tempfile.TemporaryDirectory(prefix="shuzhi-kit-target-") as target:
        proc = pip("install", "--dry-run", "--ignore-installed", "--no-index", "--find-links", str(kit / "wheels"),
                   "--require-hashes", "--only-binary=:all:", "-r", str(kit / "requirements.txt"),
                   "--platform", PLATFORM, "--python-version", python_version, "--implementation", "cp",
                   "--target", target, env=isolated_env(), check=False)
    lines = ["install.bat 的安装命令（--require-hashes -r requirements.txt），按 win_amd64 试运行："]
    would = [line for line in proc.stdout.splitlines() if line.startswith("Would install")]
    if proc.returncode == 0 and would:
        lines.append("  OK  " + would[-1])
        return True, lines
    lines.append("  失败：\n" + _pip_errors(proc))
    return False, lines


# ---- the kit's files --------------------------------------------------------------------------

def write_text(path: Path, text: str, encoding: str) -> None:
    """Windows text file: CRLF line ends; install.bat in GBK (cmd on Chinese Windows reads code
    page 936), PowerShell and README in UTF-8 with BOM (PowerShell 5.1 needs the BOM)."""
    data = text.replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(data.encode(encoding))


def write_kit_files(kit: Path, python_version: str, version: str, resolved: list[tuple[str, str]]) -> None:
    templates = PACKAGING / "windows_kit"
    short = python_version.replace(".", "")
    subst = {"{{PYVER}}": python_version, "{{PYSHORT}}": short, "{{VERSION}}": version,
             "{{PYVER_TUPLE}}": python_version.replace(".", ", ")}

    def fill(name: str) -> str:
        text = (templates / name).read_text(encoding="utf-8")
        for key, value in subst.items():
            text = text.replace(key, value)
        return text

    write_text(kit / "install.bat", fill("install.bat"), "gbk")
    write_text(kit / "uninstall.bat", fill("uninstall.bat"), "gbk")
    write_text(kit / "make_shortcut.ps1", fill("make_shortcut.ps1"), "utf-8-sig")
    listing = "\n".join(f"    {name} {ver}" for name, ver in sorted(resolved, key=lambda nv: nv[0].lower()))
    write_text(kit / "README.txt", fill("README.txt").replace("{{WHEELS}}", listing), "utf-8-sig")
    shutil.copy2(PACKAGING / "shuzhi.ico", kit / "shuzhi.ico")
    shutil.copy2(ROOT / "LICENSE", kit / "LICENSE.txt")
    # Every wheel pinned by hash: a file damaged on the USB stick makes pip stop with a clear error.
    wheels = sorted((kit / "wheels").glob("*.whl"))
    by_name = {wheel_tags(p.name)[0].lower().replace("_", "-"): p for p in wheels}
    # ASCII only: pip reads this file in the PC's locale encoding (GBK on Chinese Windows).
    reqs = ["# Written by packaging/build_windows_kit.py: every wheel of the kit, pinned by sha256."]
    for name, ver in sorted(resolved, key=lambda nv: nv[0].lower()):
        wheel = by_name[name.lower().replace("_", "-")]
        reqs.append(f"{name}=={ver} --hash=sha256:{sha256(wheel)}")
    write_text(kit / "requirements.txt", "\n".join(reqs) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(encoding="utf-8")
    version = project_version()
    p = argparse.ArgumentParser(description="在本机生成 Windows 10/11 x64 离线安装工具包（不需要 Windows）")
    p.add_argument("--out", type=Path, default=ROOT / "dist" / f"Shuzhi-{version}-windows-kit",
                   help="输出文件夹（已存在时先清空）")
    p.add_argument("--python-version", default="3.11", help="办公电脑上的 Python 版本（默认 3.11）")
    args = p.parse_args(argv)
    if not re.fullmatch(r"3\.\d+", args.python_version):
        print(f"--python-version 应为 3.11 这样的形式，而不是“{args.python_version}”", file=sys.stderr)
        return 2
    kit = args.out.resolve()
    if kit == ROOT or ROOT in kit.parents and not any(part in ("dist", "build") for part in kit.relative_to(ROOT).parts):
        print(f"输出文件夹不能放在源码中（dist/ 和 build/ 除外）：{kit}", file=sys.stderr)
        return 2
    if kit.exists():
        shutil.rmtree(kit)
    (kit / "wheels").mkdir(parents=True)
    print(f"生成 Windows 离线工具包：{kit}")
    try:
        collect_wheels(kit / "wheels", args.python_version, print)
        ok, lines, resolved = check_kit(kit, args.python_version)
        if resolved:
            write_kit_files(kit, args.python_version, version, resolved)
            ok_install, more = check_install_command(kit, args.python_version)
            ok &= ok_install
            lines += more
        lines.append("检查结果：" + ("全部通过，每个 wheel 都能在 Windows x64 + Python "
                                   f"{args.python_version} 上离线安装" if ok else "未通过"))
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    write_text(kit / "校验结果.txt", "\n".join(lines) + "\n", "utf-8-sig")
    print("\n".join(lines))
    total = sum(f.stat().st_size for f in kit.rglob("*") if f.is_file()) / 1e6
    print(f"工具包共 {total:.0f} MB：把整个文件夹拷到办公电脑，双击 install.bat（说明见 README.txt）")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
