"""The runs table: one row per `run`, and the digests table: one row per week sent."""

from __future__ import annotations

import json

from store.model import utcnow


def recipients_key(recipients: list[str]) -> str:
    return ",".join(sorted(r.strip().lower() for r in recipients))


class Runs:
    """Mixed into store.archive.Archive: needs self.conn and self.transaction()."""

    def start_run(self, pid: int) -> int:
        with self.transaction():
            return self.conn.execute("INSERT INTO runs(started, pid) VALUES (?,?)", (utcnow(), pid)).lastrowid

    def finish_run(self, run_id: int, *, status: str, errors: list[str], **counts: int) -> None:
        cols = ", ".join(f"{k}=?" for k in counts)
        with self.transaction():
            self.conn.execute(
                f"UPDATE runs SET finished=?, status=?, errors=?{', ' + cols if cols else ''} WHERE id=?",
                (utcnow(), status, json.dumps(errors, ensure_ascii=False), *counts.values(), run_id),
            )

    def last_run(self) -> dict | None:
        row = self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else None

    def close_interrupted_runs(self) -> list[int]:
        """Mark runs left 'running' as 'interrupted'; only the holder of the run lock may call it."""
        with self.transaction():
            ids = [r[0] for r in self.conn.execute("SELECT id FROM runs WHERE status='running' ORDER BY id")]
            self.conn.executemany(
                "UPDATE runs SET status='interrupted', errors=? WHERE id=?",
                [('["interrupted before it finished"]', i) for i in ids],
            )
        return ids


class Digests:
    """Mixed into store.archive.Archive: needs self.conn and self.transaction()."""

    def digest_sent(self, week: str, recipients: list[str]) -> dict | None:
        row = self.conn.execute(
            "SELECT * FROM digests WHERE week=? AND recipients=?", (week, recipients_key(recipients))
        ).fetchone()
        return dict(row) if row else None

    def record_digest(self, week: str, recipients: list[str], *, subject: str, message_id: str, stories: int) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO digests(week, recipients, sent_at, subject, message_id, stories) "
                "VALUES (?,?,?,?,?,?)",
                (week, recipients_key(recipients), utcnow(), subject, message_id, stories),
            )
