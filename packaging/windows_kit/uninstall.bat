@echo off
rem 卸载述职助手：删除程序环境和快捷方式。草稿、备份和设置（%APPDATA%\Shuzhi）保留。
setlocal EnableExtensions
set "TARGET=%LOCALAPPDATA%\Programs\Shuzhi"
echo 将删除 %TARGET% 和“述职助手”快捷方式；草稿保留在 %APPDATA%\Shuzhi。
choice /m "确定卸载吗"
if errorlevel 2 exit /b 1
powershell -NoProfile -ExecutionPolicy Bypass -Command "foreach ($d in 'Desktop','Programs') { $p = Join-Path ([Environment]::GetFolderPath($d)) ([char]0x8FF0 + [char]0x804C + [char]0x52A9 + [char]0x624B + '.lnk'); if (Test-Path $p) { Remove-Item $p } }"
if exist "%USERPROFILE%\Desktop\启动述职助手.bat" del "%USERPROFILE%\Desktop\启动述职助手.bat"
cd /d "%TEMP%"
rem 一个括号块在执行前整体读入：删除本文件所在的文件夹后不再需要读它。
(rmdir /s /q "%TARGET%" & echo 已卸载。& pause & exit /b 0)
