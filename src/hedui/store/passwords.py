"""Password hashing with Argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile).

Argon2id is memory-hard, so a stolen ``users`` table costs an attacker real hardware per guess.
Hashes carry their own parameters; when argon2-cffi's defaults grow stronger, a user's hash is
upgraded the next time they log in (:func:`needs_rehash`).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["MIN_PASSWORD_LENGTH", "hash_password", "needs_rehash", "verify_password"]

MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password``, salted, with its parameters encoded in it."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the hash; never raises for a wrong or corrupt hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    return _hasher.check_needs_rehash(password_hash)
