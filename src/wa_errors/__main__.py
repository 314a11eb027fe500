"""`python -m wa_errors` is the `wa-errors` command."""

import sys

from .cli import main

sys.exit(main())
