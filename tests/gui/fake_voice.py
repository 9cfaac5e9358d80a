"""A voice process that never answers, for the tests: ``python fake_voice.py silent|deaf``.

silent: stuck at start-up, as speech-dispatcher with no working audio behind it (never says ready).
deaf: says it is ready, then never takes a sentence (stuck in the engine's say()).
Either way it reads its input until the window closes it or kills it.
"""

import json
import sys

if sys.argv[1:] == ["deaf"]:
    print(json.dumps({"ready": "fake", "voices": ["Fake voice"]}), flush=True)
sys.stdin.buffer.read()
