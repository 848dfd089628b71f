"""An upload handler that stops keeping a file once it passes the import's size limit.

Django would otherwise write the whole file to a temporary file before the view can look
at its size. This handler sits first: past the limit it skips the rest of the file, which
Django then reads through in small chunks and throws away, so memory and disk stay small
however large the upload. The view sees `too_large` and says so.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from imports.tabular import MAX_FILE_BYTES

# The form's other fields and the multipart boundaries around the file.
REQUEST_OVERHEAD_BYTES = 64 * 1024


class SizeLimitedUpload(FileUploadHandler):
    def __init__(self, request=None, limit: int = MAX_FILE_BYTES):
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A request larger than the limit allows cannot carry an acceptable file.
        if content_length and content_length > self.limit + REQUEST_OVERHEAD_BYTES:
            self.too_large = True
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_large:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data  # on to Django's own handlers, which keep the file

    def file_complete(self, file_size):
        return None
