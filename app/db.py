"""Database engine and transactions. Only services use this module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # We issue BEGIN ourselves (below), so transactions start where SQLAlchemy says they do.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):  # type: ignore[no-untyped-def]
            # IMMEDIATE takes the write lock at the start, so a read-check-write (limits) cannot interleave.
            immediate = connection.get_execution_options().get("immediate")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One engine; every write goes through `transaction()` so it commits whole or not at all."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)

    @contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error. `immediate`: writers are
        serialised from the first statement on (SQLite); on PostgreSQL callers lock rows FOR UPDATE.

        On SQLite every transaction that reads and then writes must be `immediate` (tests/conftest.py checks it):
        a deferred one that has read is refused "database is locked" at once, without waiting, if another request
        wrote meanwhile. Pure reads stay deferred, so a page view never waits for a writer; keep slow work (argon2,
        images) out of immediate transactions, since every other writer waits for them."""
        with Session(self.engine, expire_on_commit=False) as session:
            if immediate:
                session.connection(execution_options={"immediate": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
