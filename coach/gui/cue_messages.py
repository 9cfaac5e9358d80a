"""What Coach tells the user when sound or voice does not work: one plain sentence each, with the fix.

The window's status bar, the settings dialog and ``coach doctor`` all say these words. Short: the
status bar shows the sound's and the voice's problems together, on one line.
"""

from __future__ import annotations


SOUND_NO_LIBRARY = "No sound: install the package libpulse0, then restart Coach."
SOUND_NO_SERVER = ("No sound: no sound server is running; start PulseAudio or PipeWire, "
                   "then restart Coach.")
SOUND_NOT_ANSWERING = "No sound: the sound server did not answer within {limit:g} s; restart it, then Coach."
SOUND_FILE_MISSING = "No sound: the sound file {path} is missing; reinstall Coach."
SOUND_STOPPED = ("No sound: the sound server stopped playing; the workout goes on without tones. "
                 "Restart the sound server, then Coach.")
SOUND_LIBRARY_BROKEN = "No sound: Coach's sound library could not be loaded ({reason}); reinstall Coach."
SOUND_REFUSED = ("No sound: the sound server refused Coach's tones ({reason}); check its output device, "
                 "then restart Coach.")

VOICE_NOT_INSTALLED = "No voice: install the package speech-dispatcher, then restart Coach."
#: Qt's speech module links the PulseAudio client library: without it, it does not load.
VOICE_NO_LIBRARY = "No voice: install the package libpulse0, then restart Coach."
VOICE_ENGINE_BROKEN = "No voice: the speech service does not work ({reason}); check it with spd-say hello."
VOICE_NOT_RUNNING = "No voice: speech-dispatcher does not start; check it with spd-say hello, then restart Coach."
VOICE_NO_VOICES = "No voice: install the package speech-dispatcher-espeak-ng, then restart Coach."
VOICE_NOT_ANSWERING = ("No voice: the speech service did not answer within {limit:g} s; check it with "
                       "spd-say hello, then restart Coach.")
VOICE_FAILED = "No voice: the speech service failed ({reason}); restart Coach to try again."
VOICE_NOT_SPOKEN = ("No voice: the speech service took a sentence but did not speak it within {limit:g} s "
                    "(is a sound server running?).")
VOICE_LIBRARY_BROKEN = "No voice: Coach's speech library could not be loaded ({reason}); reinstall Coach."
VOICE_ENDED = "No voice: the speech service stopped ({reason}); restart Coach to try again."


def no_pulse_library() -> bool:
    """True when the PulseAudio client library, through which Qt plays sound, is not installed."""
    import ctypes.util  # only when sound or voice failed: it brings ctypes and subprocess to every start

    return ctypes.util.find_library("pulse") is None


def voice_engine_broken(reason: str) -> str:
    """The sentence for a speech engine that says it cannot work, from the reason it gives."""
    if "no modules" in reason.lower():  # speech-dispatcher without any synthesizer
        return VOICE_NO_VOICES
    if "connection to speech-dispatcher failed" in reason.lower():
        return VOICE_NOT_RUNNING
    return VOICE_ENGINE_BROKEN.format(reason=reason)

#: The player's status while a workout's clock waits for the voice (coach/gui/voice_wait.py).
GETTING_VOICE_READY = "Getting the coach's voice ready…"
#: The status bar's, when it waited as long as it may and the workout started without the voice.
VOICE_NOT_READY_IN_TIME = ("The coach's voice was not ready within {limit:g} s: the workout started without it; "
                           "it joins in when it is ready.")
