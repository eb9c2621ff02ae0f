"""The one catalog of sentences: complete in both languages, used, and renderable."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from autograder.messages import BOTH, LANGUAGES, MESSAGES, Phrase, check_lang, placeholders, \
    render, say

AUTOGRADER = Path(__file__).resolve().parent.parent / "autograder"
HANGUL = re.compile("[\uac00-\ud7a3]")


def _sample(spec: str):
    """A value that fits a placeholder's format spec."""
    if spec and spec[-1] in "dgfe%," or spec.endswith((",", ".0%")) or "f" in spec:
        return 3
    return "x"


def _sample_facts(template: str) -> dict:
    return {name: _sample(spec or "") for _, name, spec, _ in
            string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    """Does every key have an English and a Korean text with the same placeholders?"""
    texts = MESSAGES[key]
    assert set(texts) == set(LANGUAGES)
    assert placeholders(texts["en"]) == placeholders(texts["ko"])
    for lang in LANGUAGES:
        assert say(key, lang, **_sample_facts(texts[lang])).strip()


def test_korean_texts_are_korean():
    """Is every Korean text Korean (Hangul), apart from words that are names everywhere?"""
    names = {k for k, v in MESSAGES.items() if v["en"] == v["ko"]}
    assert names <= {"word.one_epoch", "page.other"} or not names - {"word.one_epoch"}
    for key, texts in MESSAGES.items():
        if key not in names and len(texts["ko"]) > 12:
            assert HANGUL.search(texts["ko"]), key


def test_every_key_is_used_by_the_kit():
    """Does some module of the kit name every key of the catalog (no dead sentence)?"""
    source = "\n".join(path.read_text(encoding="utf-8") for path in AUTOGRADER.rglob("*.py")
                       if path.name != "messages.py")
    unused = [key for key in MESSAGES if f'"{key}"' not in source and f"'{key}'" not in source]
    assert unused == []


def test_a_phrase_is_rendered_in_the_language_around_it():
    """Is a phrase filled into a message in that message's language, as a clause where the
    message puts a period after it?"""
    problem = Phrase.of("model.no_layers")
    assert say("layers.no_model", "en", problem=problem).startswith(
        "No model could be graded: The model has no layers. Expected")
    assert "모델에 층이 없습니다. 수업의" in say("layers.no_model", "ko", problem=problem)
    both = render("layers.no_model", BOTH, problem=problem).splitlines()
    assert HANGUL.search(both[0]) and both[1].startswith("No model could be graded")


def test_unknown_language_and_unknown_key_are_refused():
    """Are an unknown language and a key that is not in the catalog refused, naming them?"""
    with pytest.raises(ValueError, match="Received: lang='fr'"):
        check_lang("fr")
    with pytest.raises(ValueError, match="Received: lang='both'"):
        say("layers.ok", BOTH)
    with pytest.raises(KeyError, match="no_such.key"):
        Phrase.of("no_such.key")
