"""authlab: a test harness with a simulated Windows server for IIS's anonymous 401.1."""

__version__ = "0.1.0"
