"""Discover and parse: command-line paths → module folders → ``ParsedFile``s.

Input: the paths a user names. Output: ``discover.Discovery`` (module folders and
their files) and, per file, a ``syntax.ParsedFile``: ``Block``s and ``Attribute``s
with a ``Span`` each, comments with their positions, or a ``ParseError`` with line
and column. ``hcl`` reads HCL with Lark and edgelint's corrected copy of
python-hcl2's grammar (``grammar``, ``hcl2.lark`` and its shipped table), and
``structure`` checks what the grammar cannot say (layout, arguments set twice);
``json_syntax`` reads ``.tf.json``; ``cache`` keeps parsed files by content hash,
``parallel`` parses many files in worker processes, ``prefilter`` decides which
folders only need a parse check. Imports nothing of a later stage.
"""
