"""Word-level differences for long texts."""

from improvement.governance.diff import Piece, is_long, word_diff

OLD = (
    "Develop partnership and managers training to strengthen partnership contributions "
    "during strategy discussions, what is recorded, and how minutes are signed off."
)
NEW = (
    "Develop managers training to strengthen contributions during strategy discussions, "
    "what is recorded, and how minutes are signed off."
)


def test_sm4_loses_two_words_and_keeps_the_rest():
    pieces = word_diff(OLD, NEW)
    assert [p for p in pieces if p.op == "removed"] == [
        Piece("removed", "partnership and "),
        Piece("removed", "partnership "),
    ]
    assert not [p for p in pieces if p.op == "added"]
    assert "".join(p.text for p in pieces if p.op != "removed") == NEW


def test_a_replaced_word_is_removed_then_added():
    pieces = word_diff("Due by July 2025", "Due by November 2025")
    assert pieces == [
        Piece("same", "Due by "),
        Piece("removed", "July "),
        Piece("added", "November "),
        Piece("same", "2025"),
    ]


def test_reflowed_spaces_are_not_a_change():
    assert [p.op for p in word_diff("one two  three", "one two three")] == ["same"]


def test_new_text_from_nothing_is_all_added():
    assert word_diff("", "All new") == [Piece("added", "All new")]


def test_long_means_sixty_characters_or_several_lines():
    assert is_long("x" * 60)
    assert is_long("a\nb")
    assert not is_long("x" * 59, "short")
