"""Coach's application id: the one name the desktop knows it by.

The desktop entry's file name, the icon's name, the AppStream id, the MIME package's file name,
``QGuiApplication.setDesktopFileName`` (Wayland compositors match windows to entries by it) and,
later, the D-Bus name of the single instance all follow from :data:`APP_ID`; tests check that the
shipped files are named after it.

Reverse-DNS, as the freedesktop and AppStream specifications ask. Coach owns no domain and has no
public code host yet, so an ``org.…`` or ``io.github.<user>.…`` id would claim a name someone else
may hold. ``coach.example`` is under ``.example``, a top-level domain reserved by RFC 2606/6761 that
will never be delegated: the id cannot collide with a real owner's, and says plainly that it is not
a published one. When Coach gets a home of its own, this line and the file names change together,
and so does the repository's address (``[project.urls]`` in pyproject.toml, which the AppStream
screenshots' addresses follow).
"""

APP_ID = "example.coach.Coach"
#: The MIME type of routine files (resources/desktop/<APP_ID>.mime.xml declares it).
ROUTINE_MIME_TYPE = "application/x-coach-routine+yaml"
