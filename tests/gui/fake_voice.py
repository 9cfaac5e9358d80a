"""A voice process for the tests: ``python fake_voice.py silent|deaf|slow``.

silent: stuck at start-up, as speech-dispatcher with no working audio behind it (never says ready).
deaf: says it is ready, then never takes a sentence (stuck in the engine's say()).
Either way it reads its input until the window closes it or kills it.
slow: a voice slow to load (speech-dispatcher lists 1,530 voices in 2-5 s): says it is ready only
when the test writes ``{"loaded": true}``; then speaks each sentence at once (said, speaking, done).
"""

import json
import sys
import time

if sys.argv[1:] == ["deaf"]:
    print(json.dumps({"ready": "fake", "voices": ["Fake voice"]}), flush=True)
if sys.argv[1:] != ["slow"]:
    sys.stdin.buffer.read()
    sys.exit(0)
for line in sys.stdin:
    message = json.loads(line)
    if "loaded" in message:
        print(json.dumps({"ready": "fake", "voices": ["Fake voice"]}), flush=True)
    elif "say" in message:
        for kind in ("said", "speaking", "done"):
            print(json.dumps({kind: message["say"], "at": time.monotonic()}), flush=True)
