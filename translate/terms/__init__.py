"""Terms: tags and categories, rendered once for the whole blog through a reviewable table."""
