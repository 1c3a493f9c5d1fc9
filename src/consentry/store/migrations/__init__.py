"""Brings the store's schema to the newest revision (Alembic; run by ``consentry.store.migrate``)."""
