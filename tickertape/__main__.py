"""`python -m tickertape` runs the command-line interface."""

from tickertape.cli import main

raise SystemExit(main())
