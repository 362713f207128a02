"""The trainer's report of one workspace: the lab, the score, and the transcript with the
server's time of each command. Read from the workspace alone (nothing is replayed), so a
trainer can report on a classroom's files quickly; passwords were never stored."""

from __future__ import annotations

from typing import Any

from .catalogue import LabSpec
from .session import FAILED_CHECK_COST, HINT_COST, SOLUTION_COST, WRONG_FIX_COST, score_of
from .workspace import Workspace

SCHEMA = "authlab-lab-report/1"


def report_json(spec: LabSpec, workspace: Workspace) -> dict[str, Any]:
    score = score_of(workspace.entries)
    return {
        "schema": SCHEMA,
        "lab": spec.id,
        "title": spec.title,
        "difficulty": spec.difficulty,
        "platform": workspace.platform,
        "seed": workspace.seed,
        "solved": score.solved,
        "score": score.points,
        "hints": score.hints,
        "checks": score.checks,
        "failed_checks": score.failed_checks,
        "wrong_fixes": score.wrong_fixes,
        "solution_shown": score.solution_shown,
        "transcript": [
            {
                "at": e.at,
                "kind": e.kind,
                "command": e.command,
                "output": e.output,
                **({"solved": e.solved} if e.solved is not None else {}),
            }
            for e in workspace.entries
        ],
    }


def report_text(spec: LabSpec, workspace: Workspace) -> str:
    score = score_of(workspace.entries)
    lines = [
        f"Lab {spec.id}: {spec.title} ({spec.difficulty})",
        f"Platform {workspace.platform}, seed {workspace.seed}",
        f"Result: {'solved' if score.solved else 'not solved'}; score {score.points}/100",
        f"Hints {score.hints} (-{HINT_COST} each), failed checks {score.failed_checks} "
        f"(-{FAILED_CHECK_COST} each), wrong fixes {score.wrong_fixes} (-{WRONG_FIX_COST} "
        f"each), solution shown: {'yes' if score.solution_shown else 'no'} "
        f"(-{SOLUTION_COST})",
        "",
        "Transcript (server time):",
    ]
    for entry in workspace.entries:
        lines.append(f"[{entry.at}] C:\\> {entry.command}")
        lines += [f"    {line}" for line in entry.output.rstrip("\n").splitlines()]
    return "\n".join(lines) + "\n"
