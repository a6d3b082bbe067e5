"""Datasette plugin loaded by `parallax serve`: the SQL functions of the canned search query, reading
a query as `parallax search` does: the index's segmentation, the registry's names, the term list and
amounts (store.browse.register_functions)."""

from __future__ import annotations

from functools import lru_cache

from datasette import hookimpl

from store.browse import register_functions


@lru_cache(maxsize=1)
def _language():
    from translate.lookup import query_language

    return query_language()


@hookimpl
def prepare_connection(conn):
    words = _language()
    register_functions(conn, words.parse, words.simplify)
