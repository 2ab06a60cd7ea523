"""Shared helpers for the import tests: sample paths and a whole-database fingerprint."""

from pathlib import Path

from django.apps import apps

SAMPLES = Path(__file__).parent / "samples"
SEED = SAMPLES / "seed_profile.txt"
TRICKY = SAMPLES / "profile_tricky.txt"


def database_state() -> dict[str, object]:
    """Row count of every table (history tables included) and every `updated` time."""
    state: dict[str, object] = {}
    for model in apps.get_models(include_auto_created=True):
        manager = model._base_manager
        state[model._meta.db_table] = manager.count()
        if any(field.name == "updated" for field in model._meta.get_fields()):
            state[f"{model._meta.db_table}.updated"] = sorted(manager.values_list("pk", "updated"))
    return state
