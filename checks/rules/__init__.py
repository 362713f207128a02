"""One rule per finding id: pure functions of the collected context (see `checks.engine`)."""
