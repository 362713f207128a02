"""The fault catalogue: one named, parameterised fault per finding id of the contract.

See `catalogue.py` for the list and `base.py` for what a fault promises.
"""

from .base import Fault, Symptoms, anonymous_account
from .catalogue import CATALOGUE, FAULT_IDS, fault_class, variants

__all__ = [
    "CATALOGUE",
    "FAULT_IDS",
    "Fault",
    "Symptoms",
    "anonymous_account",
    "fault_class",
    "variants",
]
