"""Names in running text: the annotator (``annotator``) and its spaCy pipeline component."""
