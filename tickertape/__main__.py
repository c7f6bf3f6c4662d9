"""`python -m tickertape` runs the command-line interface."""

from tickertape.cli import console

console()
