"""Everything a Beirat meeting needs from one document, computed once and kept on disk.

``pack``      the MeetingPack: figures, ranked questions, A checklist and the export files
``cache``     packs on disk next to the index, keyed by document and code version
``history``   the chat history of a workspace, kept across reloads and restarts
``period``    the year a document plans for, and which other document is last year's
``highlight`` where a quote stands on a PDF page (character boxes), for the page image
"""
