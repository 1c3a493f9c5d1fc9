"""Measures how well Consentry decides: labelled sets, metrics, peer baselines, reports (``consentry eval``)."""
