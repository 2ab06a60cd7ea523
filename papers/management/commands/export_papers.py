"""Export papers as BibTeX, RIS, CSL-JSON or CSV, filtered the way the /papers/ page filters."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from papers.citations import FORMATS
from papers.filters import PaperFilter
from papers.models import Paper

CHUNK_SIZE = 500


class Command(BaseCommand):
    help = "Write papers in a citation format to stdout or a file; filters mean what they mean on /papers/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--person", metavar="SLUG", help="Papers this person authored.")
        parser.add_argument("--year-min", type=int, metavar="Y")
        parser.add_argument("--year-max", type=int, metavar="Y")
        parser.add_argument(
            "--subject", action="append", metavar="CODE", help="Subject code; repeatable."
        )
        parser.add_argument("--venue", metavar="SLUG")
        parser.add_argument("--institution", metavar="SLUG")
        parser.add_argument("--kind", choices=Paper.Kind.values)
        parser.add_argument("--has-code", action="store_true", help="Only papers with code.")
        parser.add_argument("--search", metavar="TEXT", help="Full-text search, as q= on the page.")
        parser.add_argument(
            "--include-unpublished", action="store_true", help="Also papers hidden from the public."
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here, not to stdout.")

    def handle(self, *args, fmt: str, output: str | None, **options) -> None:
        query = QueryDict(mutable=True)
        for option, param in (
            ("person", "person"),
            ("year_min", "year_min"),
            ("year_max", "year_max"),
            ("venue", "venue"),
            ("institution", "institution"),
            ("kind", "kind"),
            ("search", "q"),
        ):
            if options[option] not in (None, ""):
                query[param] = str(options[option])
        query.setlist("subject", options["subject"] or [])
        if options["has_code"]:
            query["has_code"] = "true"
        query["sort"] = "-date"

        base = Paper.objects.all() if options["include_unpublished"] else Paper.objects.published()
        filterset = PaperFilter(query, queryset=base)
        if not filterset.is_valid():
            raise CommandError(f"Bad filter: {filterset.errors.as_text()}")
        # In chunks: each chunk's prefetches use short IN lists and the memory stays flat.
        papers = filterset.qs.with_card_data().iterator(chunk_size=CHUNK_SIZE)
        text = FORMATS[fmt].render(papers)

        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
