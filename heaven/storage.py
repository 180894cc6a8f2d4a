"""Media storage that never leaves a partial file behind.

Django's FileSystemStorage writes an upload straight to its final name; when the
disk fills (or any write fails) part-way, the truncated file stays there under a
name the row never got, and a rendition written that way would be served broken
forever (renditions skip names that exist). Here each file is written to a
temporary name in the same folder and linked to its final name only once it is
complete; on any error the temporary file is removed and the error raised.
"""

import os
import tempfile

from django.core.files import locks
from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as handle:
                locks.lock(handle, locks.LOCK_EX)
                if hasattr(content, "temporary_file_path"):
                    with open(content.temporary_file_path(), "rb") as source:
                        while chunk := source.read(1024 * 1024):
                            handle.write(chunk)
                else:
                    for chunk in content.chunks():
                        handle.write(
                            chunk if isinstance(chunk, bytes) else chunk.encode()
                        )
                handle.flush()
                os.fsync(handle.fileno())
            while True:
                try:
                    # A hard link fails if the name is taken, so two writers
                    # never overwrite each other; then try the next free name.
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
            if self.file_permissions_mode is not None:
                os.chmod(full_path, self.file_permissions_mode)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return str(name).replace("\\", "/")
