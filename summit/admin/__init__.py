"""The admin, split by subject like the models."""

from summit.admin import events, organisations, people, sources  # noqa: F401
