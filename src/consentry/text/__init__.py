"""Reads prompts: finds real people, sexual intent and signs of minors, however they are written."""
