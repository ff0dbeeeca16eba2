"""Blog generators (Jekyll, Hugo, Hexo): layouts, URLs, heading ids and link rewriting."""
