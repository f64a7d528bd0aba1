"""hedui (核对): keeps a Chinese county's population records true."""

from hedui.errors import HeduiError

__all__ = ["HeduiError", "__version__"]
__version__ = "0.1.0"
