"""Runs a submission in its own process and extracts plain data from it."""
