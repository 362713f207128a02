"""The scenarios in features/ as pytest-bdd parses them, rendered once per Examples row, with
the tags each one carries (feature, scenario and Examples tags together)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
from pytest_bdd.parser import Feature, FeatureParser

FEATURES = Path(__file__).resolve().parents[2] / "features"

#: The Gherkin keywords that set a step's type; And and But (and "*") take the previous one.
_TYPED = {"given": "given", "when": "when", "then": "then"}


@attrs.frozen
class StepLine:
    type: str  # "given", "when" or "then"
    keyword: str  # as written: "Given", "And", ...
    text: str  # after substituting the Examples row
    line: int


@attrs.frozen
class RenderedScenario:
    file: str  # the feature file's name
    name: str  # the scenario's name after substitution
    example: int | None  # the row's index over all Examples tables, None for a plain Scenario
    tags: frozenset[str]
    steps: tuple[StepLine, ...]

    @property
    def id(self) -> str:
        row = "" if self.example is None else f"[{self.example}]"
        return f"{self.file}::{self.name}{row}"


def feature_files() -> list[Path]:
    return sorted(FEATURES.glob("*.feature"))


def parse(path: Path) -> Feature:
    return FeatureParser(str(path.parent), path.name).parse()


def typed_steps(keywords_and_texts: list[tuple[str, str, int]]) -> tuple[StepLine, ...]:
    """Give every step its type: Given/When/Then set it, And/But/* keep the previous one."""
    lines: list[StepLine] = []
    current: str | None = None
    for keyword, text, line in keywords_and_texts:
        word = keyword.strip().lower()
        if word in _TYPED:
            current = _TYPED[word]
        elif current is None:
            raise ValueError(f"line {line}: {keyword.strip()!r} can not start a scenario")
        lines.append(StepLine(current, keyword.strip(), text, line))
    return tuple(lines)


def rendered_scenarios(path: Path) -> Iterator[RenderedScenario]:
    feature = parse(path)
    for template in feature.scenarios.values():
        base_tags = set(feature.tags) | set(template.tags)
        if template.rule is not None:
            base_tags |= set(template.rule.tags)
        rows: list[tuple[dict[str, str], set[str]]] = [
            (context, set(examples.tags))
            for examples in template.examples
            for context in examples.as_contexts()
        ]
        if not rows:
            rows = [({}, set())]
        templated = bool(template.examples)
        for index, (context, example_tags) in enumerate(rows):
            scenario = template.render(context)
            steps = typed_steps([(s.keyword, s.name, s.line_number) for s in scenario.steps])
            yield RenderedScenario(
                path.name,
                scenario.name,
                index if templated else None,
                frozenset(base_tags | example_tags),
                steps,
            )


def all_scenarios() -> list[RenderedScenario]:
    return [s for path in feature_files() for s in rendered_scenarios(path)]
