"""Reading and writing posts: front matter, Markdown, segments, placeholders, splicing."""
