"""Entry point for ``python -m matching``; see :mod:`matching.cli`."""

import sys

from matching.cli import main

sys.exit(main())
