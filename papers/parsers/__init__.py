"""Parsers: text in, records out, one module per format. No models and no database here.

detect.py tells a file's format and finds its parser; records.py holds what every parser
returns; keys.py folds titles and names for matching; fetch.py is the one module that goes to
the network (Crossref, arXiv, ORCID) and returns text for a parser.
"""
