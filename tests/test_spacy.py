"""The spaCy component, on a blank pipeline (no model is downloaded)."""

from __future__ import annotations

from pathlib import Path

import spacy

import aliasdb.text.spacy_component  # noqa: F401  (registers the factory even without the entry point)


def test_blank_pipeline_marks_entities_with_ids() -> None:
    nlp = spacy.blank("fr")
    nlp.add_pipe("aliasdb")
    doc = nlp("Le ministre russe de la Défense Andreï Belooussov est arrivé à Pyongyang, selon l’agence KCNA.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Andreï Belooussov", "PER", "person:andrei-belousov"),
        ("Pyongyang", "LOC", "place:pyongyang"),
        ("KCNA", "ORG", "org:kcna"),
    ]


def test_options_kinds_and_custom_table(tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - {id: place:kursk, kind: place, name: Kursk, aliases: [Курск]}\n", encoding="utf-8")
    nlp = spacy.blank("ru")
    nlp.add_pipe("aliasdb", config={"table": str(table), "kinds": ["place"]})
    doc = nlp("Путин прилетел в Курск.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Курск", "place:kursk")]


def test_a_bad_kind_fails_when_the_pipeline_is_built() -> None:
    import pytest

    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="kind 'bogus' is not one of"):
        nlp.add_pipe("aliasdb", config={"kinds": ["bogus"]})


def test_a_mention_inside_a_token_is_an_entity_only_across_a_korean_particle() -> None:
    fr = spacy.blank("fr")
    fr.add_pipe("aliasdb")
    doc = fr("Un slogan anti-Poutine, puis Vladimir Poutine parla.")  # (anti-Poutine is one token)
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Vladimir Poutine", "person:vladimir-putin")]
    xx = spacy.blank("xx")  # (Hangul words, particles and all, are one token each)
    xx.add_pipe("aliasdb")
    assert [(e.text, e.kb_id_) for e in xx("김정은은 평양에서 말했다").ents] == [("김정은은", "person:kim-jong-un"),
                                                                        ("평양에서", "place:pyongyang")]
