"""Drafting for the Beirat: B questions from general rules over figures and text, the A checklist,
and the export. Templates only: the questions are on screen within seconds."""

from assistant.drafting.questions import CiteFn, default_cite, draft_questions, finalize

__all__ = ["CiteFn", "default_cite", "draft_questions", "finalize"]
