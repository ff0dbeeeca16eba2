"""Subcommand groups, imported only when their command runs."""
