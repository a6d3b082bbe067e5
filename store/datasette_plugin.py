"""Datasette plugin loaded by `parallax serve`: the SQL functions of the canned search query."""

from __future__ import annotations

from datasette import hookimpl

from store.browse import register_functions


@hookimpl
def prepare_connection(conn):
    register_functions(conn)
