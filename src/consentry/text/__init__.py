"""Text detectors and the tools they share: the normalizer, the people index, lexicons."""
