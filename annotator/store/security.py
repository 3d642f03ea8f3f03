"""Blind mode enforced by the server itself: one PostgreSQL role per annotator, row-level
security on the tables that hold labels.

``annotator db secure`` (run once by the database's owner) turns it on; ``annotator db grant
ROLE`` lets a role (an annotator's own login) use the corpus. From then on:

* a login reads and writes only the spans, relations, article statuses and log events of the
  annotator with its own name (``current_user``), and may add only that annotator (never as
  a reviewer);
* a login whose annotator is a reviewer reads everyone's, and alone reads and writes gold;
* only the owner names reviewers (the owner is not subject to the policies).

So even ``psql`` with an annotator's password shows that annotator's labels only. The app sees
the corpus is secured and labels as the login name (:meth:`Access.set_user` refuses another).
"""

from __future__ import annotations

from peewee import Database

from annotator.core.errors import CorpusError
from annotator.store import raw
from annotator.store.errors import StoreError

ME = "(SELECT id FROM annotator WHERE name = current_user)"
REVIEWS = "COALESCE((SELECT is_reviewer FROM annotator WHERE name = current_user), false)"
LABEL_TABLES = (
    "span",
    "relation",
    "article_status",
    "suggestion_rejection",
    "pending_suggestion",
)
GOLD_TABLES = ("gold_span", "gold_relation", "gold_rejection", "gold_cluster")

# The policies of each secured table. article_status holds each annotator's status and time
# per article: a login reads and writes its own rows (its list, its progress), reviewers read
# everyone's (agreement counts finished articles); nothing the app shows a non-reviewer needs
# another annotator's status.
POLICIES: dict[str, tuple[str, ...]] = {
    **{
        t: (
            f"CREATE POLICY own_or_reviewer ON {t} USING (annotator_id = {ME} OR {REVIEWS}) "
            f"WITH CHECK (annotator_id = {ME})",
        )
        for t in LABEL_TABLES
    },
    "event": (
        f"CREATE POLICY read_own_or_reviewer ON event FOR SELECT "
        f"USING (annotator = current_user OR {REVIEWS})",
        "CREATE POLICY append ON event FOR INSERT WITH CHECK (true)",
    ),
    "annotator": (
        "CREATE POLICY read_all ON annotator FOR SELECT USING (true)",
        "CREATE POLICY add_self ON annotator FOR INSERT "
        "WITH CHECK (name = current_user AND NOT is_reviewer)",
    ),
    **{
        t: (f"CREATE POLICY reviewers ON {t} USING ({REVIEWS}) WITH CHECK ({REVIEWS})",)
        for t in GOLD_TABLES
    },
}
SECURED = tuple(POLICIES)


def is_secured(db: Database) -> bool:
    """Whether row-level security is on for the corpus's spans (a secured team corpus)."""
    if not raw.is_postgres(db):
        return False
    row = raw.one(db, "SELECT relrowsecurity FROM pg_class WHERE relname = 'span'")
    return bool(row and row[0])


def secure(db: Database) -> None:
    """Turn row-level security on (the owner of the tables only). On a corpus secured by an
    earlier version, the tables it did not cover yet (article_status) are secured too."""
    if not raw.is_postgres(db):
        raise CorpusError("a corpus file is one person's: securing is for a team server corpus")
    todo = [t for t in SECURED if not _table_secured(db, t)]
    if not todo:
        raise CorpusError("this corpus is secured already")
    _require_owner(db)
    with db.atomic():
        for table in todo:
            raw.execute(db, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            for policy in POLICIES[table]:
                raw.execute(db, policy)


def _table_secured(db: Database, table: str) -> bool:
    row = raw.one(db, "SELECT relrowsecurity FROM pg_class WHERE relname = ?", (table,))
    return bool(row and row[0])


def grant(db: Database, role: str) -> None:
    """Let ``role`` (an annotator's login) read and write the corpus, under the policies."""
    if not raw.is_postgres(db):
        raise CorpusError("roles are a team server's: this corpus is a file")
    if not role.replace("_", "").isalnum():
        raise CorpusError(f"{role!r} is not a plain role name (letters, digits, _)")
    _require_owner(db)
    exists = raw.one(db, "SELECT 1 FROM pg_roles WHERE rolname = ?", (role,))
    if exists is None:
        raise CorpusError(
            f"the server has no role {role!r}: its administrator creates it first "
            f"(CREATE ROLE {role} LOGIN PASSWORD '…')"
        )
    with db.atomic():
        _grant(db, role)


def _grant(db: Database, role: str) -> None:
    raw.execute(db, f'GRANT USAGE ON SCHEMA public TO "{role}"')
    raw.execute(
        db, f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'
    )
    raw.execute(db, f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')


def after_migration(db: Database) -> None:
    """Give the tables a migration made what the older ones have, in the migration's
    transaction (the owner migrates): on a secured corpus, row-level security and its
    policies on every label table still without them (a later version's tables would
    otherwise be readable by every granted login); and every role granted the corpus (a
    privilege on ``span``) its privileges on the new tables and sequences (without them the
    role's app would fail on the first statement that touches one, until ``db grant``)."""
    if not raw.is_postgres(db):
        return
    if is_secured(db):
        for table in SECURED:
            if not _table_secured(db, table):
                raw.execute(db, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
                for policy in POLICIES[table]:
                    raw.execute(db, policy)
    granted = raw.execute(
        db,
        "SELECT DISTINCT r.rolname FROM pg_class c, aclexplode(c.relacl) a, pg_roles r "
        "WHERE c.relname = 'span' AND c.relkind = 'r' AND a.grantee = r.oid "
        "AND a.grantee <> c.relowner ORDER BY r.rolname",
    ).fetchall()
    for (role,) in granted:
        if role.replace("_", "").isalnum():  # grant() takes no other name
            _grant(db, role)


def _require_owner(db: Database) -> None:
    row = raw.one(
        db,
        "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE relname = 'span'",
    )
    if not (row and row[0]):
        raise StoreError("only the owner of the corpus's tables can do this")
