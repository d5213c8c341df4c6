"""Answering: evidence units, answerability, extractive and generated answers, citation check."""

from assistant.answering.answer import (NOT_FOUND, UNVERIFIED_NOTE, answer_question, build_context,
                                        build_messages, relevant_hits)

__all__ = ["NOT_FOUND", "UNVERIFIED_NOTE", "answer_question", "build_context", "build_messages", "relevant_hits"]
