"""The glossary: its entries and file, matching in Chinese text, mining candidates (ranked by background
frequencies, variants merged, renderings proposed from the author's English), comment-keeping edits, checking posts."""
