"""Readers for the files of an evidence bundle (contract section 3), one module per format.

Every reader is safe with hostile input (no external entities, no entity expansion, size
limits), streams what can be large, and raises `checks.errors.BundleError` naming the file and
line for anything it can not use.
"""
