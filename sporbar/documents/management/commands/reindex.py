"""`sporbar reindex`: rebuild the search index from the records."""

from django.core.management.base import BaseCommand

from sporbar.documents.search_sources import rebuild


class Command(BaseCommand):
    help = (
        "Genopbygger søgeindekset over møder, punkter, beslutninger, indstillinger, høringssvar, "
        "initiativer og dokumenter."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Søgeindekset er genopbygget: {count} poster.")
