"""Looks at images (the image gate): nudity, faces of enrolled people, real-photo uploads, hashes.

Everything here needs the ``image`` extra (``pip install 'consentry[image]'``); the NudeNet
body-part backend is the separate ``nudenet`` extra (AGPL-3.0). Heavy modules are imported
lazily, so importing this package costs nothing.
"""
