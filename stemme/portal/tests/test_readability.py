"""The LIX readability of Min sag's fixed Danish texts, per age band (issue 5).

Run with ``-s`` to see the report; ``make bench`` prints it too (bench/readability.py).
"""

from stemme.portal import readability


def test_the_portal_texts_are_found_per_band():
    texts = readability.portal_texts()
    origins = {text.origin for text in texts}
    # Templates, Python modules, tap choices and the rights texts are all measured.
    assert {"home.html", "login.html", "accounts.py", "Smiley", "rights"} <= origins
    for context in readability.BANDS.values():
        assert any(text.context == context for text in texts), context


def test_lix_counts_words_sentences_and_long_words():
    # 8 words, 2 sentences, 3 words over six letters: 8/2 + 100*3/8 = 41.5.
    assert readability.lix(["Vi taler sammen i morgen. Kommunen indkalder forældrene."]) == 41.5
    assert readability.counts("Hej") == (1, 1, 0)
    assert readability.lix([]) == 0.0


def test_every_band_meets_its_lix_target():
    report = readability.band_report()
    print("\n" + readability.format_report(report))  # noqa: T201 - the report is the point
    for figures in report:
        assert figures.words > 0
        assert figures.lix < readability.TARGETS[figures.band], readability.format_report(report)
