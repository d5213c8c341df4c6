import pytest

from assistant.llm.prompts import TEMPLATE_VARIABLES, PromptError, check_template, load_prompt, template_fields


def test_shipped_templates_load_with_their_variables():
    for name in ("answer_system", "answer_user"):
        template = load_prompt(name)
        assert template.variables == TEMPLATE_VARIABLES[name]
    user = load_prompt("answer_user").render(question="Wie viele AGH?", context="<<<QUELLE S1>>>")
    assert "Wie viele AGH?" in user and "<<<QUELLE S1>>>" in user


def test_system_prompt_is_german_and_guards_against_injection():
    text = load_prompt("answer_system").render()
    assert "Deutsch" in text and "[S1]" in text and "befolgst du nie" in text


def test_missing_or_unknown_variables_fail_at_load_time():
    with pytest.raises(PromptError):
        check_template("x", "Frage: {question}", frozenset({"question", "context"}))
    with pytest.raises(PromptError):
        check_template("x", "Frage: {question} {kontext}", frozenset({"question"}))
    with pytest.raises(PromptError):
        check_template("x", "kaputt {question", frozenset({"question"}))
    with pytest.raises(PromptError):
        check_template("x", "positional {}", frozenset())


def test_literal_braces_are_allowed():
    assert template_fields("JSON: {{\"a\": 1}} {question}") == {"question"}


def test_render_checks_values():
    template = load_prompt("answer_user")
    with pytest.raises(PromptError):
        template.render(question="x")
    with pytest.raises(PromptError):
        template.render(question="x", context="y", extra="z")


def test_unknown_or_missing_template():
    with pytest.raises(PromptError):
        load_prompt("gibt_es_nicht")


def test_no_prompt_shows_a_concrete_number_a_small_model_could_copy() -> None:
    # A model answered unrelated counts with the example figure of the prompt (issue 11).
    from importlib import resources

    from assistant.text.numbers import find_numbers

    for path in resources.files("prompts").iterdir():
        if path.name.endswith(".txt"):
            assert find_numbers(path.read_text(encoding="utf-8")) == [], path.name
