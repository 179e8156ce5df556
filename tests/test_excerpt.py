import pytest

from posts.models import SUMMARY_LENGTH
from posts.text import cut_at_word, plain_text
from tests.support.factories import make_post


def test_short_text_is_left_alone():
    assert cut_at_word("Short and sweet.", 50) == "Short and sweet."


def test_long_text_is_cut_at_a_word_boundary_with_an_ellipsis():
    text = "Handling scope changes and shifting requirements is crucial for project success overall"
    cut = cut_at_word(text, 40)
    assert cut.endswith("…")
    assert len(cut) <= 40
    assert text.startswith(cut[:-1])
    assert cut[:-1].split()[-1] in text.split()  # the last word is whole


def test_cut_drops_trailing_punctuation_before_the_ellipsis():
    assert cut_at_word("One, two, three, four, five, six", 12) == "One, two…"


def test_a_single_long_word_is_cut_hard():
    cut = cut_at_word("x" * 100, 10)
    assert cut == "x" * 9 + "…"


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>Fish &amp; chips</p>\n<ul><li>one</li></ul>") == "Fish & chips one"


@pytest.mark.django_db
def test_blank_excerpt_is_derived_from_the_body_text():
    post = make_post(body="## Heading\n\nThe **first** paragraph.\n\n- item\n", excerpt="")
    assert post.summary == "Heading The first paragraph. item"


@pytest.mark.django_db
def test_editor_excerpt_wins_over_the_body():
    post = make_post(body="Body text.", excerpt="The editor's own summary.")
    assert post.summary == "The editor's own summary."


@pytest.mark.django_db
def test_derived_excerpt_of_a_long_body_is_cut():
    post = make_post(body="word " * 500, excerpt="")
    assert post.summary.endswith("…")
    assert len(post.summary) <= SUMMARY_LENGTH


@pytest.mark.django_db
def test_excerpt_follows_the_body_when_the_body_changes():
    post = make_post(body="Old text.", excerpt="")
    post.body = "New text."
    post.save()
    post.refresh_from_db()
    assert post.summary == "New text."
    assert "New text." in post.body_html
