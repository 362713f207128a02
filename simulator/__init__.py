"""An in-memory Windows server (and its domain) on which every cause of IIS's anonymous
"401.1 Logon failed" (KB 909887) can be produced with the symptoms a real server shows.

Start with `simulator.factory.build_host`, break it with a fault from `simulator.faults`, and
send requests with ``host.iis.request(url)``.
"""

from winfacts.errors import ModelError

__all__ = ["ModelError"]
