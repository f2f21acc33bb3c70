"""`python -m pdztables`: the same as the `pdztables` command."""

import sys

from pdztables.cli import main

sys.exit(main())
