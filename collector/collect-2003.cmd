@echo off
rem collect-2003.cmd: an authlab evidence bundle on Windows Server 2003 (IIS 6) without
rem PowerShell. Where PowerShell 2.0 is installed, use Collect-AuthlabBundle.ps1 instead: it
rem writes more (the credential probe, the Security log) and handles any URL. See
rem docs/collector.md.
rem
rem Usage (from an administrator's command prompt):
rem     collect-2003.cmd [OUTPUTDIR] [SITEID]
rem OUTPUTDIR must be new or empty (default .\authlab-bundle-COMPUTERNAME); SITEID defaults
rem to 1. The anonymous settings are read at the site's root (the URL /).
rem
rem Bundle files this script writes (tests/test_collector.py holds this list to
rem checks/bundle_files.py and to the code below):
rem bundle-file: host.json
rem bundle-file: MetaBase.xml
rem bundle-file: secedit.inf
rem bundle-file: lsa.reg
rem bundle-file: net-user-%ANONUSER%.txt
rem bundle-file: ad.ldif
rem bundle-file: net-localgroup-%1.txt
rem bundle-file: Security-log.txt
rem bundle-file: W3SVC%SITE%\%%~nxL
rem bundle-file: icacls.txt
rem Not written: probe.json (cmd can not call LogonUser), Security.xml and Security.evtx (2003
rem has no wevtutil), auditpol.csv (2003 has no auditpol), Security.csv (Event Viewer's "Save
rem Log File As", a GUI step: the script says how at the end). Written only when icacls.exe is
rem missing, and not read by authlab:
rem extra-file: cacls.txt
rem
rem No password is read: the anonymous password stays in the metabase.

setlocal EnableExtensions
set "OUT=%~1"
if "%OUT%"=="" set "OUT=%CD%\authlab-bundle-%COMPUTERNAME%"
set "SITE=%~2"
if "%SITE%"=="" set "SITE=1"
set "INETSRV=%windir%\system32\inetsrv"
set "ADSUTIL=%SystemDrive%\Inetpub\AdminScripts\adsutil.vbs"
set "FAILED=0"

net session >nul 2>&1 || echo WARNING: not an administrator: most steps will fail.

rem A bundle directory that already holds files could pass old evidence off as new.
if not exist "%OUT%\" goto :make_out
dir /b /a "%OUT%" 2>nul | findstr "^" >nul && goto :not_empty
:make_out
if not exist "%OUT%\" mkdir "%OUT%"
if not exist "%OUT%\" goto :no_out
echo Writing the authlab bundle to %OUT%

rem --- the anonymous account, from the metabase ------------------------------------------
rem adsutil.vbs GET prints `Name<padding>: (TYPE) "value"`; a node that does not set the
rem property prints `The parameter "Name" is not set at this node.` (reference iis.md 2).
rem :adsfind walks from the site's root up to W3SVC, as metabase inheritance does.
if not exist "%ADSUTIL%" echo WARNING: %ADSUTIL% not found: the IIS settings can not be read.
call :adsfind AnonymousUserName
set "ANON=%ADSVAL%"
call :adsfind DefaultLogonDomain
set "DEFDOM=%ADSVAL%"
set "ANONUSER=%ANON%"
set "ANONDOM="
for /f "tokens=1,* delims=\" %%A in ("%ANON%") do if not "%%B"=="" set "ANONDOM=%%A"
if defined ANONDOM for /f "tokens=1,* delims=\" %%A in ("%ANON%") do set "ANONUSER=%%B"
if not defined ANONDOM set "ANONDOM=%DEFDOM%"
set "ANONISDOMAIN=0"
if defined ANONDOM if /i not "%ANONDOM%"=="%COMPUTERNAME%" if not "%ANONDOM%"=="." set "ANONISDOMAIN=1"
echo    anonymous account: %ANON%

rem --- host.json ---------------------------------------------------------------------------
echo -- host.json
rem DomainRole 4 and 5 are domain controllers (Win32_ComputerSystem; DSROLE_MACHINE_ROLE order:
rem https://learn.microsoft.com/windows/win32/api/dsrole/ne-dsrole-dsrole_machine_role).
rem wmic ends its lines with an extra carriage return: the inner for /f drops it.
set "ROLE=0"
for /f "tokens=2 delims==" %%R in ('wmic computersystem get DomainRole /value 2^>nul ^| find "="') do for /f %%S in ("%%R") do set "ROLE=%%S"
set "ISDC=false"
if %ROLE% GEQ 4 set "ISDC=true"
set "OSCAP="
for /f "tokens=2 delims==" %%C in ('wmic os get Caption /value 2^>nul ^| find "="') do for /f "delims=" %%D in ("%%C") do set "OSCAP=%%D"
rem The NetBIOS name of the domain: `net config workstation`'s "Workstation domain" line
rem (English Windows), else the logged-on user's domain; none for a workgroup server.
set "DOMAIN="
if %ROLE% EQU 0 goto :domain_done
if %ROLE% EQU 2 goto :domain_done
for /f "tokens=1-4" %%A in ('net config workstation 2^>nul') do if "%%A %%B"=="Workstation domain" if "%%D"=="" set "DOMAIN=%%C"
if not defined DOMAIN if /i not "%USERDOMAIN%"=="%COMPUTERNAME%" set "DOMAIN=%USERDOMAIN%"
:domain_done
set "IISVER="
call :regdword "HKLM\SOFTWARE\Microsoft\InetStp" MajorVersion
set "IISMAJ=%REGVAL%"
call :regdword "HKLM\SOFTWARE\Microsoft\InetStp" MinorVersion
if defined IISMAJ set "IISVER=%IISMAJ%.%REGVAL%"
rem collected_at: local time from WMI's locale-independent LocalDateTime
rem (yyyymmddHHMMSS.mmmmmmsUUU, https://learn.microsoft.com/windows/win32/wmisdk/cim-datetime)
rem and the offset from ActiveTimeBias, the minutes to add to local time to get UTC, a signed
rem DWORD (https://kb.digital-detective.net/display/NetAnalysis1/ActiveTimeBias).
set "LDT="
for /f "tokens=2 delims==" %%T in ('wmic os get LocalDateTime /value 2^>nul ^| find "="') do set "LDT=%%T"
call :regdword "HKLM\SYSTEM\CurrentControlSet\Control\TimeZoneInformation" ActiveTimeBias
set "COLLECTED="
if not defined LDT goto :time_done
if not defined REGVAL goto :time_done
set /a "OFF=-REGVAL"
set "SIGN=+"
if %OFF% LSS 0 set "SIGN=-"
if %OFF% LSS 0 set /a "OFF=-OFF"
set /a "OFFH=OFF/60, OFFM=OFF%%60"
if %OFFH% LSS 10 set "OFFH=0%OFFH%"
if %OFFM% LSS 10 set "OFFM=0%OFFM%"
set "COLLECTED=%LDT:~0,4%-%LDT:~4,2%-%LDT:~6,2%T%LDT:~8,2%:%LDT:~10,2%:%LDT:~12,2%%SIGN%%OFFH%:%OFFM%"
:time_done
rem date_format and time_format: the patterns net user prints its dates with, taken to be the
rem user's short date and long time formats, sShortDate and sTimeFormat under HKCU\Control
rem Panel\International (net runs as this user; which locale net.exe formats with is not
rem documented, and unlike the .ps1 this script can not compare the system locale's: see
rem docs/collector.md). They are Win32 format pictures, which .NET takes as they are (it only
rem re-escapes a backslash and a doubled quote, which :intlformat refuses), so no conversion
rem is needed. A calendar other than the Gregorian (iCalendarType 1 and 2) counts other
rem years: both are left out then.
set "DFMT="
set "TFMT="
set "CALTYPE="
for /f "tokens=2,*" %%A in ('reg query "HKCU\Control Panel\International" /v iCalendarType 2^>nul ^| find "REG_SZ"') do set "CALTYPE=%%B"
if not "%CALTYPE%"=="1" if not "%CALTYPE%"=="2" goto :formats_done
call :intlformat sShortDate
set "DFMT=%FMTVAL%"
rem authlab needs a day, a month and a year in a date pattern (FMTHAS holds only -DOYIH).
if "%FMTHAS:D=%"=="%FMTHAS%" set "DFMT="
if "%FMTHAS:O=%"=="%FMTHAS%" set "DFMT="
if "%FMTHAS:Y=%"=="%FMTHAS%" set "DFMT="
call :intlformat sTimeFormat
set "TFMT=%FMTVAL%"
rem ... and minutes and an hour in a time pattern.
if "%FMTHAS:I=%"=="%FMTHAS%" set "TFMT="
if "%FMTHAS:H=%"=="%FMTHAS%" set "TFMT="
:formats_done
if not defined DFMT echo    date_format left out: no Gregorian short date format authlab reads
if not defined TFMT echo    time_format left out: no long time format authlab reads
set "J_DOMAIN=null"
if defined DOMAIN set "J_DOMAIN="%DOMAIN%""
set "J_IIS=null"
if defined IISVER set "J_IIS="%IISVER%""
set "J_TIME=null"
if defined COLLECTED set "J_TIME="%COLLECTED%""
set "J_DFMT=null"
if defined DFMT set "J_DFMT="%DFMT%""
set "J_TFMT=null"
if defined TFMT set "J_TFMT="%TFMT%""
> "%OUT%\host.json" echo {
>> "%OUT%\host.json" echo   "computer_name": "%COMPUTERNAME%",
>> "%OUT%\host.json" echo   "domain": %J_DOMAIN%,
>> "%OUT%\host.json" echo   "is_domain_controller": %ISDC%,
>> "%OUT%\host.json" echo   "iis_version": %J_IIS%,
>> "%OUT%\host.json" echo   "os": "%OSCAP%",
>> "%OUT%\host.json" echo   "collected_at": %J_TIME%,
>> "%OUT%\host.json" echo   "date_format": %J_DFMT%,
>> "%OUT%\host.json" echo   "time_format": %J_TFMT%
>> "%OUT%\host.json" echo }

rem --- configuration and policy ------------------------------------------------------------
echo -- MetaBase.xml
rem IIS 6 writes the in-memory metabase to MetaBase.xml only now and then: save it first.
cscript //nologo "%windir%\system32\iiscnfg.vbs" /save >nul 2>&1
copy /y "%INETSRV%\MetaBase.xml" "%OUT%\MetaBase.xml" >nul 2>&1 || call :failed MetaBase.xml

echo -- secedit.inf
rem secedit writes the file itself, in UTF-16LE with a BOM; it is kept as written.
secedit /export /cfg "%OUT%\secedit.inf" >nul 2>&1 || call :failed secedit.inf

echo -- lsa.reg
reg export HKLM\SYSTEM\CurrentControlSet\Control\Lsa "%OUT%\lsa.reg" >nul 2>&1 || call :failed lsa.reg

echo -- probe.json
echo    skipped: cmd can not call LogonUser; Collect-AuthlabBundle.ps1 (PowerShell 2.0) can.

rem --- the account and the groups ----------------------------------------------------------
echo -- net user
if not defined ANONUSER goto :no_account
set "NETDOMAIN="
rem A domain controller answers for its domain itself; a member server asks the domain.
if "%ANONISDOMAIN%"=="1" if not "%ISDC%"=="true" set "NETDOMAIN= /domain"
rem "The user name could not be found." is evidence too: the file is kept whatever net says.
net user "%ANONUSER%"%NETDOMAIN% > "%OUT%\net-user-%ANONUSER%.txt" 2>&1

echo -- ad.ldif
if "%ANONISDOMAIN%"=="1" goto :ldif_tool
echo    skipped: not a domain account
goto :ldif_done
:ldif_tool
ldifde -? >nul 2>&1
if not errorlevel 9009 goto :ldif_run
echo    skipped: ldifde.exe is not installed (AD DS tools)
goto :ldif_done
:ldif_run
rem The account and the domain object (lockout and password policy). Its groups are named by
rem memberOf; the PowerShell collector also exports the group objects.
rem ldifde switches: https://learn.microsoft.com/previous-versions/orphan-topics/ws.10/cc755456(v=ws.10)
ldifde -f "%OUT%\ad.ldif" -r "(|(sAMAccountName=%ANONUSER%)(objectClass=domainDNS))" -l "objectClass,distinguishedName,sAMAccountName,objectSid,userAccountControl,msDS-User-Account-Control-Computed,lockoutTime,badPwdCount,badPasswordTime,accountExpires,pwdLastSet,logonHours,userWorkstations,memberOf,primaryGroupID,lockoutDuration,lockoutObservationWindow,lockoutThreshold,maxPwdAge,minPwdAge,pwdProperties" >nul 2>&1 || call :failed ad.ldif
:ldif_done
goto :groups
:no_account
echo    skipped: the metabase names no anonymous account
:groups

echo -- net localgroup
rem The groups rights and ACLs name in the KB 909887 causes; one this server lacks is skipped.
for %%G in (Administrators Guests Users IIS_IUSRS IIS_WPG) do call :localgroup %%G

rem --- the Security log --------------------------------------------------------------------
echo -- Security-log.txt
rem `wevtutil gl Security` fields from the Eventlog service's key, and the file's size as
rem `wevtutil gli` would print it, so authlab reads it like a newer server's. MaxSize is in
rem bytes; Retention in seconds: 0 overwrites as needed, 0xFFFFFFFF never overwrites, N keeps
rem records younger than N seconds (so a full log may not overwrite either); AutoBackupLogFiles
rem 1 archives a full log. Sources: https://techshelps.github.io/MSDN/WBEM/devdoc/good/wbem/sdkprov_6aer.htm,
rem https://techshelps.github.io/MSDN/DNWINNT/HTML/D21/S82BF.HTM
set "EVKEY=HKLM\SYSTEM\CurrentControlSet\Services\Eventlog\Security"
call :regdword "%EVKEY%" MaxSize
set "MAXSIZE=%REGVAL%"
call :regdword "%EVKEY%" Retention
set "RETENTION=true"
if "%REGVAL%"=="0" set "RETENTION=false"
call :regdword "%EVKEY%" AutoBackupLogFiles
set "AUTOBACKUP=false"
if "%REGVAL%"=="1" set "AUTOBACKUP=true"
set "EVFILE="
for /f "tokens=2,*" %%A in ('reg query "%EVKEY%" /v File 2^>nul ^| find "REG_"') do set "EVFILE=%%B"
rem The value is REG_EXPAND_SZ (%SystemRoot%\...): call set expands it.
if defined EVFILE call set "EVFILE=%EVFILE%"
if not defined EVFILE set "EVFILE=%windir%\system32\config\SecEvent.Evt"
set "EVSIZE="
for %%F in ("%EVFILE%") do set "EVSIZE=%%~zF"
> "%OUT%\Security-log.txt" echo name: Security
>> "%OUT%\Security-log.txt" echo logging:
>> "%OUT%\Security-log.txt" echo   logFileName: %EVFILE%
>> "%OUT%\Security-log.txt" echo   retention: %RETENTION%
>> "%OUT%\Security-log.txt" echo   autoBackup: %AUTOBACKUP%
>> "%OUT%\Security-log.txt" echo   maxSize: %MAXSIZE%
>> "%OUT%\Security-log.txt" echo fileSize: %EVSIZE%

rem --- W3C logs ----------------------------------------------------------------------------
echo -- W3C logs
call :adsfind LogFileDirectory
set "LOGDIR=%ADSVAL%"
if not defined LOGDIR set "LOGDIR=%windir%\system32\LogFiles"
call set "LOGDIR=%LOGDIR%"
rem IIS 6 buffers log lines in HTTP.sys for a while: a request of the last minute or so may
rem not be on disk yet.
if exist "%LOGDIR%\W3SVC%SITE%\*.log" goto :logs_copy
echo    no logs in %LOGDIR%\W3SVC%SITE%
goto :logs_done
:logs_copy
if not exist "%OUT%\W3SVC%SITE%\" mkdir "%OUT%\W3SVC%SITE%"
set "LOGCOUNT=0"
pushd "%LOGDIR%\W3SVC%SITE%"
for %%L in (*.log) do copy /y "%%~fL" "%OUT%\W3SVC%SITE%\%%~nxL" >nul 2>&1 && set /a "LOGCOUNT+=1"
popd
echo    %LOGCOUNT% log file(s) copied from %LOGDIR%\W3SVC%SITE%
:logs_done

rem --- content ACLs ------------------------------------------------------------------------
echo -- icacls.txt
call :adsfind Path
set "CONTENT=%ADSVAL%"
if defined CONTENT goto :acl_docs
echo    skipped: no content path in the metabase
goto :acl_done
:acl_docs
call :adsfind DefaultDoc
set "DOCS=%ADSVAL%"
set "DOCFILE="
rem The folder and the first default document that exists in it (commas separate the names).
if defined DOCS for %%D in (%DOCS%) do if not defined DOCFILE if exist "%CONTENT%\%%D" set "DOCFILE=%CONTENT%\%%D"
icacls /? >nul 2>&1
if errorlevel 9009 goto :cacls
icacls "%CONTENT%" > "%OUT%\icacls.txt" 2>&1
if defined DOCFILE icacls "%DOCFILE%" >> "%OUT%\icacls.txt" 2>&1
goto :acl_done
:cacls
rem Windows Server 2003 before SP2 has only cacls, whose output authlab does not read.
cacls "%CONTENT%" > "%OUT%\cacls.txt" 2>&1
if defined DOCFILE cacls "%DOCFILE%" >> "%OUT%\cacls.txt" 2>&1
echo    icacls.exe is missing: wrote cacls.txt instead; icacls.txt could not be made.
:acl_done

echo.
echo Done: %FAILED% step(s) failed. Bundle: %OUT%
echo.
echo One step is yours: save the Security log as CSV into the bundle.
echo   Event Viewer (eventvwr.msc) ^> Security ^> Action ^> Save Log File As...
echo   Save as type: CSV (Comma delimited)   File name: %OUT%\Security.csv
echo (eventquery.vbs /fo csv writes a different CSV, which authlab does not read.)
echo.
echo The bundle holds no password. It does hold account and computer names, and the
echo Security and W3C logs hold user names and client IP addresses: share it accordingly.
echo Then: authlab diagnose --bundle "%OUT%"
endlocal
exit /b 0

rem --- subroutines -------------------------------------------------------------------------

:adsfind
rem %1 = property; sets ADSVAL to the value at the site's root or the nearest parent key.
set "ADSVAL="
for %%K in (w3svc/%SITE%/root w3svc/%SITE% w3svc) do if not defined ADSVAL call :adsget %%K/%1
goto :eof

:adsget
rem %1 = metabase path/property; ADSVAL = the quoted value after "(TYPE)", without its quotes.
set "ADSRAW="
for /f "tokens=1,* delims=)" %%A in ('cscript //nologo "%ADSUTIL%" GET %1 2^>nul ^| find " : "') do set "ADSRAW=%%B"
if not defined ADSRAW goto :eof
for %%Q in (%ADSRAW%) do set "ADSVAL=%%~Q"
goto :eof

:regdword
rem %1 = key, %2 = value name; REGVAL = the DWORD as a signed decimal (0xFFFFFFFF is -1), or
rem empty when the value is not there. reg prints 0x and up to 8 hex digits. set /a on XP and
rem 2003 may refuse a literal above 0x7FFFFFFF (https://www.dostips.com/forum/viewtopic.php?t=3758),
rem so a negative value (8 digits, the top one 8-f) is put together from its top digit and
rem the other seven.
set "REGVAL="
set "REGRAW="
for /f "tokens=3" %%V in ('reg query "%~1" /v %2 2^>nul ^| find "REG_DWORD"') do set "REGRAW=%%V"
if not defined REGRAW goto :eof
rem The # padding tells a value of fewer than 8 digits without reading past the string's end.
set "REGHEX=%REGRAW:~2%########"
set "REGNEG="
if not "%REGHEX:~7,1%"=="#" for %%D in (8 9 a b c d e f) do if /i "%REGHEX:~0,1%"=="%%D" set "REGNEG=1"
if defined REGNEG goto :regdword_negative
set /a "REGVAL=%REGRAW%"
goto :eof
:regdword_negative
set /a "REGVAL=(0x%REGHEX:~0,1%-16)*0x10000000+0x%REGHEX:~1,7%"
goto :eof

:intlformat
rem %1 = a value under HKCU\Control Panel\International; FMTVAL = its data when every character
rem is a letter or separator authlab's host.json reader takes, else empty: a value it refused
rem would make the whole host.json unreadable, and one with a quote or & would break the echo.
rem FMTHAS marks what it holds: D day, O month, Y year, I minute, H hour. The characters are
rem compared one by one with a case-sensitive if: M is the month and m the minute, and cmd's
rem own substitutions and for /f delimiters may ignore case.
rem reg prints `name<blanks>REG_SZ<blanks>data` (tabs on 2003, spaces later): tokens 2,* keep
rem the data's own spaces ("h:mm:ss tt").
set "FMTVAL="
set "FMTHAS=-"
for /f "tokens=2,*" %%A in ('reg query "HKCU\Control Panel\International" /v %1 2^>nul ^| find "REG_SZ"') do set "FMTVAL=%%B"
if not defined FMTVAL goto :eof
rem A double quote would end the quoted strings below: make it #, which then fails.
set "FMTVAL=%FMTVAL:"=#%"
set "FMTREST=%FMTVAL%"
set "FMTPREV="
set "FMTLEN=0"
:intlformat_next
if not defined FMTREST goto :eof
set "FMTCHAR=%FMTREST:~0,1%"
set "FMTREST=%FMTREST:~1%"
set /a "FMTLEN+=1"
if %FMTLEN% GTR 40 goto :intlformat_refuse
rem A doubled single quote means something else to .NET than to Win32.
if "%FMTPREV%%FMTCHAR%"=="''" goto :intlformat_refuse
set "FMTPREV=%FMTCHAR%"
set "FMTOK="
for %%C in (d M y H h m s t) do if "%%C"=="%FMTCHAR%" set "FMTOK=1"
for %%C in (/ . : ' -) do if "%%C"=="%FMTCHAR%" set "FMTOK=1"
if "%FMTCHAR%"=="," set "FMTOK=1"
if "%FMTCHAR%"==" " set "FMTOK=1"
if not defined FMTOK goto :intlformat_refuse
if "%FMTCHAR%"=="d" set "FMTHAS=%FMTHAS%D"
if "%FMTCHAR%"=="M" set "FMTHAS=%FMTHAS%O"
if "%FMTCHAR%"=="y" set "FMTHAS=%FMTHAS%Y"
if "%FMTCHAR%"=="m" set "FMTHAS=%FMTHAS%I"
if "%FMTCHAR%"=="h" set "FMTHAS=%FMTHAS%H"
if "%FMTCHAR%"=="H" set "FMTHAS=%FMTHAS%H"
goto :intlformat_next
:intlformat_refuse
set "FMTVAL="
set "FMTHAS=-"
goto :eof

:localgroup
net localgroup %1 > "%OUT%\net-localgroup-%1.txt" 2>&1
if not errorlevel 1 goto :eof
del "%OUT%\net-localgroup-%1.txt"
echo    %1: no such local group, skipped
goto :eof

:failed
set /a "FAILED+=1"
echo    WARNING: %1 could not be written.
goto :eof

:not_empty
echo %OUT% is not empty: give a new or empty directory, so no old file is taken as evidence.
exit /b 2

:no_out
echo Can not create %OUT%.
exit /b 2
