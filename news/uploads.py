"""Storage for images uploaded from the rich-text editor.

They get their own folder and a random name: never the name the user's file had.
"""

import uuid
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage


class EditorImageStorage(FileSystemStorage):
    def get_available_name(self, name, max_length=None):
        suffix = PurePosixPath(name).suffix.lower()
        return super().get_available_name(f"editor/{uuid.uuid4().hex}{suffix}", max_length)
