"""The one lexicon of the AMIP domain: instruments, indicators, abbreviations, target groups."""
