"""One file a revision of the store's schema, oldest first."""
