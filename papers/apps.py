from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = "Papers"

    def ready(self):
        from django.db.models.signals import post_migrate

        from papers.search import ensure_sqlite_fts

        # SQLite table rebuilds drop the full-text triggers; put them back.
        post_migrate.connect(ensure_sqlite_fts, sender=self)
