"""pytest-bdd steps for the scenarios in features/, in administrators' words.

Steps drive a `authlab.backends.Backend` through the `world` fixture and never reach into the
simulator, so the same features can run against a real server: they change it with command lines
(`Backend.run`) or, where only a console does it, typed console actions (`steps.console`), and
read the logs back with the commands an administrator types (`steps.reading`). Register the step
modules with ``pytest_plugins = list(STEP_MODULES)`` (the root conftest.py does).
"""

STEP_MODULES = (
    "steps.world",
    "steps.server",
    "steps.admin",
    "steps.visitor",
    "steps.logs",
    "steps.diagnosis",
    "steps.clock",
    "steps.console",
)
