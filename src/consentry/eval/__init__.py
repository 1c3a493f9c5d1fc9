"""Evaluation: labelled sets, metrics, peer baselines and reports (``consentry eval``)."""
