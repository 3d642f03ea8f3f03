"""Who may read whose labels, decided in one place and failing closed (ADR 0022).

Every read of annotators' labels (spans, relations, statuses, documents for export, the
agreement and review reads, activity, statistics) asks :meth:`Access.scope` (or
:meth:`Access.require_all`) first, and the queries that read labels take the :class:`Scope`
it returns as an argument, so none can be written without one.

The rule:

* a named user (:meth:`Access.set_user`; on a team server it starts as the login) reads their
  own labels; others' too on a local file (one person's own: blind mode stays a view setting
  there, ADR 0009) and, on a team corpus, when they are a reviewer;
* with no user, only an explicit *tooling* mode, asked for by name with a reason
  (``Corpus.open(path, tooling="annotator export")`` or :meth:`Access.as_tooling`), reads
  everyone's: the CLI's commands that read everyone's labels and the tests ask for it.
  Tooling never widens what a named user may read;
* anyone else reads no one's: a read of everyone's gets the user's own (or nothing), a read
  of someone else's is refused.

Reviewers are named by a reviewer (the first one by anyone, when there is none yet).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.errors import CorpusError
from annotator.core.validate import name_problem
from annotator.store import db, raw, security, tables
from annotator.store.context import StoreContext

# The scope of a reader who may read no one's: a name no annotator has (every name is
# stripped before it is stored), safe in any driver's parameters (no NUL for PostgreSQL).
NOBODY = " (nobody) "


@dataclass(frozen=True)
class Scope:
    """Whose labels one read covers, as :meth:`Access.scope` decided: everyone's
    (``annotator`` None) or one annotator's (perhaps :data:`NOBODY`'s, which is no one's)."""

    annotator: str | None

    @property
    def everyone(self) -> bool:
        return self.annotator is None

    def sql(self, column: str = "annotator_id") -> tuple[str, tuple[str, ...]]:
        """A condition on a raw statement's annotator id ``column`` and its parameters:
        ``("", ())`` for everyone's, else `` AND column IN (...)`` (the annotator's id)."""
        if self.annotator is None:
            return "", ()
        if self.annotator == NOBODY:
            return " AND 1 = 0", ()
        return f" AND {column} IN (SELECT id FROM annotator WHERE name = ?)", (self.annotator,)


class Access:
    """Team and admin: the user, the tooling mode, reviewers, a secured server; and the rule
    above (:meth:`scope`, :meth:`require_all`)."""

    def __init__(self, ctx: StoreContext, *, tooling: str = "") -> None:
        self._ctx = ctx
        self._user: str | None = None
        self._tooling = tooling.strip()
        self._secured: bool | None = None

    # ------------------------------------------------------------ who reads
    @property
    def user(self) -> str | None:
        return self._user

    @property
    def tooling(self) -> str:
        """Why this process reads everyone's labels with no user named ("" when it does not)."""
        return self._tooling

    def as_tooling(self, reason: str) -> None:
        """Read everyone's labels while no user is named, as a tool (the CLI's export,
        agreement, gold merge, stats and db commands; tests), saying why."""
        reason = reason.strip()
        if not reason:
            raise CorpusError("tooling mode says why it reads everyone's labels")
        self._tooling = reason

    def set_user(self, name: str | None) -> None:
        """The annotator using the app (what blind mode on a team corpus protects against).
        On a secured corpus (:mod:`annotator.store.security`) that is the login, no other."""
        name = (name or "").strip() or None
        reserved = name_problem(name)
        if reserved:
            raise CorpusError(reserved)
        if name is not None and self.is_secured():
            (login,) = raw.one(self._ctx.db, "SELECT current_user")
            if name != login:
                raise CorpusError(
                    f"this team corpus is secured: its server lets you label as your login "
                    f"{login!r} only, not as {name!r}"
                )
        self._user = name

    # ------------------------------------------------------------ the rule
    def can_read_others(self) -> bool:
        """Whether the reader may see other annotators' labels: a named user on a local file,
        a reviewer on a team corpus; with no user, tooling mode only."""
        if self._user is None:
            return bool(self._tooling)
        if not self._ctx.pg:
            return True
        return self.is_reviewer(self._user)

    def scope(self, annotator: str | None = None) -> Scope:
        """The labels a read of ``annotator``'s (None: everyone's) may cover: all it asks
        for, or for everyone's the user's own when the user may not read others' (nothing
        with no user); someone else's is refused (:class:`CorpusError`)."""
        if self.can_read_others() or (annotator is not None and annotator == self._user):
            return Scope(annotator)
        if annotator is None:
            return Scope(self._user or NOBODY)
        raise CorpusError(self._hidden("other annotators' labels stay hidden (blind mode)"))

    def require_all(self) -> Scope:
        """Everyone's labels, or :class:`CorpusError`: agreement, review, gold inputs,
        copies and exports of everyone's labels are for readers of all."""
        if not self.can_read_others():
            raise CorpusError(
                self._hidden(
                    "agreement, review, exports and copies of everyone's labels are for reviewers"
                )
            )
        return Scope(None)

    def _hidden(self, what: str) -> str:
        if self._user is None:
            return f"no annotator is named and no tooling mode was asked for: {what}"
        return f"{self._user} is not a reviewer of this team corpus: {what}"

    # ------------------------------------------------------------ reviewers and the server
    def is_reviewer(self, name: str | None) -> bool:
        if not name:
            return False
        row = tables.Annotator.get_or_none(tables.Annotator.name == name)
        return bool(row and row.is_reviewer)

    def set_reviewer(self, name: str, reviewer: bool = True, *, by: str | None = None) -> None:
        """Make ``name`` a reviewer (or not). Only a reviewer may, except for the first one."""
        by = by if by is not None else self._user
        name = name.strip()
        if not name:
            raise CorpusError("a reviewer needs a name")
        with self._ctx.db.atomic():
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

    def is_secured(self) -> bool:
        """Whether the server itself keeps each login to its own labels (row-level security)."""
        if self._secured is None:
            self._secured = security.is_secured(self._ctx.db)
        return self._secured

    def secure(self) -> None:
        """Turn on the server's own blind mode (the tables' owner, once): see
        :mod:`annotator.store.security`."""
        security.secure(self._ctx.db)
        self._secured = True

    def grant(self, role: str) -> None:
        """Let server role ``role`` (an annotator's login) use this corpus."""
        security.grant(self._ctx.db, role)
