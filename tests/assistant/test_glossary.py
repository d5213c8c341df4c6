from assistant.domain.glossary import GLOSSARY, canonical, equivalents, expand_query, expansions, matched_groups


def test_abbreviation_expands_to_long_forms():
    extra = expansions("Wie viele AGH sind 2024 geplant?")
    assert "Arbeitsgelegenheiten" in extra
    assert "AGH" not in extra


def test_long_form_expands_to_abbreviation_also_inflected():
    assert "FbW" in expansions("Eintritte in die Förderung beruflicher Weiterbildung")
    assert "AGH" in expansions("Wie viele Eintritte in Arbeitsgelegenheiten?")
    assert "LZB" in expansions("Bestand an Langzeitleistungsbeziehenden")
    assert "LZB" in expansions("Anzahl der Langzeitleistungsbezieher")


def test_abbreviations_match_case_sensitively_as_words():
    # "mag" (verb) is not MAG; "Magazin" does not contain MAG either.
    assert expansions("Er mag das Magazin.") == []
    # MAG is one § 45 instrument (lexicon.json): its long form and the umbrella, not AVGS.
    assert expansions("Wie viele MAG-Plätze gibt es?") == [
        "Maßnahmen bei einem Arbeitgeber", "Maßnahmen zur Aktivierung und beruflichen Eingliederung"]
    assert {"MAT", "MAG", "AVGS"} <= set(expansions("Plätze nach § 45 SGB III"))
    assert "Eingliederungszuschuss" in expansions("EGZs für Ältere")


def test_forms_already_present_are_not_repeated():
    extra = expansions("AGH und Arbeitsgelegenheiten")
    assert "AGH" not in extra and "Arbeitsgelegenheiten" not in extra


def test_triggers_are_recognised_but_not_added():
    extra = expansions("Plätze nach § 45 SGB III")
    assert "AVGS" in extra
    assert not any("45" in term for term in extra)


def test_expand_query_keeps_text_when_nothing_matches():
    assert expand_query("Wie ist das Wetter?") == "Wie ist das Wetter?"
    assert expand_query("AGH").startswith("AGH ")


def test_canonical_and_equivalents():
    assert canonical("Arbeitsgelegenheiten für Geflüchtete") == "AGH"
    assert canonical("nichts davon") is None
    forms = equivalents("FbW")
    assert forms[0] == "FbW" and "Förderung der beruflichen Weiterbildung" in forms


def test_every_glossary_group_matches_its_own_terms():
    for group in GLOSSARY:
        for term in group.terms:
            assert group in matched_groups(term), term
