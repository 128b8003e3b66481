"""`python -m macros.cli …`: the `guide` command run from a checkout (tests, `guide serve` rebuilds)."""

import sys

from macros.cli import main

sys.exit(main())
