"""The blog as a site: its generator's configuration and URLs, heading ids, links between posts in the English edition."""
