"""``translate review``: a local page for what a person does by hand, and its static export.

``findings`` reads what runs leave for review (parked segments, warnings); ``attention``,
``sidebyside`` and ``terms`` gather what each page shows; ``masked``, ``html``, ``pages`` and
``post_page`` turn it into escaped HTML; ``actions`` changes things (through the cache's
``JobBoard``, the parked store, the glossary editor and the pipeline); ``server`` serves it on
127.0.0.1; ``export`` writes the read-only file.
"""
