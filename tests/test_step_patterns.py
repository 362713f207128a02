"""Every step line of every feature matches exactly one registered step pattern of its type.

pytest-bdd runs the first step definition it finds among all that match a line and says
nothing about the others, so two patterns that overlap (a `parse` field is lazy but the whole
line must match, so 'authlab diagnoses "{finding}"' also matches 'authlab diagnoses "a" first
and then "b"') make a scenario depend on the order step modules define their steps. This test
renders every Scenario Outline with each Examples row, gives And/But the type of the step
before, and asks every registered pattern of that type whether it matches.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence

import pytest
from pytest_bdd import parsers
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from steps import STEP_MODULES
from tests.support.features import RenderedScenario, StepLine, all_scenarios, typed_steps

for _module in STEP_MODULES:
    importlib.import_module(_module)


def step_name(context: StepFunctionContext) -> str:
    func = context.step_func
    return f"{func.__module__}.{func.__qualname__}"


def registered_steps(modules: Sequence[str] = STEP_MODULES) -> list[StepFunctionContext]:
    """The step definitions the feature run uses: those the step modules registered."""
    seen: dict[Callable[..., object], StepFunctionContext] = {}
    for context in list(step_function_context_registry.values()):
        if context.step_func.__module__ in modules:
            seen.setdefault(context.step_func, context)
    return list(seen.values())


def matching(
    step_type: str, text: str, contexts: Iterable[StepFunctionContext]
) -> list[StepFunctionContext]:
    """The step definitions of the step's type (or of any type) whose pattern matches it."""
    return [c for c in contexts if c.type in (step_type, None) and c.parser.is_matching(text)]


def not_exactly_one(
    lines: Iterable[StepLine], contexts: Sequence[StepFunctionContext]
) -> list[tuple[StepLine, list[str]]]:
    """Lines no pattern matches, or more than one does, with the definitions that match."""
    found = []
    for line in lines:
        names = [step_name(c) for c in matching(line.type, line.text, contexts)]
        if len(names) != 1:
            found.append((line, names))
    return found


SCENARIOS = all_scenarios()
STEPS = registered_steps()


def test_every_step_module_registered_steps() -> None:
    modules = {c.step_func.__module__ for c in STEPS}
    assert modules == set(STEP_MODULES) - {"steps.world"}, modules


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_step_line_matches_exactly_one_pattern(scenario: RenderedScenario) -> None:
    unresolved = [line.text for line in scenario.steps if "<" in line.text and ">" in line.text]
    assert not unresolved, f"Examples left placeholders in: {unresolved}"
    problems = [
        f"line {line.line}: {line.keyword} {line.text!r} -> {names or 'no step definition'}"
        for line, names in not_exactly_one(scenario.steps, STEPS)
    ]
    assert not problems, "\n".join(problems)


# -- the overlap check itself ---------------------------------------------------------------


def _define(kind: str, parser: object) -> StepFunctionContext:
    def step() -> None:  # pragma: no cover - never run
        pass

    step.__module__ = "fake_steps"
    return StepFunctionContext(type=kind, step_func=step, parser=parser)  # type: ignore[arg-type]


def test_overlapping_patterns_are_found() -> None:
    plain = _define("then", parsers.parse('authlab diagnoses "{finding}"'))
    ordered = _define(
        "then", parsers.parse('authlab diagnoses "{first}" first and then "{second}"')
    )
    lines = typed_steps(
        [
            ("Then", 'authlab diagnoses "account-disabled"', 1),
            ("And", 'authlab diagnoses "account-disabled" first and then "logon-hours"', 2),
        ]
    )
    found = not_exactly_one(lines, [plain, ordered])
    assert [line.line for line, _ in found] == [2]
    assert len(found[0][1]) == 2


def test_a_regex_and_a_parse_pattern_overlap() -> None:
    by_parse = _define("when", parsers.parse("{amount:d} minutes pass"))
    by_re = _define("when", parsers.re(r"(?P<amount>\d+) (?P<unit>minute|hour)s? pass(?:es)?"))
    lines = typed_steps([("When", "31 minutes pass", 1), ("And", "2 hours pass", 2)])
    found = not_exactly_one(lines, [by_parse, by_re])
    assert [(line.line, len(names)) for line, names in found] == [(1, 2)]


def test_a_pattern_of_another_type_does_not_count() -> None:
    given = _define("given", parsers.parse("a healthy web server running {platform}"))
    when = _define("when", parsers.parse("a healthy web server running {platform}"))
    line = typed_steps([("Given", "a healthy web server running IIS 6 with a local account", 1)])
    assert matching("given", line[0].text, [given, when]) == [given]
    assert not not_exactly_one(line, [given, when])


def test_a_line_nothing_matches_is_reported() -> None:
    given = _define("given", parsers.parse("a healthy web server running {platform}"))
    lines = typed_steps([("Given", "a broken web server", 1)])
    assert not_exactly_one(lines, [given]) == [(lines[0], [])]


def test_and_and_but_take_the_type_of_the_step_before() -> None:
    lines = typed_steps(
        [("Given", "a", 1), ("And", "b", 2), ("When", "c", 3), ("But", "d", 4), ("Then", "e", 5)]
    )
    assert [line.type for line in lines] == ["given", "given", "when", "when", "then"]
    with pytest.raises(ValueError):
        typed_steps([("And", "a", 1)])
