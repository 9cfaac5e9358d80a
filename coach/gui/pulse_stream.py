"""A playback stream on the sound server (PulseAudio, or PipeWire's PulseAudio service), through
libpulse's simple API (``libpulse-simple.so.0``, from the package libpulse0, which Qt Multimedia
itself plays through on Linux).

Every call may wait for the sound server (``connect`` up to libpulse's 30 s when a server accepts
the connection and never answers; ``write`` until the server has room): they are made from the
tone stream's own thread, never the window's (coach/gui/tone_stream.py). ctypes lets other Python
threads run while a call waits.

The stream asks for a latency of ``BUFFER_MS`` filled in pieces of ``PIECE_MS``: the thread that
writes wakes 20 times a second, and may be held up for about 100 ms (the part of that latency the
server leaves to the stream's buffer) before anything is missing from what is heard. (Qt's own
sink asks for a buffer of about 17 ms and wakes about 340 times a second. This stream's two
threads cost about 0.6% of a core in a workout; with 100 ms in pieces of 25 ms, 1.2%.)
"""

from __future__ import annotations

import ctypes

RATE = 44100
BUFFER_MS = 200
PIECE_MS = 50

_PA_SAMPLE_S16LE = 3
_PA_STREAM_PLAYBACK = 1
_PA_ERR_CONNECTIONREFUSED = 6
_PA_ERR_INVALIDSERVER = 10
_DEFAULT = 0xFFFFFFFF  # (uint32_t) -1: the server's choice


class SoundServerError(Exception):
    """The sound server cannot be reached or stopped taking sound; ``no_server`` when none runs."""

    def __init__(self, reason: str, *, no_server: bool = False, no_library: bool = False) -> None:
        super().__init__(reason)
        self.no_server = no_server
        self.no_library = no_library


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [("maxlength", ctypes.c_uint32), ("tlength", ctypes.c_uint32), ("prebuf", ctypes.c_uint32),
                ("minreq", ctypes.c_uint32), ("fragsize", ctypes.c_uint32)]


#: The library's file (the package libpulse0 installs it).
LIBRARY = "libpulse-simple.so.0"
_library = None


def _lib():
    """libpulse-simple, loaded once (SoundServerError with ``no_library`` when it is missing)."""
    global _library
    if _library is None:
        try:
            lib = ctypes.CDLL(LIBRARY)
        except OSError as exc:
            raise SoundServerError(str(exc), no_library=True) from None
        err = ctypes.POINTER(ctypes.c_int)
        lib.pa_simple_new.restype = ctypes.c_void_p
        lib.pa_simple_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                      ctypes.c_char_p, ctypes.POINTER(_SampleSpec), ctypes.c_void_p,
                                      ctypes.POINTER(_BufferAttr), err]
        lib.pa_simple_write.restype = ctypes.c_int
        lib.pa_simple_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, err]
        lib.pa_simple_flush.restype = ctypes.c_int
        lib.pa_simple_flush.argtypes = [ctypes.c_void_p, err]
        lib.pa_simple_get_latency.restype = ctypes.c_uint64
        lib.pa_simple_get_latency.argtypes = [ctypes.c_void_p, err]
        lib.pa_simple_free.restype = None
        lib.pa_simple_free.argtypes = [ctypes.c_void_p]
        lib.pa_strerror.restype = ctypes.c_char_p
        lib.pa_strerror.argtypes = [ctypes.c_int]
        _library = lib
    return _library


def _reason(code: int) -> str:
    text = _lib().pa_strerror(code)
    return text.decode("utf-8", "replace") if text else f"error {code}"


class PulseStream:
    """Mono 16 bit samples at ``RATE`` to the default output; made by :func:`connect`."""

    def __init__(self, handle: int) -> None:
        self._handle = handle

    def latency(self) -> float:
        """Seconds until the next sample written is heard (what the server holds, and its own delay)."""
        err = ctypes.c_int(0)
        usec = _lib().pa_simple_get_latency(self._handle, ctypes.byref(err))
        if err.value:
            raise SoundServerError(_reason(err.value))
        return usec / 1e6

    def write(self, data: bytes) -> None:
        """Hands ``data`` to the server; waits while its buffer is full."""
        err = ctypes.c_int(0)
        if _lib().pa_simple_write(self._handle, data, len(data), ctypes.byref(err)) < 0:
            raise SoundServerError(_reason(err.value))

    def flush(self) -> None:
        """Drops what is written and not heard yet."""
        err = ctypes.c_int(0)
        if _lib().pa_simple_flush(self._handle, ctypes.byref(err)) < 0:
            raise SoundServerError(_reason(err.value))

    def close(self) -> None:
        """Ends the stream (what is not heard yet is dropped)."""
        if self._handle:
            _lib().pa_simple_free(self._handle)
            self._handle = 0


def name_this_thread(name: bytes) -> None:
    """Names the calling thread for the system (``top -H``, /proc): the tones' thread is then
    told apart from the window's. Nothing happens where that cannot be done."""
    try:
        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(name[:15]), 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def connect(name: str = "Coach", stream: str = "Tones") -> PulseStream:
    """A new playback stream on the default output (waits for the sound server)."""
    lib = _lib()
    spec = _SampleSpec(_PA_SAMPLE_S16LE, RATE, 1)
    piece = RATE * 2 * PIECE_MS // 1000
    # Playing starts once a piece is there (not the whole buffer): each piece is heard when the
    # server's latency said, from the first one on.
    attr = _BufferAttr(_DEFAULT, RATE * 2 * BUFFER_MS // 1000, piece, piece, _DEFAULT)
    err = ctypes.c_int(0)
    handle = lib.pa_simple_new(None, name.encode(), _PA_STREAM_PLAYBACK, None, stream.encode(),
                               ctypes.byref(spec), None, ctypes.byref(attr), ctypes.byref(err))
    if not handle:
        raise SoundServerError(_reason(err.value),
                               no_server=err.value in (_PA_ERR_CONNECTIONREFUSED, _PA_ERR_INVALIDSERVER))
    return PulseStream(handle)
