"""Models trained here, offline, from the researcher's own labels (issue 17).

``train.py`` trains a spaCy pipeline from blank (``spacy.blank(language)``: nothing is
downloaded) on done articles; ``model.py`` loads one and offers its suggestions. Depends on
``core`` and spaCy only (the optional ``spacy`` extra): the CLI and the GUI hand in
documents read through ``Corpus``.
"""
