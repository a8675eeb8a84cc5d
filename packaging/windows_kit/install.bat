@echo off
rem 述职助手 {{VERSION}} 离线安装（Windows 10/11 64 位）。不联网、不需要管理员权限。
rem 用法：双击 install.bat；或在命令提示符中 install.bat [python.exe 的完整路径]
rem 本文件由 packaging/build_windows_kit.py 生成，编码为 GBK（中文 Windows 的命令提示符按 GBK 读取）。
setlocal EnableExtensions
cd /d "%~dp0"
set "KIT=%~dp0"
set "TARGET=%LOCALAPPDATA%\Programs\Shuzhi"
rem pip 只用本工具包：不读本机的 pip 配置，不访问任何网络地址。
set "PIP_CONFIG_FILE=NUL"
set "PIP_INDEX_URL="
set "PIP_EXTRA_INDEX_URL="
set "PIP_FIND_LINKS="
set "PIP_DISABLE_PIP_VERSION_CHECK=1"
set "PYTHONNOUSERSITE=1"

echo.
echo ==== 述职助手 {{VERSION}} 离线安装 ====
echo 安装位置：%TARGET%
echo 安装前请先关闭正在运行的述职助手。
echo.

set "PY=%~1"
if defined PY goto check_arg

rem 依次查找 Python {{PYVER}}（64 位）：py 启动器、默认安装位置、PATH 中的 python。
set "PY="
for /f "delims=" %%i in ('py -{{PYVER}}-64 -c "import sys;print(sys.executable)" 2^>nul') do set "PY=%%i"
if defined PY call :check_python && goto have_python
set "PY=%LOCALAPPDATA%\Programs\Python\Python{{PYSHORT}}\python.exe"
call :check_python && goto have_python
set "PY=%ProgramFiles%\Python{{PYSHORT}}\python.exe"
call :check_python && goto have_python
set "PY="
for /f "delims=" %%i in ('python -c "import sys;print(sys.executable)" 2^>nul') do set "PY=%%i"
if defined PY call :check_python && goto have_python

rem 没有找到：如果工具包里放了 Python 安装程序，就为当前用户静默安装。
set "INSTALLER="
for %%f in ("%KIT%python-{{PYVER}}.*-amd64.exe") do set "INSTALLER=%%~ff"
if not defined INSTALLER goto no_python
echo 未找到 Python {{PYVER}}，正在安装 %INSTALLER% （只为当前用户，约 1 分钟）……
start "" /wait "%INSTALLER%" /passive InstallAllUsers=0 Include_launcher=1 Include_test=0 Include_doc=0 Include_tcltk=0 PrependPath=0 Shortcuts=0
set "PY=%LOCALAPPDATA%\Programs\Python\Python{{PYSHORT}}\python.exe"
call :check_python && goto have_python
goto no_python

:check_arg
call :check_python && goto have_python
echo 错误：%PY% 不是 Python {{PYVER}}（64 位）。
goto fail

:have_python
echo 使用 Python：%PY%
if not exist "%KIT%wheels\" (
  echo 错误：找不到 wheels 文件夹。请把整个工具包文件夹复制过来，不要只复制 install.bat。
  goto fail
)

rem 每次安装都重建程序环境：其中只有程序文件，草稿和设置在 %APPDATA%\Shuzhi，不受影响。
if exist "%TARGET%\venv\" rmdir /s /q "%TARGET%\venv"
if not exist "%TARGET%\" mkdir "%TARGET%"
echo 正在建立程序环境……
"%PY%" -m venv "%TARGET%\venv"
if errorlevel 1 (
  echo 错误：无法在 %TARGET% 建立 Python 环境。
  goto fail
)
echo 正在安装述职助手及其依赖（离线，约 1 分钟）……
"%TARGET%\venv\Scripts\python.exe" -m pip install --no-index --find-links "%KIT%wheels" --require-hashes --only-binary=:all: -r "%KIT%requirements.txt"
if errorlevel 1 (
  echo 错误：安装失败。若提示 hash 不符，说明工具包在复制时损坏，请重新复制整个文件夹。
  goto fail
)
"%TARGET%\venv\Scripts\python.exe" -c "import core, ui.app, jieba, docx, PySide6.QtWidgets; print('shuzhi', core.__version__, 'PySide6', PySide6.__version__)"
if errorlevel 1 (
  echo 错误：安装后无法载入程序。请把上面的提示拍照发给信息化同事。
  goto fail
)

copy /y "%KIT%shuzhi.ico" "%TARGET%\shuzhi.ico" >nul
copy /y "%KIT%uninstall.bat" "%TARGET%\uninstall.bat" >nul
rem 备用的启动文件：快捷方式建不成时也能双击它启动。
> "%TARGET%\启动述职助手.bat" echo @start "" "%%~dp0venv\Scripts\shuzhi.exe" %%*

echo 正在创建桌面和开始菜单快捷方式……
powershell -NoProfile -ExecutionPolicy Bypass -File "%KIT%make_shortcut.ps1" -Target "%TARGET%\venv\Scripts\shuzhi.exe" -Icon "%TARGET%\shuzhi.ico" -WorkDir "%TARGET%"
if errorlevel 1 (
  echo 未能创建快捷方式（可能是本机策略禁止 PowerShell）。已把“启动述职助手.bat”复制到桌面，双击它即可启动。
  copy /y "%TARGET%\启动述职助手.bat" "%USERPROFILE%\Desktop\启动述职助手.bat" >nul
)

echo.
echo 安装完成。双击桌面上的“述职助手”启动；命令行检查器：
echo   "%TARGET%\venv\Scripts\shuzhi-check.exe" check 述职报告.docx
echo 卸载：运行 %TARGET%\uninstall.bat（草稿保留在 %APPDATA%\Shuzhi）。
echo.
pause
exit /b 0

:no_python
echo.
echo 错误：本机没有 Python {{PYVER}}（64 位）。
echo 请把 python-{{PYVER}}.9-amd64.exe（或其他 python-{{PYVER}}.x-amd64.exe 安装程序）放在本文件夹中再运行 install.bat，
echo 或者先自行安装 Python {{PYVER}}（64 位），再运行：install.bat "C:\…\python.exe"
goto fail

:check_python
if not exist "%PY%" exit /b 1
"%PY%" -c "import sys, struct; sys.exit(0 if sys.version_info[:2] == ({{PYVER_TUPLE}}) and struct.calcsize('P') == 8 else 1)" >nul 2>&1
exit /b %errorlevel%

:fail
echo.
echo 安装没有完成，本机原有的东西没有改动（草稿在 %APPDATA%\Shuzhi）。
pause
exit /b 1
