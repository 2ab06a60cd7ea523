"""Fill the database with deterministic synthetic people and papers (for tests and benchmarks)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from papers.generate import generate_data


class Command(BaseCommand):
    help = (
        "Add synthetic people, institutions, venues and papers. The same --seed gives the same "
        "data; --person-papers K makes the first person (the PI) an author of K papers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--papers", type=int, default=1000)
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--person-papers", type=int, default=0)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options) -> None:
        if options["papers"] < 0 or options["people"] < 1 or options["person_papers"] < 0:
            raise CommandError("--papers and --person-papers must be >= 0, --people >= 1.")

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {done:,}/{total:,} papers")

        try:
            counts = generate_data(
                papers=options["papers"],
                people=options["people"],
                seed=options["seed"],
                person_papers=options["person_papers"],
                batch_size=options["batch_size"],
                progress=progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts.papers:,} papers, {counts.authorships:,} authorships, "
                f"{counts.people:,} people, {counts.institutions:,} institutions, "
                f"{counts.venues:,} venues in {counts.seconds:.1f} s."
            )
        )
