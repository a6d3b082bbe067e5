"""Output files written whole or not at all: a failed write leaves no partial file behind."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from parallax.errors import OutputError


def cannot_write(path, e: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {e.strerror or e}", hint="check the path and its permissions")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path, encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write to a temporary file beside PATH and rename it over PATH only when the block succeeds;
    encoding=None opens it in binary. OSErrors become one-line OutputErrors."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise cannot_write(path, e) from None
    try:
        # mkstemp makes the file 0600; give it the mode a plain open() would have.
        os.chmod(tmp, 0o666 & ~_umask())
        with open(fd, "w" if encoding else "wb", encoding=encoding, newline="" if encoding else None) as f:
            yield f
        os.replace(tmp, path)
    except OSError as e:
        _discard(tmp)
        raise cannot_write(path, e) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def save_digest_files(rendered, out_dir, basename: str, json_text: str | None = None) -> list[Path]:
    """OUT/BASENAME.html, .txt and .eml (the message exactly as it would be sent), and .json when
    given, each written whole."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise cannot_write(out, e) from None
    html, text, eml = (out / f"{basename}.{ext}" for ext in ("html", "txt", "eml"))
    for path, body in ((html, rendered.html), (text, rendered.text)):
        with atomic_output(path) as f:
            f.write(body)
    with atomic_output(eml, encoding=None) as f:
        f.write(bytes(rendered.message))
    if json_text is None:
        return [html, text, eml]
    as_json = out / f"{basename}.json"
    with atomic_output(as_json) as f:
        f.write(json_text)
    return [html, text, eml, as_json]


def write_digest_files(archive, week: str, config, out_dir, basename: str = "digest") -> list[Path]:
    """Build and render the week's digest as the config says; write OUT/BASENAME.html, .txt and .eml."""
    from digest.build import build_digest
    from digest.render import render_all

    options = config.digest_options()
    digest = build_digest(archive, week, options, names_seen=names_seen(config), concepts=digest_concepts())
    return save_digest_files(render_all(digest, options), out_dir, basename)


@functools.lru_cache(maxsize=1)
def digest_concepts():
    """The glossary's concepts (translate/glossary.yaml) as the digest reads them: a headline's kind
    of event, and leads compared across languages."""
    from digest.concepts import ConceptIndex
    from translate.normalise import to_simplified
    from translate.termlist import default_terms

    concepts = default_terms().concepts.values()
    return ConceptIndex([(f, c.id) for c in concepts for f in (*c.en, *c.gloss_en)],
                        [(f, c.id) for c in concepts for f in c.zh], simplify=to_simplified)


def names_seen(config):
    """The digest's "new names seen": the enrichment stage's name miner over the config's registry."""

    def seen(archive, since: str, until: str):
        from translate.suggest import new_names

        return new_names(archive, config.registry(), since, until)

    return seen
