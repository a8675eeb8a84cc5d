# 为述职助手创建桌面和开始菜单快捷方式（由 install.bat 调用）。
param(
    [Parameter(Mandatory = $true)][string]$Target,
    [Parameter(Mandatory = $true)][string]$Icon,
    [Parameter(Mandatory = $true)][string]$WorkDir
)
$ErrorActionPreference = 'Stop'
$shell = New-Object -ComObject WScript.Shell
foreach ($folder in 'Desktop', 'Programs') {
    $path = Join-Path ([Environment]::GetFolderPath($folder)) '述职助手.lnk'
    $link = $shell.CreateShortcut($path)
    $link.TargetPath = $Target
    $link.WorkingDirectory = $WorkDir
    $link.IconLocation = "$Icon,0"
    $link.Description = '述职助手：述职报告离线写作与检查'
    $link.Save()
    Write-Output "已创建快捷方式：$path"
}
