"""`appcmd list site|apppool|app|vdir`: one line per object, as appcmd's default text output
prints it: the object type, its identifier in quotes and its main attributes in parentheses.

- SITE "Default Web Site" (id:1,bindings:http/*:80:,state:Started); APPPOOL "DefaultAppPool"
  (MgdVersion:v4.0,MgdMode:Integrated,state:Started); APP "Default Web Site/"
  (applicationPool:DefaultAppPool); VDIR "Default Web Site/" (physicalPath:%SystemDrive%\\
  inetpub\\wwwroot) (Microsoft's "Getting Started with AppCmd.exe" on learn.microsoft.com and
  programming4.us's IIS 7.0 appcmd chapters describe the object types and the one-line output).
- appcmd's usage ("General purpose IIS command line administration tool.", "APPCMD (command)
  (object-type) <identifier> </parameter1:value1 ...>", "Supported object types:") as in those
  chapters.

Chosen without confirmation: MgdMode is always Integrated (the model keeps no pipeline mode),
a site's and a pool's state follow W3SVC (Started, or Unknown while it is stopped), several
bindings are joined with commas, and the physical path is printed as configured (unexpanded).
No list shows an application pool's identity or password.
"""

from __future__ import annotations

from ...apphost import AppHostConfig
from ...host import Host

USAGE = (
    "General purpose IIS command line administration tool.\n\n"
    "APPCMD (command) (object-type) <identifier> </parameter1:value1 ...>\n\n"
    "Supported object types:\n\n"
    "  SITE      Administration of virtual sites\n"
    "  APP       Administration of applications\n"
    "  VDIR      Administration of virtual directories\n"
    "  APPPOOL   Administration of application pools\n"
    "  CONFIG    Administration of general configuration sections\n\n"
    "(To list commands supported by each object use /?, e.g. 'appcmd.exe site /?')\n"
)

OBJECTS = ("site", "sites", "apppool", "apppools", "app", "apps", "vdir", "vdirs")


def render_list(host: Host, config: AppHostConfig, kind: str) -> str:
    state = "Started" if host.iis.w3svc_running else "Unknown"
    kind = kind.lower().rstrip("s")
    lines: list[str] = []
    if kind == "site":
        for site in config.sites():
            bindings = ",".join(f"{b.protocol}/{b.binding_information}" for b in site.bindings)
            lines.append(f'SITE "{site.name}" (id:{site.id},bindings:{bindings},state:{state})')
    elif kind == "apppool":
        for pool in config.app_pools():
            lines.append(
                f'APPPOOL "{pool.name}" (MgdVersion:{pool.managed_runtime_version},'
                f"MgdMode:Integrated,state:{state})"
            )
    else:
        for site in config.sites():
            for app in site.applications:
                if kind == "app":
                    lines.append(
                        f'APP "{site.name}{app.path}" (applicationPool:{app.application_pool})'
                    )
                    continue
                for vdir in app.virtual_directories:
                    name = site.name + (
                        app.path.rstrip("/") + vdir.path if vdir.path != "/" else app.path
                    )
                    lines.append(f'VDIR "{name}" (physicalPath:{vdir.physical_path})')
    return "".join(line + "\n" for line in lines)
