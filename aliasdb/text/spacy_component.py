"""A spaCy pipeline component: aliasdb's mentions as entities, ``kb_id_`` set to the aliasdb id.

    pip install "aliasdb[spacy]"
    nlp = spacy.blank("fr")
    nlp.add_pipe("aliasdb")                       # or {"table": "my_table.yaml", "kinds": ["person"]}
    [(e.text, e.label_, e.kb_id_) for e in nlp("M. Belooussov est arrivé à Pyongyang.").ents]

Labels follow spaCy's usual names: PER, LOC, ORG. Entities found earlier in the pipeline are kept
where they do not overlap (``overwrite=True`` lets aliasdb's win).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from aliasdb.kinds import ALL
from aliasdb.resolver.front import AliasDB

__all__ = ["AliasDBComponent", "LABELS", "make_aliasdb"]

#: The entity label of each kind.
LABELS = {k.name: k.label for k in ALL}


class AliasDBComponent:
    """Marks every mention aliasdb finds in a Doc as an entity linked to its canonical id."""

    def __init__(self, db: AliasDB, kinds: list[str] | None = None, overwrite: bool = False):
        from aliasdb.text.annotator import wanted_kinds

        # (checked here: a bad kind is the pipeline's error when it is built, not at its first Doc)
        self.kinds = None if kinds is None else sorted(wanted_kinds(kinds))
        self.db = db
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for m in self.db.annotate(doc.text, kinds=self.kinds):
            span = doc.char_span(m.start, m.end, label=LABELS[m.kind], kb_id=m.id)
            if span is None:  # inside a token: whole tokens only when what they add is a Korean particle
                span = doc.char_span(m.start, m.end, label=LABELS[m.kind], kb_id=m.id, alignment_mode="expand")
                extra = doc.text[span.start_char : m.start] + doc.text[m.end : span.end_char] if span is not None else ""
                if not extra or not all("\uac00" <= ch <= "\ud7a3" for ch in extra):
                    continue  # (anti-Poutine is no mention of Putin)
            if span is not None:
                spans.append(span)
        if self.overwrite:
            doc.ents = filter_spans(spans + list(doc.ents))
        else:
            taken = {i for e in doc.ents for i in range(e.start, e.end)}
            doc.ents = list(doc.ents) + filter_spans([s for s in spans if not taken & set(range(s.start, s.end))])
        return doc


@Language.factory("aliasdb", default_config={"table": None, "kinds": None, "overwrite": False})
def make_aliasdb(nlp: Language, name: str, table: str | None, kinds: list[str] | None,
                 overwrite: bool) -> AliasDBComponent:
    """The ``aliasdb`` factory: the shipped table unless ``table`` names one."""
    db = AliasDB.load(table) if table else AliasDB.default()
    return AliasDBComponent(db, kinds, overwrite)
