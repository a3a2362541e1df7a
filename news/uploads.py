"""The rich-text editor's image storage: every image is checked by its content on the way in."""

import uuid

from django.core.files.storage import FileSystemStorage

from unionportal.uploads import image_check


class EditorImageStorage(FileSystemStorage):
    """Images uploaded from the editor: checked again here, so no path around the checks.

    They get their own folder and a random name: never the name the user's file had.
    """

    def save(self, name, content, max_length=None):
        suffix = image_check(content)
        return super().save(f"editor/{uuid.uuid4().hex}{suffix}", content, max_length)
