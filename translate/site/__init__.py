"""The blog as its generator builds it: configuration, page URLs, links to the blog's own pages."""
