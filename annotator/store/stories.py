"""Stories: articles that report one event. A story is article metadata, not a label: one
per article, shared by every annotator, kept in ``article.story_id`` and, by name, in the
article's meta (``"story"``, what imports read and exports write).

The researcher sets an article's story (``set_story``) or accepts the groups
``core.clusters.suggest_stories`` finds from the articles' dates and the entities marked in
them (``suggestions``). Every change is one transaction whose conditions are in its
statements (safe beside other writers on a team server) and one logged event (not undoable:
a story is metadata, like an import), so other windows see it on their next poll.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from annotator.core import model
from annotator.core.clusters import ArticleInfo, suggest_stories
from annotator.core.errors import CorpusError
from annotator.core.model import Changes
from annotator.store import history, raw
from annotator.store.access import Access
from annotator.store.context import StoreContext
from annotator.store.convert import dumps, loads

STORY = "story"  # the meta key and the logged action
MAX_NAME = 200  # characters: a story's name is a label for people, not a text


def story_name(name: str) -> str:
    """``name`` as a story is called: white space collapsed; refused when empty or long."""
    clean = " ".join(name.split())
    if not clean:
        raise CorpusError("a story needs a name")
    if len(clean) > MAX_NAME:
        raise CorpusError(f"a story's name has at most {MAX_NAME} characters")
    return clean


class Stories:
    """Reads and changes of articles' stories (see the module's docstring)."""

    def __init__(self, ctx: StoreContext, access: Access) -> None:
        self._ctx = ctx
        self._access = access

    def stories(self) -> list[model.Story]:
        """Every story with articles, by name, with how many articles it has."""
        db = self._ctx.db
        # the counts from the article table's story index alone (half the time of a join)
        sql = "SELECT story_id, COUNT(*) FROM article WHERE story_id IS NOT NULL GROUP BY story_id"
        counts = {int(i): int(n) for i, n in raw.execute(db, sql)}
        if not counts:
            return []
        names = raw.execute(db, "SELECT id, name FROM story ORDER BY name, id")
        return [model.Story(int(i), str(n), counts[int(i)]) for i, n in names if int(i) in counts]

    def set_story(self, article_ids: Iterable[int], name: str | None, annotator: str) -> Changes:
        """Put the articles in story ``name`` (made when new), or in none (``None``). Articles
        already there are left alone; an unknown id refuses the whole change."""
        ids = sorted(set(article_ids))
        if not ids:
            return Changes()
        if not annotator:
            raise CorpusError("name who sets the story")
        name = None if name is None else story_name(name)
        db = self._ctx.db
        marks = ", ".join("?" for _ in ids)
        with db.atomic():
            found = {
                int(r[0])
                for r in raw.execute(db, f"SELECT id FROM article WHERE id IN ({marks})", ids)
            }
            missing = [i for i in ids if i not in found]
            if missing:
                raise CorpusError(f"no article with id {missing[0]}")
            story_id: int | None = None
            if name is not None:
                raw.execute(
                    db, "INSERT INTO story (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,)
                )
                story_id = int(raw.one(db, "SELECT id FROM story WHERE name = ?", (name,))[0])
            changed = [i for i in ids if self._move(i, story_id, name)]
            if not changed:
                return Changes()
            payload = {"articles": changed, STORY: name}
            event = history.log(
                annotator, STORY, payload, changed[0] if len(changed) == 1 else None
            )
        return Changes(article_ids=set(changed), stories_changed=True, event_id=event)

    def _move(self, article_id: int, story_id: int | None, name: str | None) -> bool:
        """One article into ``story_id`` (its meta's ``"story"`` to ``name``), unless it is
        there already. The meta is rewritten only if nobody changed it since it was read (the
        condition is in the UPDATE; another writer's change is read again and retried)."""
        db = self._ctx.db
        while True:
            row = raw.one(db, "SELECT story_id, meta FROM article WHERE id = ?", (article_id,))
            current, text = row
            meta = loads(text, "article", article_id, "meta")
            if current == story_id and meta.get(STORY) == name:
                return False
            if name is None:
                meta.pop(STORY, None)
            else:
                meta[STORY] = name
            cursor = raw.execute(
                db,
                "UPDATE article SET story_id = ?, meta = ? WHERE id = ? AND meta = ?",
                (story_id, dumps(meta), article_id, text),
            )
            if cursor.rowcount:
                return True

    def suggestions(self, *, days: int = 3) -> list[model.StorySuggestion]:
        """Groups of articles that seem to tell one story (``suggest_stories`` over the
        articles' dates and the entity spans the reader may see), largest first; groups
        whose articles all share a story already are left out."""
        scope = self._access.scope(None)
        where, params = scope.sql("s.annotator_id")
        db = self._ctx.db
        entities: dict[int, list[tuple[str, str]]] = {}
        sql = f"SELECT s.article_id, s.label, s.text FROM span s WHERE s.layer = 'entity'{where}"
        for a_id, label, text in raw.execute(db, sql, params):
            entities.setdefault(int(a_id), []).append((str(label), str(text)))
        names = {int(i): str(n) for i, n in raw.execute(db, "SELECT id, name FROM story")}
        info: list[ArticleInfo] = []
        story_of: dict[int, int | None] = {}
        for a_id, published, story_id in raw.execute(
            db, "SELECT id, published, story_id FROM article ORDER BY id"
        ):
            story_of[int(a_id)] = story_id
            ents = entities.get(int(a_id))
            if ents:
                info.append(ArticleInfo(int(a_id), _day(published), tuple(ents)))
        out: list[model.StorySuggestion] = []
        taken = set(names.values())
        for group in suggest_stories(info, days=days):
            held: Counter[int] = Counter(sid for a in group if (sid := story_of[a]) is not None)
            if held:
                best, _ = min(held.items(), key=lambda kv: (-kv[1], names[kv[0]]))
                name, existing = names[best], True
            else:
                name, existing = _name_from(group, info, taken), False
                taken.add(name)
            joining = tuple(a for a in group if names.get(story_of[a] or -1) != name)
            if joining:
                out.append(model.StorySuggestion(name, tuple(group), joining, existing))
        return out


def _day(published: object) -> date | None:
    try:
        return date.fromisoformat(str(published)[:10]) if published else None
    except ValueError:
        return None


def _name_from(group: list[int], info: list[ArticleInfo], taken: set[str]) -> str:
    """A new story's name: the three entities most of its articles have (then the most
    mentioned), as first written."""
    members = set(group)
    held: Counter[str] = Counter()  # in how many of the articles
    mentions: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for a in info:
        if a.article_id not in members:
            continue
        keys = []
        for _label, surface in a.entities:
            text = " ".join(surface.split())
            if text:
                shown.setdefault(text.casefold(), text)
                keys.append(text.casefold())
        held.update(set(keys))
        mentions.update(keys)
    ranked = sorted(held, key=lambda k: (-held[k], -mentions[k], k))
    base = ", ".join(shown[k] for k in ranked[:3]) or f"story of article {group[0]}"
    name, n = base[:MAX_NAME], 2
    while name in taken:
        name = f"{base[: MAX_NAME - 6]} ({n})"
        n += 1
    return name
