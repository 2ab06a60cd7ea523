"""The import pipeline: parsed records (papers/parsers/) matched against the database and written.

runner.py runs the steps in order, one module each: plan.py (normalise), matching.py (against
indexes.py), compare.py (keep staff edits), authors.py, write.py, owner.py; report.py says what
happened.
"""
