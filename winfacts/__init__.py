"""Pure Windows knowledge that the simulator and the diagnosis both stand on.

Nothing here has state, a clock or I/O: SIDs and well-known principals, user right names, the
NTSTATUS / Win32 / event tables, FILETIME, the logon-hours bitmap, `Secret`, the IIS 6 metabase
schema and the IIS 7+ section schema, and pure resolvers that answer "which anonymous settings
apply to this URL" over an immutable configuration document. `simulator/` builds its mutable
stores and admin tools on top of it; `checks/` reads bundles with its own readers into these
values. Neither imports the other, so when they agree, the agreement means something.
"""
