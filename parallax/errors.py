"""Typed errors; the CLI turns each into one line on stderr and an exit code."""

EXIT_OK = 0
EXIT_PARTIAL = 1  # done, but a source or a send failed
EXIT_USAGE = 2  # usage or configuration error
EXIT_LOCKED = 75  # another run holds the archive lock (EX_TEMPFAIL)


class ParallaxError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""

    exit_code = EXIT_PARTIAL
    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        msg = " ".join(str(self).split())
        return f"{msg} (hint: {self.hint})" if self.hint else msg


class ConfigError(ParallaxError):
    exit_code = EXIT_USAGE


class UsageError(ParallaxError):
    exit_code = EXIT_USAGE


class ArchiveError(ParallaxError):
    exit_code = EXIT_PARTIAL


class LockedError(ParallaxError):
    exit_code = EXIT_LOCKED


class SendError(ParallaxError):
    exit_code = EXIT_PARTIAL


class ModelError(ParallaxError):
    exit_code = EXIT_USAGE


class OutputError(ParallaxError):
    """A file or folder the user named for output cannot be written."""

    exit_code = EXIT_PARTIAL
