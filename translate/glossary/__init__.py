"""The glossary: its model, matching in Chinese text, mining candidates, comment-keeping edits."""
