"""Every remedy the diagnosis gives, typed as an administrator would, mends the host it was
given for.

For each fault variant on each platform it applies to: a healthy host, the fault, IIS's token
cache flushed (as the catalogue tests do), a bundle, its diagnosis; then every command of every
remedy of every finding goes through the simulated command prompt (`simulator.admin.shell.run`)
as typed, each must succeed, and after `iisreset` the page must answer 200 and a fresh bundle
must diagnose healthy with the fault's finding gone. Info findings (logon failures not audited)
are applied and checked too: their remedy has to work as much as an error's.

Two rules stand in for the person at the keyboard, and they are the only ones:

1. **Placeholders.** A remedy never holds a password. ``<new password>`` is replaced with
   `CHOSEN_PASSWORD`, the password the administrator chooses; a ``*`` password argument of
   ``net user`` (net.exe then prompts for it) becomes the same password typed on the line, as
   the simulated prompt can not answer a prompt. One password for every place, as the remedies
   say to type the same password into the account and into IIS. ``<home directory>`` is
   the site's folder as IIS Manager shows it (the host's physical path for ``/``).
2. **Console actions.** A remedy without a command is a console step (Active Directory Users
   and Computers, Group Policy Management, Event Viewer, IIS Manager); its summary must name the
   console. `console_action` does what that step says with the simulator's typed operations,
   the ones the fault catalogue itself uses. A step that starts "If a GPO defines ..." is done
   only when one does, which the administrator learns from ``gpresult``/``rsop.msc``: here, the
   policy layer the simulated LSA reports as the setting's source. The cases:

   - account-locked-out: "Unlock account" / clear "Account is locked out" (no command-line tool
     unlocks an account on Windows Server 2003; `Unlock-ADAccount` needs the 2008 R2+ module).
   - password-expired for a domain account: tick "Password never expires" in dsa.msc (same).
   - account-not-found: IIS Manager's anonymous-account dialog, when the rules do not say which
     IIS generation it is (then the remedy can not pick adsutil.vbs or appcmd).
   - crash-on-audit-fail / security-log-full on Windows Server 2003 (no wevtutil): Event
     Viewer > Security > Clear Log, saving a copy.
   - logon-right-denied / -missing: the same change the remedy's ntrights command makes, made
     in the GPO the step names (the Default Domain Controllers Policy on a DC) where that GPO
     defines the right; a GPO that leaves it "Not Defined" has nothing to change.
   - logon-audit-disabled: "Audit logon events: Success and Failure" in Local Security Policy
     (Windows Server 2003), or in the GPO that defines audit policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.findings import Diagnosis, Finding, Remedy, Severity, Verdict
from simulator.admin import anonymous as anon
from simulator.admin import net, secpol, system
from simulator.admin.shell import run, split_command_line
from simulator.factory import build_host
from simulator.faults import Fault, anonymous_account, variants
from simulator.host import Host
from simulator.lsa import LOCAL_POLICY
from simulator.scenario import PLATFORMS, applicable
from tests.support.hosts import broken_host, diagnose_host
from winfacts.secret import Secret

CASES = [
    pytest.param(platform, fault, id=f"{platform}-{fault.label}")
    for platform, spec in PLATFORMS.items()
    for fault in applicable(spec, variants())
]

#: The password the administrator chooses where a remedy asks for one (rule 1).
CHOSEN_PASSWORD = "Chosen-By-Admin-4u!"
_NET_USER_PROMPT = re.compile(r"^(net\s+user\s+\S+)\s+\*(?=\s|$)", re.IGNORECASE)
#: What marks a console step: the console it is done in.
_CONSOLES = ("dsa.msc", "gpmc.msc", "secpol.msc", "Event Viewer", "IIS", "Local Users and Groups")
_DDCP = "Default Domain Controllers Policy"


def fill(command: str, host: Host) -> str:
    """Rule 1: the placeholders a person fills in, filled."""
    line = command.replace("<new password>", CHOSEN_PASSWORD)
    line = line.replace("<home directory>", host.iis.settings_for("/").physical_path)
    return _NET_USER_PROMPT.sub(lambda m: f"{m.group(1)} {CHOSEN_PASSWORD}", line)


def test_the_substitution_rule() -> None:
    host = build_host(PLATFORMS["iis6-local"])
    folder = host.iis.settings_for("/").physical_path
    assert fill("net user U * /domain", host) == f"net user U {CHOSEN_PASSWORD} /domain"
    assert fill("net user U * /add", host) == f"net user U {CHOSEN_PASSWORD} /add"
    assert fill("x /password:<new password> /y", host) == f"x /password:{CHOSEN_PASSWORD} /y"
    assert fill('icacls "<home directory>" /grant U', host) == f'icacls "{folder}" /grant U'
    assert fill("icacls C:\\x /grant *S-1-5-32-545:(RX)", host) == (
        "icacls C:\\x /grant *S-1-5-32-545:(RX)"
    )


def _gpo_edit(host: Host, gpo_name: str, ntrights: str) -> None:
    """Make the ntrights command's change in a GPO, where the GPO defines the right."""
    assert host.domain is not None
    argv = split_command_line(ntrights)
    who = argv[argv.index("-u") + 1]
    grant = "+r" in argv
    right = argv[argv.index("+r" if grant else "-r") + 1]
    gpo = host.domain.find_gpo(gpo_name)
    if right not in gpo.template.privilege_rights:
        return  # "Not Defined" in this GPO: the local change already decides
    current = list(gpo.template.privilege_rights[right])
    target = host.resolve(who)
    kept = [p for p in current if host.resolve(p) != target]
    secpol.gpo_set_right(host, gpo.name, right, [*kept, who] if grant else kept)


