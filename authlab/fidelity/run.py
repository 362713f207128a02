"""Running the comparison: on a DC (real and simulated answers), or on the simulator alone
(the predicted results the report is checked with)."""

from __future__ import annotations

from datetime import timedelta

from authlab.samba_dc import SambaDC
from simulator.clock import DEFAULT_START

from .compare import Answers, Result, predicted
from .dc_side import DcRunner, Observed, Passwords
from .sim_side import member_server, replay
from .states import State

#: The domain of the simulation without a DC (the names of `authlab.samba_dc.DomainSpec`).
DOMAIN = ("LAB", "LAB.EXAMPLE")


def on_dc(dc: SambaDC, states: list[State], workers: int = 4) -> list[Result]:
    """Every state on ``dc`` and in the simulator at the same moments."""
    passwords = Passwords()
    runner = DcRunner(dc, passwords, workers)
    runner.prepare()
    domain, realm = dc.spec.domain, dc.spec.realm
    host = member_server(domain, realm)
    by_index = {state.index: state for state in states}
    results = []
    for seen in runner.run(states):
        state = by_index[seen.index]
        simulated = replay(host, state, seen, passwords, domain, realm)
        real = Answers(seen.answers, seen.bad_count, seen.locked)
        results.append(
            Result(state, real, Answers(simulated.answers, simulated.bad_count, simulated.locked))
        )
    return results


def without_dc(states: list[State]) -> list[Result]:
    """The results a run gives when every state is as documented, from the simulator alone
    (each state made at the factory's start moment, one second per step)."""
    passwords = Passwords()
    domain, realm = DOMAIN
    host = member_server(domain, realm)
    results = []
    for state in states:
        moments = tuple(DEFAULT_START + timedelta(seconds=1 + i) for i in range(len(state.steps)))
        seen = Observed(state.index, state.name, (), moments, DEFAULT_START, 0, False)
        simulated = replay(host, state, seen, passwords, domain, realm)
        results.append(
            predicted(state, Answers(simulated.answers, simulated.bad_count, simulated.locked))
        )
    return results
