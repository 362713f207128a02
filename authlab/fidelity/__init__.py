"""Differential fidelity: the simulator's LogonUser against a real Samba AD DC, state by state
(docs/fidelity.md)."""
