"""Reliability suite: hostile input, crash safety, concurrency, no egress, server mode (issue #6)."""
