"""`python -m consult.juries.lottery inputs.json result.json`: the command
that runs one draw in its own process, and re-runs a published one
(lottery.process says how). Its name is published with every draw, so it
stays the package's own."""

import sys

from .process import main

if __name__ == "__main__":
    sys.exit(main())
