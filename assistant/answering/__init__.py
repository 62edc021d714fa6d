"""Answerers: the offline extractive default and the optional LLM wording."""
