"""Benchmarks of the AMIP-Assistent (``make bench``): ingest, search and answer latency.

Also home of small helpers the reliability tests share: real local servers (Chroma,
llama.cpp) and generators for synthetic AMIPs and large stores.
"""
