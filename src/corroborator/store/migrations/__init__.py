"""Alembic migrations of the store, applied by ``open_store`` (see ``store.migrate``)."""
