"""Talking to the model: the prompt, the client, reply checks, estimates and the Translator seam."""
