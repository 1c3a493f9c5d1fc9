"""Says what a detector is and which are bundled: each reports findings, none decides (``base.Detector``)."""

from consentry.detectors.base import Context, Detector, detector_id
from consentry.detectors.registry import DetectorSpec, available_detectors, bundled_detector_specs

__all__ = ["Context", "Detector", "DetectorSpec", "available_detectors", "bundled_detector_specs", "detector_id"]
