"""Fix stage: findings with a fix (``Finding.edits``) → new file contents.

It runs after the filter (a suppressed or baselined finding is not fixed) and before
the view and the report, which then show what is left. ``edits`` turns a rule's
edit (stated on the syntax it read) into an exact text replacement on the file's
lines; SARIF's ``fixes`` carry those same replacements. ``run`` applies them in
passes, re-checking in memory (``safeio.overlay``) after each pass and rolling back
any file whose fix did not remove its finding, added one, or broke the parse; the
CLI writes the result (``--fix``) or prints it as a diff (``--diff``).
"""
