"""The one text toolkit: tokenizer (``tokens``), German numbers (``numbers``), sentence and
table-row units and the ``[S1]`` marker regex (``units``)."""
