"""Comparing a query with an alias: two parts (``compare``), two names part by part (``align``),
what an alignment is worth (``tiers``), and the cheap tests that must agree with them (``bounds``)."""
