"""The glossary: its entries and file, matching in Chinese text, mining candidates, comment-keeping edits, checking posts."""
