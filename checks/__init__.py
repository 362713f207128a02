"""Diagnostic checks over collected evidence (issue 3)."""
