"""Coach: a desktop exercise coach for runners with a sore lower back."""

__version__ = "0.1.0"
