# Build the one-folder bundle of Shuzhi (shuzhi zhushou) with PyInstaller on Windows (Linux: build_bundle.sh).
# ASCII only on purpose: Windows PowerShell 5.1 misreads a UTF-8 script without a BOM.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build_bundle.ps1 [-DistDir dist] [-WorkDir build\pyinstaller] [-Python python] [-Zip]
#
# DistDir receives Shuzhi\ with Shuzhi.exe (the window) and shuzhi-check.exe (command line);
# -Zip also writes DistDir\Shuzhi-<version>-windows-x64.zip.  The Python used needs the app's
# dependencies and PyInstaller:  python -m pip install . pyinstaller
[CmdletBinding()]
param(
    [string]$DistDir = "",
    [string]$WorkDir = "",
    [string]$Python = "python",
    [switch]$Zip
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
if (-not $DistDir) { $DistDir = Join-Path $Root "dist" }
if (-not $WorkDir) { $WorkDir = Join-Path $Root "build\pyinstaller" }
# Relative paths are taken from the current PowerShell location (not .NET's current directory).
$DistDir = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($DistDir)
$WorkDir = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($WorkDir)
if (Test-Path $Python) { $Python = (Resolve-Path $Python).Path }  # a relative path to python.exe
$env:PYTHONDONTWRITEBYTECODE = "1"

& $Python -c "import PyInstaller, PySide6, jieba, docx"
if ($LASTEXITCODE -ne 0) {
    throw "Missing build packages. Run first: $Python -m pip install . pyinstaller"
}

$started = Get-Date
Push-Location $Root
try {
    & $Python -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath $DistDir --workpath $WorkDir (Join-Path $Root "packaging\shuzhi.spec")
    if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed (exit code $LASTEXITCODE)" }
    $version = (& $Python (Join-Path $Root "packaging\version_info.py") --version).Trim()
} finally {
    Pop-Location
}

$Bundle = Join-Path $DistDir "Shuzhi"
foreach ($exe in "Shuzhi.exe", "shuzhi-check.exe") {
    if (-not (Test-Path (Join-Path $Bundle $exe))) { throw "The bundle has no $exe" }
}
# Text files for Notepad: UTF-8 with BOM and CRLF line ends.
$utf8Bom = New-Object System.Text.UTF8Encoding $true
foreach ($pair in @(@("LICENSE", "LICENSE.txt"), @("packaging\bundle_readme.txt", "README.txt"))) {
    $text = [IO.File]::ReadAllText((Join-Path $Root $pair[0]), [Text.Encoding]::UTF8)
    $text = $text -replace "`r?`n", "`r`n"
    [IO.File]::WriteAllText((Join-Path $Bundle $pair[1]), $text, $utf8Bom)
}

$bytes = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
$seconds = [int]((Get-Date) - $started).TotalSeconds
Write-Host ("Built {0} (version {1}, {2:N0} MB, {3} s)" -f $Bundle, $version, ($bytes / 1MB), $seconds)

if ($Zip) {
    $archive = Join-Path $DistDir "Shuzhi-$version-windows-x64.zip"
    if (Test-Path $archive) { Remove-Item $archive }
    Compress-Archive -Path $Bundle -DestinationPath $archive -CompressionLevel Optimal
    Write-Host ("Zipped {0} ({1:N0} MB)" -f $archive, ((Get-Item $archive).Length / 1MB))
}
