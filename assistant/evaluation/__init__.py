"""Quality measurement: answer metrics (``answers``) and drafting recall (``drafts``)."""

from assistant.evaluation.answers import (GoldError, answer_correct, contains_evidence, evaluate, format_report,
                                          load_gold)

__all__ = ["GoldError", "answer_correct", "contains_evidence", "evaluate", "format_report", "load_gold"]
