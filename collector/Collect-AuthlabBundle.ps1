<#
.SYNOPSIS
    Collects an authlab evidence bundle on a real IIS server, for `authlab diagnose --bundle DIR`.

.DESCRIPTION
    Writes the files of the authlab contract (section 3) into one new directory: the IIS
    configuration, the security policy and LSA settings, the anonymous account's state, the
    Security log and the site's W3C logs, the content ACLs, host facts, and the result of
    trying the configured anonymous credentials once (the "probe").

    Windows Server 2008 and later (IIS 7+), and Windows Server 2003 (IIS 6) with PowerShell 2.0.
    Written in PowerShell 2.0 syntax (2008 R2 ships 2.0). Run it from an elevated, 64-bit
    PowerShell prompt. Every step is optional: a step that fails is reported and the script goes
    on with the next one. See docs/collector.md.

    The anonymous password is never written to a file, printed, logged or put on a command line.
    Only Invoke-Probe reads it, into one local variable, passes it to LogonUser and clears it.

    Bundle files this script writes (tests/test_collector.py holds this list to
    checks/bundle_files.py and to the code below):
    bundle-file: host.json
    bundle-file: MetaBase.xml
    bundle-file: applicationHost.config
    bundle-file: secedit.inf
    bundle-file: auditpol.csv
    bundle-file: lsa.reg
    bundle-file: probe.json
    bundle-file: net-user-{0}.txt
    bundle-file: ad.ldif
    bundle-file: net-localgroup-{0}.txt
    bundle-file: Security-log.txt
    bundle-file: Security.xml
    bundle-file: W3SVC{0}\{1}
    bundle-file: icacls.txt
    Not written: Security.evtx (Security.xml carries the same events) and Security.csv (on
    Windows Server 2003 that is Event Viewer's "Save Log File As", a GUI step: see the end).
    Windows Server 2003 also gets no auditpol.csv: auditpol.exe came with Windows Server 2008.
    Written only when icacls.exe is missing (2003 before SP2), and not read by authlab:
    extra-file: cacls.txt

.PARAMETER OutputPath
    The bundle directory to create. It must not exist or be empty.
.PARAMETER Url
    The URL path whose anonymous access is diagnosed (default /).
.PARAMETER SiteId
    The IIS site id (default 1).
.PARAMETER EventCount
    How many of the newest Security log events to export (default 200000).
.PARAMETER NoProbe
    Do not try the anonymous credentials with LogonUser.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File .\Collect-AuthlabBundle.ps1 -OutputPath C:\authlab-bundle
#>
[CmdletBinding()]
param(
    [string]$OutputPath = (Join-Path (Get-Location).Path ('authlab-bundle-{0}' -f $env:COMPUTERNAME)),
    [string]$Url = '/',
    [int]$SiteId = 1,
    [int]$EventCount = 200000,
    [switch]$NoProbe
)

Set-StrictMode -Version 1
# Non-terminating errors become terminating so that Invoke-Step catches them and moves on.
$ErrorActionPreference = 'Stop'

if (-not $Url.StartsWith('/')) { $Url = '/' + $Url }
$script:Failures = 0
$script:Notes = @()

# A 32-bit PowerShell on 64-bit Windows sees SysWOW64 instead of System32, where there is no
# inetsrv\config: read the real System32 through its Sysnative alias.
$System32 = Join-Path $env:windir 'System32'
if ([IntPtr]::Size -eq 4 -and $env:PROCESSOR_ARCHITEW6432) {
    Write-Warning 'This is 32-bit PowerShell on 64-bit Windows: run the 64-bit one if you can.'
    if (Test-Path (Join-Path $env:windir 'Sysnative')) { $System32 = Join-Path $env:windir 'Sysnative' }
}
$InetSrv = Join-Path $System32 'inetsrv'

# --- helpers -------------------------------------------------------------------------------

# A step's script block sees this function's variables (PowerShell scopes are dynamic), hence
# the unusual parameter names.
function Invoke-Step([string]$StepName, [scriptblock]$StepAction) {
    Write-Host ('-- {0}' -f $StepName)
    try { & $StepAction }
    catch {
        $script:Failures++
        Write-Warning ('{0}: {1}' -f $StepName, $_.Exception.Message)
    }
}

function Add-Note([string]$Text) {
    Write-Host ('   {0}' -f $Text)
    $script:Notes += $Text
}

function Join-Bundle([string]$Name) { Join-Path $OutputPath $Name }

function ConvertTo-Quoted([string]$Text) {
    # cmd.exe would expand %NAME% even inside quotes; no account or path we pass needs a % sign.
    if ($Text.Contains('"') -or $Text.Contains('%')) { throw ('refusing to pass [{0}] to cmd.exe' -f $Text) }
    '"' + $Text + '"'
}

# Runs one command line through cmd.exe and returns its exit code. The command line does its
# own redirection (`tool > file`), so a bundle file holds the tool's own bytes, exactly what
# the same command typed at a prompt writes, not PowerShell's re-encoding of them.
function Invoke-Cmd([string]$CommandLine) {
    $info = New-Object Diagnostics.ProcessStartInfo
    $info.FileName = Join-Path $System32 'cmd.exe'
    # /d: no AutoRun commands. /s: cmd strips the outer pair of quotes and runs the rest as typed.
    $info.Arguments = '/d /s /c "' + $CommandLine + '"'
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $process = [Diagnostics.Process]::Start($info)
    $process.WaitForExit()
    $process.ExitCode
}

# The cells in the first non-blank line of a CSV file: auditpol's header has 7 (/backup) or 6
# (/get /r), which is how authlab's reader tells them apart; it never quotes a cell.
function Get-CsvHeaderWidth([string]$Path) {
    foreach ($line in @(Get-Content -LiteralPath $Path -TotalCount 5)) {
        if ($line -and $line.Trim()) { return $line.Split(',').Count }
    }
    0
}

function Test-Tool([string]$Name) {
    $null -ne (Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue)
}

# JSON by hand: ConvertTo-Json only exists from PowerShell 3.0 on.
function Format-JsonValue($Value) {
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [int] -or $Value -is [long]) { return [string]$Value }
    $out = New-Object Text.StringBuilder
    foreach ($c in ([string]$Value).ToCharArray()) {
        if ($c -eq '"' -or $c -eq '\') { [void]$out.Append('\').Append($c) }
        elseif ([int]$c -lt 0x20) { [void]$out.Append(('\u{0:x4}' -f [int]$c)) }
        else { [void]$out.Append($c) }
    }
    '"' + $out.ToString() + '"'
}

# Pairs: key/value arrays, in the order they are written.
function Write-JsonFile([string]$Name, [object[]]$Pairs) {
    $members = foreach ($pair in $Pairs) { '  "{0}": {1}' -f $pair[0], (Format-JsonValue $pair[1]) }
    $text = "{`r`n" + ($members -join ",`r`n") + "`r`n}`r`n"
    [IO.File]::WriteAllText((Join-Bundle $Name), $text, (New-Object Text.UTF8Encoding($false)))
}

function Write-TextFile([string]$Name, [string[]]$Lines) {
    $text = ($Lines -join "`r`n") + "`r`n"
    [IO.File]::WriteAllText((Join-Bundle $Name), $text, (New-Object Text.UTF8Encoding($false)))
}

# LogonUser, the domain a machine is joined to and the system locale, by P/Invoke. TryLogon
# reads the Win32 error in the same native frame as the call: PowerShell's own interop could
# overwrite it before a script line could read it.
# Sources: LogonUserW https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-logonuserw
# NetGetJoinInformation https://learn.microsoft.com/windows/win32/api/lmjoin/nf-lmjoin-netgetjoininformation
# GetSystemDefaultLCID https://learn.microsoft.com/windows/win32/api/winnls/nf-winnls-getsystemdefaultlcid
$NativeSource = @'
using System;
using System.Runtime.InteropServices;
public static class AuthlabNative {
    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    static extern bool LogonUser(string user, string domain, string password, int logonType,
                                 int logonProvider, out IntPtr token);
    [DllImport("kernel32.dll", SetLastError = true)]
    static extern bool CloseHandle(IntPtr handle);
    [DllImport("netapi32.dll", CharSet = CharSet.Unicode)]
    static extern int NetGetJoinInformation(string server, out IntPtr name, out int status);
    [DllImport("netapi32.dll")]
    static extern int NetApiBufferFree(IntPtr buffer);
    [DllImport("kernel32.dll")]
    static extern int GetSystemDefaultLCID();

    // 0 when the logon succeeds (the token is closed at once), else the Win32 error.
    public static int TryLogon(string user, string domain, string password, int logonType) {
        IntPtr token;
        if (!LogonUser(user, domain, password, logonType, 0 /* LOGON32_PROVIDER_DEFAULT */, out token)) {
            return Marshal.GetLastWin32Error();
        }
        CloseHandle(token);
        return 0;
    }

    // The NetBIOS name of the domain this machine is joined to, or null (workgroup).
    public static string JoinedDomain() {
        IntPtr name; int status;
        if (NetGetJoinInformation(null, out name, out status) != 0) { return null; }
        try { return status == 3 /* NetSetupDomainName */ ? Marshal.PtrToStringUni(name) : null; }
        finally { NetApiBufferFree(name); }
    }

    // The system locale ("language for non-Unicode programs"): PowerShell 2.0 has no cmdlet for it.
    public static int SystemLocale() { return GetSystemDefaultLCID(); }
}
'@

# --- host facts ----------------------------------------------------------------------------

function Get-HostFacts {
    $cs = Get-WmiObject Win32_ComputerSystem
    $os = Get-WmiObject Win32_OperatingSystem
    # DomainRole: 0/1 workstation, 2 stand-alone server, 3 member server, 4 backup and 5 primary
    # domain controller (Win32_ComputerSystem, DSROLE_MACHINE_ROLE order:
    # https://learn.microsoft.com/windows/win32/api/dsrole/ne-dsrole-dsrole_machine_role).
    $domain = $null
    try { $domain = [AuthlabNative]::JoinedDomain() }
    catch {
        if ($cs.DomainRole -ne 0 -and $cs.DomainRole -ne 2 -and $env:USERDOMAIN -ne $env:COMPUTERNAME) {
            $domain = $env:USERDOMAIN
        }
    }
    $iisVersion = $null
    $inetStp = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\InetStp' -ErrorAction SilentlyContinue
    if ($inetStp) { $iisVersion = '{0}.{1}' -f $inetStp.MajorVersion, $inetStp.MinorVersion }
    New-Object PSObject -Property @{
        ComputerName = $env:COMPUTERNAME
        Domain       = $domain
        IsDc         = ($cs.DomainRole -ge 4)
        IisVersion   = $iisVersion
        Os           = ([string]$os.Caption).Trim()
        Legacy       = ([Environment]::OSVersion.Version.Major -lt 6)  # Windows Server 2003
    }
}

# Whether a .NET date or time pattern is one authlab's host.json reader takes: its letters and
# separators (without its CJK suffixes: this file stays ASCII) and the letters each field needs.
# A pattern it refused would make the whole host.json unreadable, so such a one is left out.
function Test-NetPattern([string]$Pattern, [string[]]$Needs) {
    if ($Pattern -cnotmatch "^[dMyHhmst/.:, '-]{1,40}$") { return $false }
    foreach ($need in $Needs) { if ($Pattern -cnotmatch $need) { return $false } }
    $true
}

# The patterns `net user` prints its dates and times with, for host.json: the short date and
# long time patterns of the user locale, user overrides included (Get-Culture; .NET reads
# LOCALE_SSHORTDATE and LOCALE_STIMEFORMAT for them, see docs/collector.md). net.exe runs as this
# same user; which locale it formats with is not documented, so where the system locale would
# format a field differently, that field is left out ($null): authlab then guesses no date that
# reads two ways, where a wrong pattern would misread one. Years of a non-Gregorian calendar
# (th-TH counts 2569) would be misread too.
function Get-NetUserDateFormats {
    $culture = Get-Culture
    $date = $culture.DateTimeFormat.ShortDatePattern
    $time = $culture.DateTimeFormat.LongTimePattern
    if (-not ($culture.Calendar -is [Globalization.GregorianCalendar])) {
        Add-Note ('date_format and time_format left out: the {0} counts other years than the Gregorian calendar' -f $culture.Calendar.GetType().Name)
        $date = $null; $time = $null
    }
    $systemLcid = $null
    try { $systemLcid = [AuthlabNative]::SystemLocale() } catch { }
    if ($null -eq $systemLcid) {
        Add-Note 'the system locale could not be read: date_format and time_format are the user locale''s'
    } elseif ($systemLcid -ne $culture.LCID -and ($date -or $time)) {
        try {
            $system = (New-Object Globalization.CultureInfo -ArgumentList ([int]$systemLcid), $false).DateTimeFormat
            if ($date -cne $system.ShortDatePattern) { $date = $null }
            if ($time -cne $system.LongTimePattern) { $time = $null }
        } catch { $date = $null; $time = $null }
        if (-not $date -or -not $time) {
            Add-Note ('the user locale ({0}) and the system locale ({1}) format dates differently: what differs is left out of host.json' -f $culture.LCID, $systemLcid)
        }
    }
    if ($date -and -not (Test-NetPattern $date @('d', 'M', 'y'))) { Add-Note ('date_format left out: authlab does not read [{0}]' -f $date); $date = $null }
    if ($time -and -not (Test-NetPattern $time @('m', '[Hh]'))) { Add-Note ('time_format left out: authlab does not read [{0}]' -f $time); $time = $null }
    New-Object PSObject -Property @{ Date = $date; Time = $time }
}

# --- IIS settings for the URL (never the password: see Invoke-Probe) ------------------------

$LogonTypes = @{ '0' = 2; '1' = 4; '2' = 3; '3' = 8; 'Interactive' = 2; 'Batch' = 4; 'Network' = 3; 'ClearText' = 8 }

function Test-UrlPrefix([string]$Prefix, [string]$Path) {
    $p = $Prefix.TrimEnd('/')
    if ($p -eq '') { return $true }
    $Path.Equals($p, [StringComparison]::OrdinalIgnoreCase) -or
        $Path.StartsWith($p + '/', [StringComparison]::OrdinalIgnoreCase)
}

function Join-Physical([string]$Root, [string]$Rest) {
    $root = [Environment]::ExpandEnvironmentVariables($Root).TrimEnd('\')
    $rest = $Rest.Trim('/').Replace('/', '\')
    if ($rest) { $root + '\' + $rest } else { $root }
}

function Get-MetabaseNode([string]$Path) {
    # [ADSI] binds lazily: RefreshCache fails here, not later, when the key does not exist.
    try { $node = [ADSI]$Path; $node.psbase.RefreshCache(); $node } catch { $null }
}

function Get-MetabaseValue($Node, [string]$Name) {
    # IADs::Get returns a property inherited from a parent key too, as IIS applies it.
    try { $Node.psbase.InvokeGet($Name) } catch { $null }
}

function Get-Iis6Settings {
    # The deepest metabase key on the URL's path is the one whose (inherited) properties apply.
    $keyPath = 'IIS://localhost/W3SVC/{0}/ROOT' -f $SiteId
    $node = Get-MetabaseNode $keyPath
    if (-not $node) { throw ('the metabase has no key /LM/W3SVC/{0}/ROOT' -f $SiteId) }
    $physical = [string](Get-MetabaseValue $node 'Path')
    $rest = ''; $missing = $false
    foreach ($segment in ($Url.Trim('/') -split '/')) {
        if (-not $segment) { continue }
        $child = $null
        if (-not $missing) { $child = Get-MetabaseNode ($keyPath + '/' + $segment) }
        if ($child) {
            $node = $child; $keyPath = $keyPath + '/' + $segment
            $vdirPath = [string](Get-MetabaseValue $child 'Path')
            if ($vdirPath) { $physical = $vdirPath; $rest = '' } else { $rest += '/' + $segment }
        } else { $missing = $true; $rest += '/' + $segment }
    }
    $method = Get-MetabaseValue $node 'LogonMethod'
    if ($null -eq $method) { $method = 3 }  # schema default: network cleartext
    $site = Get-MetabaseNode ('IIS://localhost/W3SVC/{0}' -f $SiteId)
    $logDir = $null
    if ($site) { $logDir = [string](Get-MetabaseValue $site 'LogFileDirectory') }
    if (-not $logDir) { $logDir = Join-Path $env:windir 'System32\LogFiles' }
    $docs = @()
    if (Get-MetabaseValue $node 'EnableDefaultDoc') { $docs = @(([string](Get-MetabaseValue $node 'DefaultDoc')) -split ',') }
    $name = [string](Get-MetabaseValue $node 'AnonymousUserName')
    New-Object PSObject -Property @{
        ConfigFile    = Join-Path $InetSrv 'MetaBase.xml'
        ConfigName    = 'MetaBase.xml'
        MetabasePath  = $keyPath
        Name          = $name
        DefaultDomain = [string](Get-MetabaseValue $node 'DefaultLogonDomain')
        Identity      = $(if ($name) { 'account' } else { 'none' })
        LogonType     = $LogonTypes[[string]$method]
        PhysicalPath  = Join-Physical $physical $rest
        DefaultDocs   = $docs
        LogDirectory  = [Environment]::ExpandEnvironmentVariables($logDir)
    }
}

function Get-ServerManager {
    # Load the full-IIS Microsoft.Web.Administration 7.0.0.0 by its strong name: a bare name may
    # load IIS Express's 7.9.0.0, which reads IIS Express's configuration
    # (https://halfblood.pro/microsoft-web-administration-of-iis-express/).
    try {
        [void][Reflection.Assembly]::Load('Microsoft.Web.Administration, Version=7.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35')
    } catch {
        [void][Reflection.Assembly]::LoadFrom((Join-Path $InetSrv 'Microsoft.Web.Administration.dll'))
    }
    New-Object Microsoft.Web.Administration.ServerManager
}

function Get-Iis7Site($Manager) {
    foreach ($s in $Manager.Sites) { if ($s.Id -eq $SiteId) { return $s } }
    throw ('IIS has no site with id {0}' -f $SiteId)
}

function Get-Iis7Settings {
    # Microsoft.Web.Administration is the API under both appcmd and the WebAdministration
    # module; GetWebConfiguration merges applicationHost.config with any web.config on the path.
    $manager = Get-ServerManager
    $site = Get-Iis7Site $manager
    $config = $manager.GetWebConfiguration($site.Name, $Url)
    $anon = $config.GetSection('system.webServer/security/authentication/anonymousAuthentication')
    $name = [string]$anon.GetAttributeValue('userName')
    $identity = 'account'
    if (-not $name) { $identity = 'apppool' }  # userName "" = the application pool identity
    elseif ($name -eq 'IUSR' -or $name -eq 'NT AUTHORITY\IUSR') { $identity = 'builtin' }
    if (-not $anon.GetAttributeValue('enabled')) { Add-Note 'anonymous authentication is disabled for this URL' }

    # The application, then the virtual directory, with the longest path that holds the URL.
    $physical = $null; $rest = $Url; $best = -1
    foreach ($app in $site.Applications) {
        foreach ($vdir in $app.VirtualDirectories) {
            $full = $app.Path.TrimEnd('/') + $vdir.Path
            if ((Test-UrlPrefix $full $Url) -and $full.TrimEnd('/').Length -gt $best) {
                $best = $full.TrimEnd('/').Length
                $physical = $vdir.PhysicalPath
                $rest = $Url.Substring([Math]::Min($best, $Url.Length))
            }
        }
    }
    $docs = @()
    $defaultDocument = $config.GetSection('system.webServer/defaultDocument')
    if ($defaultDocument.GetAttributeValue('enabled')) {
        $docs = @(foreach ($file in $defaultDocument.GetCollection('files')) { [string]$file.GetAttributeValue('value') })
    }
    # A site without its own <logFile directory> uses <siteDefaults>, not the schema default.
    $logDir = $site.LogFile.Directory
    try {
        if ($site.LogFile.GetAttribute('directory').IsInheritedFromDefaultValue) {
            $logDir = $manager.SiteDefaults.LogFile.Directory
        }
    } catch { }
    New-Object PSObject -Property @{
        ConfigFile    = Join-Path $InetSrv 'config\applicationHost.config'
        ConfigName    = 'applicationHost.config'
        SiteName      = $site.Name
        Name          = $name
        DefaultDomain = [string]$anon.GetAttributeValue('defaultLogonDomain')
        Identity      = $identity
        LogonType     = $LogonTypes[[string]$anon.GetAttributeValue('logonMethod')]
        PhysicalPath  = $(if ($physical) { Join-Physical $physical $rest } else { $null })
        DefaultDocs   = $docs
        LogDirectory  = [Environment]::ExpandEnvironmentVariables($logDir)
    }
}

# The anonymous account as user and domain: "DOMAIN\user", a bare "user" with the configured
# DefaultLogonDomain (else the local machine), or a UPN "user@dns.domain".
function Get-AnonymousAccount($Iis, $HostFacts) {
    $user = $Iis.Name; $domain = $Iis.DefaultDomain; $upn = $false
    if ($user.Contains('\')) { $domain, $user = $user.Split('\', 2) }
    elseif ($user.Contains('@')) { $upn = $true; $domain = $null }
    $local = -not $upn -and (-not $domain -or $domain -eq '.' -or $domain -eq $HostFacts.ComputerName)
    if ($local) { $domain = $HostFacts.ComputerName }
    New-Object PSObject -Property @{
        User     = $user
        Domain   = $domain   # null only for a UPN
        IsDomain = -not $local
        Shown    = $(if ($upn) { $user } else { '{0}\{1}' -f $domain, $user })
        FileName = $user.Split('@')[0]
    }
}

# --- the Security log ----------------------------------------------------------------------

function Get-Field([string[]]$Lines, [string]$Name) {
    foreach ($line in $Lines) { if ($line -match ('^\s*{0}:\s*(.*)$' -f $Name)) { return $matches[1].Trim() } }
    $null
}

# The Security log's capacity in `wevtutil gl` + `wevtutil gli` form. Field names of gli
# follow EVT_LOG_PROPERTY_ID (https://learn.microsoft.com/windows/win32/api/winevt/ne-winevt-evt_log_property_id);
# a real transcript: https://3gstudent.github.io/%E6%B8%97%E9%80%8F%E6%8A%80%E5%B7%A7-Windows%E6%97%A5%E5%BF%97%E7%9A%84%E5%88%A0%E9%99%A4%E4%B8%8E%E7%BB%95%E8%BF%87 .
function Get-SecurityLogState([bool]$Legacy) {
    if (-not $Legacy) {
        $gl = @(& (Join-Path $System32 'wevtutil.exe') gl Security)
        if ($LASTEXITCODE -ne 0) { throw ('wevtutil gl Security exited with {0}' -f $LASTEXITCODE) }
        # gli's part is optional (contract section 3): without it the file still says how the
        # log is configured, and authlab takes its fill level as unknown. So a failing gli drops
        # only its own lines, never gl's.
        $gli = @()
        try {
            $gli = @(& (Join-Path $System32 'wevtutil.exe') gli Security)
            if ($LASTEXITCODE -ne 0) {
                Add-Note ('wevtutil gli Security exited with {0}: Security-log.txt holds gl only' -f $LASTEXITCODE)
                $gli = @()
            }
        } catch {
            Add-Note ('wevtutil gli Security failed ({0}): Security-log.txt holds gl only' -f $_.Exception.Message)
            $gli = @()
        }
        $lines = $gl + $gli
    } else {
        # Windows Server 2003 has no wevtutil: the same fields from the Eventlog service's key.
        # MaxSize is in bytes; Retention is in seconds: 0 overwrites as needed, 0xFFFFFFFF (-1)
        # never overwrites, N keeps records younger than N seconds, so a full log may not
        # overwrite either (it "causes a log full event"). AutoBackupLogFiles 1 archives a full
        # log. Sources: https://techshelps.github.io/MSDN/WBEM/devdoc/good/wbem/sdkprov_6aer.htm,
        # https://techshelps.github.io/MSDN/DNWINNT/HTML/D21/S82BF.HTM,
        # https://learn.microsoft.com/dotnet/api/system.diagnostics.overflowaction
        $key = Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Services\Eventlog\Security'
        $file = [Environment]::ExpandEnvironmentVariables([string]$key.File)
        if (-not $file) { $file = Join-Path $System32 'config\SecEvent.Evt' }
        $max = [long]$key.MaxSize
        if ($max -lt 0) { $max += 4294967296 }  # a DWORD read as a signed Int32
        $backup = $false
        if ($key.PSObject.Properties['AutoBackupLogFiles']) { $backup = ($key.AutoBackupLogFiles -eq 1) }
        $lines = @(
            'name: Security',
            'logging:',
            ('  logFileName: {0}' -f $file),
            ('  retention: {0}' -f ([string]($key.Retention -ne 0)).ToLower()),
            ('  autoBackup: {0}' -f ([string]$backup).ToLower()),
            ('  maxSize: {0}' -f $max),
            ('fileSize: {0}' -f (Get-Item $file).Length)
        )
    }
    New-Object PSObject -Property @{
        Lines      = $lines
        # fileSize comes from gli (or, on 2003, the file): without it the fill level is unknown.
        HasInfo    = ($null -ne (Get-Field $lines 'fileSize'))
        Retention  = ((Get-Field $lines 'retention') -eq 'true')
        AutoBackup = ((Get-Field $lines 'autoBackup') -eq 'true')
        MaxSize    = [long](Get-Field $lines 'maxSize')
        FileSize   = [long](Get-Field $lines 'fileSize')
        Count      = [long](Get-Field $lines 'numberOfLogRecords')
        Oldest     = [long](Get-Field $lines 'oldestRecordNumber')
    }
}

# With CrashOnAuditFail = 1, an audit the Security log can not take stops the server (KB
# 832981). The probe writes a logon audit, so it runs only when the log can surely take it.
function Test-ProbeIsSafe($Log) {
    $lsa = Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' -ErrorAction SilentlyContinue
    $crash = 0
    if ($lsa -and $lsa.PSObject.Properties['CrashOnAuditFail']) { $crash = [int]$lsa.CrashOnAuditFail }
    if ($crash -ne 1) { return $true }
    if (-not $Log) { return $false }  # the log's state is unknown: do not risk it
    if (-not $Log.Retention -or $Log.AutoBackup) { return $true }  # it overwrites or archives
    if (-not $Log.HasInfo) { return $false }  # how full it is is unknown: do not risk it
    # A retained log takes records until it is full; 1 MB covers the probe and this script.
    ($Log.FileSize + 1048576) -lt $Log.MaxSize
}

# --- the probe -----------------------------------------------------------------------------

# The only place the anonymous password is read. It goes from the IIS configuration into
# $anonPassword and from there only into LogonUser (a .NET method call: no cmdlet parameter, so
# no module logging of it), then the variable is cleared. A .NET string can not be wiped, so
# the value stays in this process's memory until it is collected; the process ends soon after.
function Invoke-Probe($Iis, $Account, $HostFacts) {
    if (-not $Iis.LogonType) { throw 'the configured logon method is not one IIS knows' }
    $anonPassword = $null
    if ($Iis.ConfigName -eq 'MetaBase.xml') {
        # IIS 6: ADSI returns the SECURE AnonymousUserPass in clear to an administrator.
        $node = [ADSI]$Iis.MetabasePath
        $anonPassword = [string]$node.psbase.InvokeGet('AnonymousUserPass')
    } else {
        # IIS 7+: the configuration system decrypts the stored [enc:...] value for an administrator.
        $config = (Get-ServerManager).GetWebConfiguration($Iis.SiteName, $Url)
        $section = $config.GetSection('system.webServer/security/authentication/anonymousAuthentication')
        $anonPassword = [string]$section.GetAttributeValue('password')
    }
    try {
        $error32 = [AuthlabNative]::TryLogon($Account.User, $Account.Domain, $anonPassword, $Iis.LogonType)
    } finally {
        $anonPassword = $null
        Remove-Variable anonPassword -ErrorAction SilentlyContinue
    }
    Write-JsonFile 'probe.json' @(
        @('account', $Account.Shown),
        @('logon_type', [int]$Iis.LogonType),
        @('win32_error', [int]$error32)
    )
    Add-Note ('LogonUser({0}, logon type {1}) -> Win32 error {2}' -f $Account.Shown, $Iis.LogonType, $error32)
}

# --- main ----------------------------------------------------------------------------------

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Warning 'Not running as an administrator: most steps will fail. Use an elevated prompt.'
}
if ((Test-Path $OutputPath) -and @(Get-ChildItem $OutputPath -Force).Count -gt 0) {
    throw ('{0} is not empty: give a new or empty directory, so no old file is taken as evidence' -f $OutputPath)
}
[void](New-Item -ItemType Directory -Path $OutputPath -Force)
$OutputPath = (Resolve-Path $OutputPath).Path
Write-Host ('Writing the authlab bundle to {0}' -f $OutputPath)

$script:HostFacts = $null; $script:Iis = $null; $script:Account = $null; $script:Log = $null

# A second run in the same session finds the type already there.
Invoke-Step 'native helpers' { if (-not ('AuthlabNative' -as [type])) { Add-Type -TypeDefinition $NativeSource } }

Invoke-Step 'host.json' {
    $script:HostFacts = Get-HostFacts
    # Local time with its offset, in invariant digits: the moment expiry, lockout and logon
    # hours are judged against.
    $now = (Get-Date).ToString("yyyy-MM-dd'T'HH:mm:sszzz", [Globalization.CultureInfo]::InvariantCulture)
    $formats = Get-NetUserDateFormats
    Write-JsonFile 'host.json' @(
        @('computer_name', $HostFacts.ComputerName),
        @('domain', $HostFacts.Domain),
        @('is_domain_controller', [bool]$HostFacts.IsDc),
        @('iis_version', $HostFacts.IisVersion),
        @('os', $HostFacts.Os),
        @('collected_at', $now),
        @('date_format', $formats.Date),
        @('time_format', $formats.Time)
    )
}

Invoke-Step 'IIS settings' {
    if (-not $HostFacts.IisVersion) { throw 'IIS is not installed (no HKLM\SOFTWARE\Microsoft\InetStp)' }
    if ([int]$HostFacts.IisVersion.Split('.')[0] -ge 7) { $script:Iis = Get-Iis7Settings } else { $script:Iis = Get-Iis6Settings }
    Add-Note ('anonymous identity: {0} ({1}), logon type {2}' -f $Iis.Name, $Iis.Identity, $Iis.LogonType)
    Add-Note ('content: {0}' -f $Iis.PhysicalPath)
    if ($Iis.Identity -eq 'account') { $script:Account = Get-AnonymousAccount $Iis $HostFacts }
}

Invoke-Step 'IIS configuration file' {
    if (-not $Iis) { throw 'the IIS settings were not read' }
    if ($Iis.ConfigName -eq 'MetaBase.xml') {
        # IIS 6 writes the in-memory metabase to MetaBase.xml only now and then: save it first.
        [void](Invoke-Cmd ('cscript //nologo {0} /save > nul 2>&1' -f (ConvertTo-Quoted (Join-Path $System32 'iiscnfg.vbs'))))
        Copy-Item -LiteralPath $Iis.ConfigFile -Destination (Join-Bundle 'MetaBase.xml')
    } else {
        Copy-Item -LiteralPath $Iis.ConfigFile -Destination (Join-Bundle 'applicationHost.config')
    }
}

Invoke-Step 'secedit.inf' {
    # secedit writes the file itself, in UTF-16LE with a BOM; it is kept as written.
    $code = Invoke-Cmd ('secedit /export /cfg {0} > nul 2>&1' -f (ConvertTo-Quoted (Join-Bundle 'secedit.inf')))
    if ($code -ne 0) { throw ('secedit exited with {0}' -f $code) }
}

Invoke-Step 'auditpol.csv' {
    # The advanced audit policy of Windows Server 2008 and later overrides secedit's legacy
    # [Event Audit]; auditpol.exe came with it. An auditpol.exe on 2003 would be some other
    # tool with the same name, so the version decides, not whether the file is there.
    if ([Environment]::OSVersion.Version.Major -lt 6) { Add-Note 'skipped: Windows Server 2003 has no auditpol'; return }
    if (-not (Test-Tool 'auditpol.exe')) { Add-Note 'skipped: auditpol.exe is not on this server'; return }
    $file = Join-Bundle 'auditpol.csv'
    # /backup writes the file itself, with the Setting Value column the policy is read from;
    # it needs write access to the audit policy or the "Manage auditing and security log"
    # right, in practice an administrator. /get /r needs read access and prints the same rows
    # without Setting Value. authlab refuses a file that is neither, and with it the bundle:
    # whatever else a failed command leaves under the name is deleted.
    $code = Invoke-Cmd ('auditpol /backup /file:{0} > nul 2>&1' -f (ConvertTo-Quoted $file))
    if ($code -eq 0 -and (Test-Path -LiteralPath $file) -and (Get-CsvHeaderWidth $file) -eq 7) { return }
    if (Test-Path -LiteralPath $file) { Remove-Item -LiteralPath $file }
    Add-Note ('auditpol /backup exited with {0}: trying auditpol /get /category:* /r' -f $code)
    $code = Invoke-Cmd ('auditpol /get /category:* /r > {0} 2>nul' -f (ConvertTo-Quoted $file))
    $width = 0
    if (Test-Path -LiteralPath $file) { $width = Get-CsvHeaderWidth $file }
    if ($code -ne 0 -or $width -ne 6) {
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
        throw ('auditpol /get exited with {0} and wrote {1} columns where its report has 6' -f $code, $width)
    }
}

Invoke-Step 'lsa.reg' {
    # /y (overwrite without asking) is left out on 2003, whose reg.exe may not know it; the
    # bundle directory is new, so there is nothing to overwrite.
    $yes = $(if ($HostFacts -and $HostFacts.Legacy) { '' } else { ' /y' })
    $code = Invoke-Cmd ('reg export HKLM\SYSTEM\CurrentControlSet\Control\Lsa {0}{1} > nul 2>&1' -f (ConvertTo-Quoted (Join-Bundle 'lsa.reg')), $yes)
    if ($code -ne 0) { throw ('reg export exited with {0}' -f $code) }
}

# The log's state is read before the probe, which must know whether its audit can be written.
Invoke-Step 'Security log state' { $script:Log = Get-SecurityLogState ([bool]$HostFacts.Legacy) }

Invoke-Step 'probe.json' {
    if ($NoProbe) { Add-Note 'skipped: -NoProbe'; return }
    if (-not $Account) { Add-Note 'skipped: the anonymous identity is not an account with a password (built-in IUSR or the application pool identity)'; return }
    if (-not (Test-ProbeIsSafe $Log)) {
        Add-Note 'skipped: CrashOnAuditFail = 1 and the Security log may not overwrite and is (nearly) full, or how full is unknown; a logon audit it could not take would stop this server'
        return
    }
    Invoke-Probe $Iis $Account $HostFacts
}

Invoke-Step 'net user' {
    if (-not $Account) { Add-Note 'skipped: no anonymous account'; return }
    $command = 'net user {0}' -f (ConvertTo-Quoted $Account.User)
    # A domain controller answers for its domain itself; a member server asks the domain.
    if ($Account.IsDomain -and -not $HostFacts.IsDc) { $command += ' /domain' }
    # Exit code 2 with "The user name could not be found." is evidence too: the file is kept.
    [void](Invoke-Cmd ('{0} > {1} 2>&1' -f $command, (ConvertTo-Quoted (Join-Bundle ('net-user-{0}.txt' -f $Account.FileName)))))
}

Invoke-Step 'ad.ldif' {
    if (-not $Account -or -not $Account.IsDomain) { Add-Note 'skipped: not a domain account'; return }
    if (-not (Test-Tool 'ldifde.exe')) { Add-Note 'skipped: ldifde.exe is not installed (AD DS tools)'; return }
    # RFC 4515 escaping of a value inside an LDAP filter.
    $escape = { param($v) $v.Replace('\', '\5c').Replace('*', '\2a').Replace('(', '\28').Replace(')', '\29') }
    $name = & $escape $Account.FileName
    $filter = '(|(sAMAccountName={0})(objectClass=domainDNS))' -f $name
    try {
        # The groups that hold the account, nested ones too (LDAP_MATCHING_RULE_IN_CHAIN), so
        # their SIDs can be matched against the rights in secedit.inf.
        $found = ([adsisearcher]('(&(objectCategory=person)(sAMAccountName={0}))' -f $name)).FindOne()
        if ($found) {
            $dn = & $escape ([string]$found.Properties['distinguishedname'][0])
            $filter = '(|(sAMAccountName={0})(objectClass=domainDNS)(member:1.2.840.113556.1.4.1941:={1}))' -f $name, $dn
        }
    } catch { Add-Note 'the account''s groups could not be looked up: exporting the account and the domain only' }
    # Account state, group identity, and the domain's lockout and password policy.
    # ldifde switches: https://learn.microsoft.com/previous-versions/orphan-topics/ws.10/cc755456(v=ws.10)
    $attributes = 'objectClass,distinguishedName,sAMAccountName,objectSid,userAccountControl,' +
        'msDS-User-Account-Control-Computed,lockoutTime,badPwdCount,badPasswordTime,accountExpires,' +
        'pwdLastSet,logonHours,userWorkstations,memberOf,primaryGroupID,groupType,lockoutDuration,' +
        'lockoutObservationWindow,lockoutThreshold,maxPwdAge,minPwdAge,pwdProperties'
    $code = Invoke-Cmd ('ldifde -f {0} -r {1} -l {2} > nul 2>&1' -f (ConvertTo-Quoted (Join-Bundle 'ad.ldif')), (ConvertTo-Quoted $filter), (ConvertTo-Quoted $attributes))
    if ($code -ne 0) { throw ('ldifde exited with {0}' -f $code) }
}

Invoke-Step 'net localgroup' {
    # The groups that rights and ACLs name in the KB 909887 causes. IIS_IUSRS is IIS 7+ and
    # IIS_WPG IIS 6: a group this server does not have is skipped.
    foreach ($group in @('Administrators', 'Guests', 'Users', 'IIS_IUSRS', 'IIS_WPG')) {
        $path = Join-Bundle ('net-localgroup-{0}.txt' -f $group)
        $code = Invoke-Cmd ('net localgroup {0} > {1} 2>&1' -f $group, (ConvertTo-Quoted $path))
        if ($code -ne 0) { Remove-Item -LiteralPath $path; Write-Host ('   {0}: no such local group, skipped' -f $group) }
    }
}

Invoke-Step 'Security-log.txt' {
    # Read again after the probe, so the counts include its audit.
    $script:Log = Get-SecurityLogState ([bool]$HostFacts.Legacy)
    Write-TextFile 'Security-log.txt' $Log.Lines
}

Invoke-Step 'Security.xml' {
    if ($HostFacts.Legacy) { Add-Note 'skipped: Windows Server 2003 has no wevtutil; save Security.csv from Event Viewer (below)'; return }
    # The newest EventCount records, oldest first: record numbers run from oldestRecordNumber
    # up, one per event, so the newest N start at oldest + count - N.
    $query = ''
    if ($Log -and $Log.Count -gt $EventCount) {
        $query = ' /q:"*[System[(EventRecordID>={0})]]"' -f ($Log.Oldest + $Log.Count - $EventCount)
    }
    $code = Invoke-Cmd ('wevtutil qe Security{0} /f:xml /rd:false /c:{1} > {2} 2>nul' -f $query, $EventCount, (ConvertTo-Quoted (Join-Bundle 'Security.xml')))
    if ($code -ne 0) { throw ('wevtutil qe exited with {0}' -f $code) }
}

Invoke-Step 'W3C logs' {
    if (-not $Iis) { throw 'the IIS settings were not read' }
    # HTTP.sys buffers log lines; IIS 7+ can be told to write them now.
    if (-not $HostFacts.Legacy) { [void](Invoke-Cmd 'netsh http flush logbuffer > nul 2>&1') }
    $source = Join-Path $Iis.LogDirectory ('W3SVC{0}' -f $SiteId)
    if (-not (Test-Path -LiteralPath $source)) { throw ('no log folder {0}' -f $source) }
    # The last 31 days: enough for a current failure, without a busy site's whole history.
    $since = (Get-Date).AddDays(-31)
    $files = @(Get-ChildItem -LiteralPath $source -Filter '*.log' | Where-Object { $_.LastWriteTime -ge $since })
    if ($files.Count -eq 0) { Add-Note ('no log written in the last 31 days in {0}' -f $source); return }
    [void](New-Item -ItemType Directory -Path (Join-Bundle ('W3SVC{0}' -f $SiteId)) -Force)
    foreach ($file in $files) {
        Copy-Item -LiteralPath $file.FullName -Destination (Join-Bundle ('W3SVC{0}\{1}' -f $SiteId, $file.Name))
    }
    Add-Note ('{0} log file(s) from {1}' -f $files.Count, $source)
}

Invoke-Step 'icacls.txt' {
    if (-not $Iis -or -not $Iis.PhysicalPath) { throw 'the content folder is not known' }
    # The folder behind the URL and the file IIS serves from it: the URL's own file, else the
    # first default document that exists.
    $folder = $Iis.PhysicalPath; $file = $null
    if (Test-Path -LiteralPath $folder -PathType Leaf) { $file = $folder; $folder = Split-Path $folder -Parent }
    else {
        foreach ($doc in $Iis.DefaultDocs) {
            $candidate = Join-Path $folder $doc.Trim()
            if ($doc.Trim() -and (Test-Path -LiteralPath $candidate -PathType Leaf)) { $file = $candidate; break }
        }
    }
    $targets = @($folder) + @($file | Where-Object { $_ })
    if (Test-Tool 'icacls.exe') {
        foreach ($target in $targets) {
            [void](Invoke-Cmd ('icacls {0} >> {1} 2>&1' -f (ConvertTo-Quoted $target), (ConvertTo-Quoted (Join-Bundle 'icacls.txt'))))
        }
    } else {
        # Windows Server 2003 before SP2 has only cacls, whose output authlab does not read.
        foreach ($target in $targets) {
            [void](Invoke-Cmd ('cacls {0} >> {1} 2>&1' -f (ConvertTo-Quoted $target), (ConvertTo-Quoted (Join-Bundle 'cacls.txt'))))
        }
        Add-Note 'icacls.exe is missing: wrote cacls.txt instead; icacls.txt could not be made'
    }
}

Write-Host ''
Write-Host ('Done: {0} step(s) failed. Bundle: {1}' -f $Failures, $OutputPath)
if ($HostFacts -and $HostFacts.Legacy) {
    Write-Host 'Windows Server 2003: save the Security log as CSV into the bundle yourself:'
    Write-Host '  Event Viewer > Security > Action > Save Log File As... > Save as type: CSV (Comma delimited)'
    Write-Host ('  File name: {0}\Security.csv' -f $OutputPath)
}
Write-Host 'The bundle holds no password. It does hold account and computer names, and the'
Write-Host 'Security and W3C logs hold user names and client IP addresses: share it accordingly.'
Write-Host ('Then: authlab diagnose --bundle "{0}" --url {1}' -f $OutputPath, $Url)
