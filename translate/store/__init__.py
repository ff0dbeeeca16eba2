"""What is kept between runs: digests, the lock file, the translation cache, staleness."""
