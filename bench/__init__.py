"""samtale's benchmarks: `python -m bench [name]` (bench/__main__.py)."""

import os

# The benchmarks run on a development machine: the generated secret key will do, in this
# process and in the servers it starts (samtale/settings.py refuses to start without one).
os.environ.setdefault("SAMTALE_DEVELOPMENT", "true")
