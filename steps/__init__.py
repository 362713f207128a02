"""pytest-bdd steps for the scenarios in features/, in administrators' words.

Steps drive a `authlab.backends.Backend` through the `world` fixture and never reach into the
simulator, so the same features can run against a real server. Register them with
``pytest_plugins = ["steps.world", "steps.server", ...]`` (tests/test_features.py does).
"""

STEP_MODULES = (
    "steps.world",
    "steps.server",
    "steps.admin",
    "steps.visitor",
    "steps.logs",
    "steps.diagnosis",
    "steps.clock",
    "steps.extra",
)
