"""Password hashing with Argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile).

Argon2id is memory-hard, so a stolen ``users`` table costs an attacker real hardware per guess.
Hashes carry their own parameters; when argon2-cffi's defaults grow stronger, a user's hash is
upgraded the next time they log in (:func:`needs_rehash`).

Hashing slows down guessing a stolen table; it does nothing for a password that is guessed in a
handful of tries. :func:`check_password_strength` therefore refuses the passwords tried first:
shorter than :data:`MIN_PASSWORD_LENGTH`, digits only (birthdays, phone numbers, ``12345678``),
one character repeated, the user's own name, or one of a short list of the most common
passwords in China and elsewhere. Existing passwords keep working; the rule applies whenever a
password is set.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hedui.errors import InvalidInputError

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "check_password_strength",
    "hash_password",
    "needs_rehash",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
"""Longer is refused: nobody types it, and hashing megabytes on every login attempt is work an
attacker could ask of the server for free."""

COMMON_PASSWORDS = frozenset(
    {
        "0123456789",
        "1234567890",
        "0987654321",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "1qaz@wsx3edc",
        "a123456789",
        "a1234567890",
        "aa123456789",
        "abc1234567",
        "abcd123456",
        "abcd1234567",
        "abcdefghij",
        "abcdefg123",
        "admin12345",
        "admin123456",
        "administrator",
        "iloveyou1314",
        "password",
        "password1",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "p@ssw0rd123",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "qwerty123456",
        "qwe1234567",
        "woaini1314",
        "woaini5201314",
        "5201314520",
        "zxcvbnm123",
        "asdfghjkl1",
        "1234qwer!@#$",
        "hedui12345",
        "hedui123456",
    }
)
"""Passwords long enough to pass the length rule that lists of leaked passwords open with."""

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


def check_password_strength(password: str, *, username: str | None = None) -> None:
    """Refuse a password that would be guessed among the first tries.

    Raises:
        InvalidInputError: too short or too long, digits only, one character repeated, the user
            name itself, or a common password; the message says which and what to do.
    """
    folded = password.casefold()
    if len(password) < MIN_PASSWORD_LENGTH:
        zh, en = (
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符",
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
        )
    elif len(password) > MAX_PASSWORD_LENGTH:
        zh, en = (
            f"密码最多 {MAX_PASSWORD_LENGTH} 个字符",
            f"a password may have at most {MAX_PASSWORD_LENGTH} characters",
        )
    elif password.isdigit():
        zh, en = "密码不能全是数字", "a password cannot be digits only"
    elif len(set(password)) == 1:
        zh, en = "密码不能是同一个字符重复", "a password cannot be one character repeated"
    elif username and folded == username.strip().casefold():
        zh, en = "密码不能与用户名相同", "a password cannot be the username"
    elif folded in COMMON_PASSWORDS:
        zh, en = "这个密码太常见，很容易被猜到", "this password is too common to be safe"
    else:
        return
    raise InvalidInputError(
        f"{zh}；请用 {MIN_PASSWORD_LENGTH} 个以上字符，混合字母、数字或符号，例如一句好记的话 / "
        f"{en}; use {MIN_PASSWORD_LENGTH} or more characters mixing letters with digits or "
        f"symbols, such as a phrase you remember"
    )
