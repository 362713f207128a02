"""pytest-bdd step modules for the scenarios in features/ (issue 4)."""
