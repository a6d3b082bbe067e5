"""`parallax models`: being built (see the issue that owns it)."""

COMMANDS: list = []
