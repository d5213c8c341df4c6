"""Drafting for the Beirat: B questions from general rules over figures and text, the A checklist,
the optional checked rephrasing, and the export."""

from assistant.drafting.questions import CiteFn, default_cite, draft_questions, finalize
from assistant.drafting.rephrase import MARKER, accept_rephrasing, rephrase_prompt, rephrase_questions

__all__ = ["MARKER", "CiteFn", "accept_rephrasing", "default_cite", "draft_questions", "finalize",
           "rephrase_prompt", "rephrase_questions"]
