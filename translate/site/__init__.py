"""Blog generators (Jekyll, Hugo, Hexo): layouts, URLs, slugs, link rewriting."""
