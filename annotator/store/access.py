"""Who may read whose labels: blind mode, enforced on a team corpus.

On a team server every annotator's app reads the same tables, so hiding other annotators'
spans is not left to a view setting: :class:`Access` (mixed into ``Corpus``) filters and
refuses in the store. The user is the app's annotator (:meth:`set_user`; on a server it starts
as the login name, and the CLI and the GUI always name one). A reviewer reads everything;
anyone else reads their own spans and relations only: a read of everyone's gets theirs, a read
of someone else's is refused.
Reviewers are named by a reviewer (the first one by anyone, when there is none yet).
On a local SQLite file, one person's own, blind mode stays a view setting.
"""

from __future__ import annotations

from peewee import Database

from annotator.core.errors import CorpusError
from annotator.core.validate import reserved_name_problem
from annotator.store import db, raw, security, tables
from annotator.store.operations import SERVER_WAITS, Outage, read, session, write


class Access:
    _db: Database
    _user: str | None = None

    @session
    def set_user(self, name: str | None) -> None:
        """The annotator using the app (what blind mode on a team corpus protects against).
        On a secured corpus (:mod:`annotator.store.security`) that is the login, no other."""
        name = (name or "").strip() or None
        reserved = reserved_name_problem(name)
        if reserved:
            raise CorpusError(reserved)
        if name is not None and self.is_secured():
            (login,) = raw.one(self._db, "SELECT current_user")
            if name != login:
                raise CorpusError(
                    f"this team corpus is secured: its server lets you label as your login "
                    f"{login!r} only, not as {name!r}"
                )
        self._user = name

    @read
    def is_secured(self) -> bool:
        """Whether the server itself keeps each login to its own labels (row-level security)."""
        if "_secured" not in self.__dict__:
            self.__dict__["_secured"] = security.is_secured(self._db)
        return bool(self.__dict__["_secured"])

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def secure(self) -> None:
        """Turn on the server's own blind mode (the tables' owner, once): see
        :mod:`annotator.store.security`."""
        security.secure(self._db)
        self.__dict__["_secured"] = True

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def grant(self, role: str) -> None:
        """Let server role ``role`` (an annotator's login) use this corpus."""
        security.grant(self._db, role)

    @property
    def user(self) -> str | None:
        return self._user

    @read
    def is_reviewer(self, name: str | None) -> bool:
        if not name:
            return False
        row = tables.Annotator.get_or_none(tables.Annotator.name == name)
        return bool(row and row.is_reviewer)

    @read
    def can_read_others(self) -> bool:
        """Whether the user may see other annotators' labels: always on a local file; on a
        team corpus, reviewers only. (No user at all is the store's own code and tests: the CLI
        and the GUI always name one on a server.)"""
        if not raw.is_postgres(self._db) or self._user is None:
            return True
        return self.is_reviewer(self._user)

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def set_reviewer(self, name: str, reviewer: bool = True, *, by: str | None = None) -> None:
        """Make ``name`` a reviewer (or not). Only a reviewer may, except for the first one."""
        by = by if by is not None else self._user
        name = name.strip()
        if not name:
            raise CorpusError("a reviewer needs a name")
        with self._db.atomic():
            count = tables.Annotator.select().where(tables.Annotator.is_reviewer).count()
            if count and not self.is_reviewer(by):
                raise CorpusError(f"only a reviewer can name reviewers; {by or 'nobody'} is not")
            if not reviewer and count == 1 and self.is_reviewer(name):
                raise CorpusError(f"{name} is the last reviewer; name another one first")
            tables.Annotator.insert(
                name=name, is_reviewer=reviewer, created_at=db.now()
            ).on_conflict(
                conflict_target=[tables.Annotator.name],
                update={tables.Annotator.is_reviewer: reviewer},
            ).execute()

    def _readable(self, annotator: str | None) -> str | None:
        """The annotator a read may cover: ``annotator`` itself, or for everyone's (None) the
        user's own when the user may not read others'; others' refused."""
        if self.can_read_others() or (annotator == self._user and annotator is not None):
            return annotator
        if annotator is None:
            return self._user or "\x00nobody"
        raise CorpusError(
            f"{self._user or 'this user'} is not a reviewer of this team corpus: other "
            "annotators' labels stay hidden (blind mode)"
        )

    def _require_reader_of_all(self) -> None:
        if not self.can_read_others():
            raise CorpusError(
                f"{self._user or 'this user'} is not a reviewer of this team corpus: agreement, "
                "review, exports and copies of everyone's labels are for reviewers"
            )
