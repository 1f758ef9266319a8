"""Maintenance scripts (rebuild data, tune, benchmark). A package only so tests can import them as
``scripts.<name>``; each script still runs on its own (``python scripts/<name>.py``)."""
