"""The Windows Server Core IIS container backend: a real IIS in a Windows container, driven
through docker exec. It can run only on a Windows Docker engine; everywhere else it says why
at once, and its logic is tested on recorded real outputs replayed through a fake transport."""
