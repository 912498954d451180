"""The decision for a name: the cascade of tiers over the index's candidates, and ``AliasDB``, the
front door that loads a table and answers ``resolve``, ``candidates`` and ``explain``."""
