"""Settings for a worker (or command) process started by the tests: the writers the test
chose (the stub by default), and the catalogues of the test process, so both write the
same labels."""

import os

from samtale.settings import *  # noqa: F403

REPORT_EXPORTERS = os.environ.get("TEST_REPORT_EXPORTERS", "tests.reports.stub_exporters")
if os.environ.get("TEST_LOCALE_PATHS"):
    LOCALE_PATHS = os.environ["TEST_LOCALE_PATHS"].split(os.pathsep)
