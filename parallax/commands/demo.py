"""`parallax demo`: being built (see the issue that owns it)."""

COMMANDS: list = []
