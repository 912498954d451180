"""Alias tables as files: reading them (``read``), linting them (``check``), rewriting them in
canonical form (``fmt``)."""