def console_action(host: Host, finding: Finding, remedy: Remedy) -> bool:
    """Rule 2: do what a console step says; False when the step did not apply to this host."""
    text = remedy.summary
    account, _, _ = anonymous_account(host)
    if finding.id in ("logon-right-denied", "logon-right-missing") and "gpmc.msc" in text:
        ntrights = next(r.command for r in finding.remedy if (r.command or "").startswith("ntr"))
        assert ntrights is not None
        if _DDCP in text and host.is_dc:
            _gpo_edit(host, _DDCP, ntrights)
            return True
        right = split_command_line(ntrights)[-1]
        source = host.lsa.right(right).source
        if source == LOCAL_POLICY:
            return False
        _gpo_edit(host, source, ntrights)
        return True
    if finding.id == "logon-audit-disabled":
        source = host.lsa.audit_logon().source
        if source != LOCAL_POLICY and "GPO" in text:
            secpol.gpo_audit_logon(host, source, success=True, failure=True)
            system.gpupdate(host)
            return True
        if remedy.command is None:
            secpol.auditpol_logon(host, success=True, failure=True)
            return True
        return False
    if remedy.command is not None:
        return False
    if finding.id == "account-locked-out":
        assert account is not None
        net.unlock(host, account.name, domain=account.is_domain)
        return True
    if finding.id == "password-expired":
        assert account is not None and account.is_domain
        net.set_password_never_expires(host, account.name, True, domain=True)
        return True
    if finding.id == "account-not-found" and text.startswith("Type the same password into IIS"):
        anon.set_password(host, Secret(CHOSEN_PASSWORD))
        return True
    if text.startswith("Archive and clear the Security log"):
        system.wevtutil_cl(host, "Security", backup="Security-backup.evt")
        return True
    raise AssertionError(f"{finding.id}: no console action known for {text!r}")


def apply_remedies(host: Host, result: Diagnosis) -> list[str]:
    """Every step of every finding, in order; returns what was done, for failure messages."""
    done: list[str] = []
    for finding in result.findings:
        for remedy in finding.remedy:
            if remedy.command is None:
                assert any(c in remedy.summary for c in _CONSOLES), (
                    f"{finding.id}: a step without a command must name its console: "
                    f"{remedy.summary!r}"
                )
            if console_action(host, finding, remedy):
                done.append(f"[console] {remedy.summary}")
            if remedy.command is not None:
                line = fill(remedy.command, host)
                out = run(host, line)
                assert out.exit_code == 0, (finding.id, remedy.command, out.output)
                done.append(remedy.command)
    return done


@pytest.mark.parametrize(("platform", "fault"), CASES)
def test_every_remedy_typed_as_given_mends_the_host(
    platform: str, fault: Fault, tmp_path: Path
) -> None:
    host = broken_host(PLATFORMS[platform], fault)
    broken = diagnose_host(host, tmp_path / "broken")
    assert fault.id in [f.id for f in broken.findings]

    done = apply_remedies(host, broken)
    assert host.running, done
    assert run(host, "iisreset").exit_code == 0
    response = host.iis.request("/")
    assert response.code == "200", (response, done)

    after = diagnose_host(host, tmp_path / "after")
    assert after.verdict is Verdict.HEALTHY, (after.findings, after.missing, done)
    assert [f.id for f in after.findings if f.severity is not Severity.INFO] == []
    assert fault.id not in [f.id for f in after.findings], done
