"""Admin operations, named after the real tools an administrator would use.

Faults and repairs act on a host only through these, so every scenario is something a person
could have done (and a trainee can undo) on a real server. Each module is one tool; `shell`
parses real command lines into these calls.
"""
