"""`manage.py build_report --meeting CODE --format FMT --out FILE [--names]`: one format of a
meeting's report, written in this process, for scripts and scheduled exports."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.domain import meeting_by_code
from reports import domain


class Command(BaseCommand):
    help = "Write one format of a meeting's report to a file."

    def add_arguments(self, parser):
        parser.add_argument("--meeting", required=True, help="the meeting's code")
        parser.add_argument(
            "--format", required=True, dest="fmt", help="pdf, docx, xlsx, csv, md or zip"
        )
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--names", action="store_true", help="include participant names (left out otherwise)"
        )

    def handle(self, *args, meeting, fmt, out, names, **options):
        found = meeting_by_code(meeting)
        if found is None:
            raise CommandError(f"No meeting has the code {meeting!r}.")
        formats = domain.exporters().FORMATS
        if fmt not in formats:
            raise CommandError(f"Unknown format {fmt!r}. Choose one of: {', '.join(formats)}.")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {str(target.parent)!r} does not exist.")

        def progress(step, done, total):
            if options["verbosity"] >= 2:
                self.stderr.write(f"{step} {done}/{total}")

        data = domain.report_write(
            meeting=found,
            fmt=fmt,
            language=found.language,
            include_names=names,
            progress=progress,
        )
        # Written beside the target and moved into place: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as written:
                written.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if options["verbosity"] >= 1:
            self.stdout.write(f"Wrote {target} ({len(data)} bytes).")
