"""The HTTP service and the moderator dashboard."""
